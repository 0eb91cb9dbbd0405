extension StoreEvent {
    /// What an alert event does to the `alerts` table.
    public enum AlertChange: Sendable, Hashable {
        /// Inserts the alert; an id the store knows changes nothing (the event is not logged either).
        case raised(AlertRow)
        /// Sets `clearedAt` to the event's instant; a second clear keeps the first instant.
        case cleared(id: String)
        /// Records who acknowledged the alert, when, and their note (a later acknowledgement replaces it).
        case acknowledged(id: String, by: String, note: String?)

        /// The alert's id.
        public var id: String {
            switch self {
            case .raised(let row): row.id
            case .cleared(let id), .acknowledged(let id, _, _): id
            }
        }
    }

    /// An alert was raised: `alert` is recorded as it is (raised, neither cleared nor acknowledged).
    public static func alertRaised(_ alert: AlertRow, at: Int64) -> StoreEvent {
        StoreEvent(kind: .alertRaised, at: at, alertChange: .raised(alert))
    }

    /// The alert's condition cleared.
    public static func alertCleared(_ id: String, at: Int64) -> StoreEvent {
        StoreEvent(kind: .alertCleared, at: at, alertChange: .cleared(id: id))
    }

    /// A supervisor or admin acknowledged the alert; it stays raised until its condition clears.
    public static func alertAcknowledged(_ id: String, by: String, note: String? = nil, at: Int64) -> StoreEvent {
        StoreEvent(kind: .alertAcknowledged, at: at, alertChange: .acknowledged(id: id, by: by, note: note))
    }
}
