/// Where an interaction stands, as the `interactions` table records it.
public enum InteractionState: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case offered
    case active
    case wrapUp = "wrap_up"
    case completed
    case abandoned
    case ended

    /// Completed, abandoned and ended interactions never change again.
    public var isTerminal: Bool {
        switch self {
        case .completed, .abandoned, .ended: true
        case .queued, .offered, .active, .wrapUp: false
        }
    }

    /// Queued and offered interactions are waiting for an agent; after a restart an offer is void.
    public var isWaiting: Bool { self == .queued || self == .offered }
}
