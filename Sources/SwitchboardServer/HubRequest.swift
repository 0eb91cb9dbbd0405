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
    /// The history of the customer of an interaction the agent is offered or holds.
    case customer(CustomerQuery)
}

/// What a source asks (`docs/PROTOCOL.md`, "Sources").
public enum SourceRequest: Sendable, Equatable {
    case enqueue(EnqueueRequest)
    case cancel(interactionId: String, reason: String?)
    case position(interactionId: String)
    /// The event stream of the source's own interactions, after `since`.
    case subscribeEvents(since: Int)
}

/// What a supervisor (or an admin) asks of the routing owner (`docs/PROTOCOL.md`, "Supervisors").
public enum SupervisorRequest: Sendable, Equatable {
    case subscribe(topics: [WireTopic])
    case setAgent(AgentChange)
    case customer(CustomerQuery)
    case ackAlert(id: String, note: String?)
    /// The event stream of every interaction and agent event, after `since`.
    case subscribeEvents(since: Int)
}

/// One page of a customer's history (`customer`): newest first, `limit` contacts, before the
/// cursor a previous page ended with.
public struct CustomerQuery: Sendable, Equatable {
    public var customerId: String
    public var limit: Int
    /// The previous page's `next`, as the client sent it back.
    public var before: String?

    /// Contacts per page when the request names no `limit`.
    public static let defaultLimit = MessageLimits.customerPageDefault

    public init(customerId: String, limit: Int? = nil, before: String? = nil) {
        self.customerId = customerId
        self.limit = limit ?? Self.defaultLimit
        self.before = before
    }
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
        case (.agent, .customer(let customer, let limit, let before)):
            .agent(.customer(CustomerQuery(customerId: customer, limit: limit, before: before)))
        case (.source, .enqueue(let request)): .source(.enqueue(request))
        case (.source, .cancel(let id, let reason)): .source(.cancel(interactionId: id, reason: reason))
        case (.source, .position(let id)): .source(.position(interactionId: id))
        case (.source, .subscribeEvents(let since)): .source(.subscribeEvents(since: since))
        case (.supervisor, .subscribeEvents(let since)), (.admin, .subscribeEvents(let since)): .supervisor(.subscribeEvents(since: since))
        case (.supervisor, .subscribe(let topics)), (.admin, .subscribe(let topics)): .supervisor(.subscribe(topics: topics))
        case (.supervisor, .setAgent(let change)), (.admin, .setAgent(let change)): .supervisor(.setAgent(change))
        case (.supervisor, .customer(let customer, let limit, let before)), (.admin, .customer(let customer, let limit, let before)):
            .supervisor(.customer(CustomerQuery(customerId: customer, limit: limit, before: before)))
        case (.supervisor, .ackAlert(let id, let note)), (.admin, .ackAlert(let id, let note)): .supervisor(.ackAlert(id: id, note: note))
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
