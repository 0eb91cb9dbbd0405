public import SwitchboardStore

/// Which events of the log one consumer of the event stream may see.
public enum EventScope: Sendable, Hashable {
    /// Every interaction and agent event (supervisors and admins).
    case all
    /// The events of the interactions this source enqueued (a source sees no agent events).
    case source(String)

    /// Whether the consumer sees `event`. Alert events are never part of the stream: subscribers of
    /// the `alerts` topic get them, with their whole alert.
    public func includes(_ event: LoggedEvent) -> Bool {
        guard !event.kind.isAlertEvent else { return false }
        switch self {
        case .all: return true
        case .source(let name): return event.source == name
        }
    }
}
