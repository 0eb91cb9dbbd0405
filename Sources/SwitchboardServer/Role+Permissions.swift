import SwitchboardConfig
import SwitchboardMessages

extension Role {
    /// Whether a connection of this role may send `message` (`docs/PROTOCOL.md`, "Roles").
    public func permits(_ message: ClientMessage) -> Bool {
        switch message {
        case .hello: true
        case .state, .accept, .reject, .complete, .transfer: self == .agent
        case .enqueue, .cancel, .position: self == .source
        case .subscribe, .setAgent: self == .supervisor || self == .admin
        case .reload: self == .admin
        }
    }

    /// The role as named on the wire.
    public var wireRole: WireRole {
        switch self {
        case .agent: .agent
        case .source: .source
        case .supervisor: .supervisor
        case .admin: .admin
        }
    }
}
