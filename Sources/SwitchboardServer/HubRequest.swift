public import SwitchboardConfig
public import SwitchboardMessages

/// A request a connection's gate let through, typed by the one role that may send it: the routing
/// owner never checks a permission again, it only pairs the request with the connection's principal.
public enum HubRequest: Sendable, Equatable {
    case agent(AgentRequest)
    case source(SourceRequest)
    case supervisor(SupervisorRequest)
}

/// What an agent asks (`docs/PROTOCOL.md`, "Agents").
public enum AgentRequest: Sendable, Equatable {
    case state(WireAgentState, reason: String?)
    case accept(interactionId: String)
    case reject(interactionId: String)
    case complete(interactionId: String, disposition: String?)
    case transfer(interactionId: String, queue: String)
}

/// What a source asks (`docs/PROTOCOL.md`, "Sources").
public enum SourceRequest: Sendable, Equatable {
    case enqueue(EnqueueRequest)
    case cancel(interactionId: String, reason: String?)
    case position(interactionId: String)
}

/// What a supervisor (or an admin) asks of the routing owner (`docs/PROTOCOL.md`, "Supervisors").
public enum SupervisorRequest: Sendable, Equatable {
    case subscribe(topics: [WireTopic])
    case setAgent(AgentChange)
}

extension Role {
    /// The request `message` is for the routing owner when this role sends it; nil when the role may
    /// not send it (`docs/PROTOCOL.md`, "Roles") or it is not the routing owner's (`hello`, `reload`).
    public func request(_ message: ClientMessage) -> HubRequest? {
        switch (self, message) {
        case (.agent, .state(let state, let reason)): .agent(.state(state, reason: reason))
        case (.agent, .accept(let id, _)): .agent(.accept(interactionId: id))
        case (.agent, .reject(let id, _)): .agent(.reject(interactionId: id))
        case (.agent, .complete(let id, let disposition)): .agent(.complete(interactionId: id, disposition: disposition))
        case (.agent, .transfer(let id, let queue)): .agent(.transfer(interactionId: id, queue: queue))
        case (.source, .enqueue(let request)): .source(.enqueue(request))
        case (.source, .cancel(let id, let reason)): .source(.cancel(interactionId: id, reason: reason))
        case (.source, .position(let id)): .source(.position(interactionId: id))
        case (.supervisor, .subscribe(let topics)), (.admin, .subscribe(let topics)): .supervisor(.subscribe(topics: topics))
        case (.supervisor, .setAgent(let change)), (.admin, .setAgent(let change)): .supervisor(.setAgent(change))
        default: nil
        }
    }

    /// Whether a connection of this role may send `message` (`docs/PROTOCOL.md`, "Roles").
    public func permits(_ message: ClientMessage) -> Bool {
        switch message {
        case .hello: true
        case .reload: self == .admin
        default: request(message) != nil
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
