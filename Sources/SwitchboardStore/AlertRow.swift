/// One row of the `alerts` table: an alert from its raise to its clear, with its acknowledgement.
///
/// Instants are wall-clock milliseconds since the Unix epoch. The row changes only through the log's
/// `alert_raised`, `alert_cleared` and `alert_acknowledged` events, so the table equals a replay of them.
public struct AlertRow: Sendable, Hashable {
    /// Unique across raises: raising an id the store knows changes nothing.
    public var id: String
    /// What the alert is about (`repeat_contact`, `topic_surge`, …); an open set.
    public var kind: String
    /// `info`, `warning` or `critical` (``severities``).
    public var severity: String
    /// What it concerns, as the text of a JSON object (e.g. `{"topic":"billing","count":41}`).
    public var subject: String
    /// A sentence for people.
    public var message: String
    public var raisedAt: Int64
    /// `nil` while the alert is raised.
    public var clearedAt: Int64?
    public var acknowledgedAt: Int64?
    /// Who acknowledged it last (a supervisor or admin).
    public var acknowledgedBy: String?
    public var acknowledgementNote: String?

    /// The severities an alert may have, least urgent first.
    public static let severities = ["info", "warning", "critical"]

    public init(
        id: String, kind: String, severity: String, subject: String = "{}", message: String, raisedAt: Int64,
        clearedAt: Int64? = nil, acknowledgedAt: Int64? = nil, acknowledgedBy: String? = nil, acknowledgementNote: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.message = message
        self.raisedAt = raisedAt
        self.clearedAt = clearedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgementNote = acknowledgementNote
    }

    /// Not cleared yet (acknowledged or not).
    public var isRaised: Bool { clearedAt == nil }
}
