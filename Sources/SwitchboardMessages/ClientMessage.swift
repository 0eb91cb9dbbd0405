public import SwitchboardRouter

/// Agent states a client may ask for with `state` or `set_agent`.
public enum WireAgentState: String, Sendable, CaseIterable {
    case available
    case notReady = "not_ready"
}

/// Supervisor subscription topics.
public enum WireTopic: String, Sendable, CaseIterable {
    case queues, agents, alerts
}

/// An `enqueue` request's interaction, as the source describes it.
public struct EnqueueRequest: Sendable, Equatable {
    /// Client-given id: re-sending the same id is idempotent. Nil lets the server choose one.
    public var id: String?
    public var channel: Channel
    public var queue: String
    /// Required skills with minimum levels (1–10); nil means the queue's default requirements.
    public var skills: [String: Int]?
    /// 0–100, higher first; nil means the queue's default.
    public var priority: Int?
    public var customerId: String?
    public var tier: String?
    public var preferredAgent: String?
    public var attributes: [(key: String, value: JSONValue)]

    public init(
        id: String? = nil, channel: Channel, queue: String, skills: [String: Int]? = nil,
        priority: Int? = nil, customerId: String? = nil, tier: String? = nil, preferredAgent: String? = nil,
        attributes: [(key: String, value: JSONValue)] = []
    ) {
        self.id = id
        self.channel = channel
        self.queue = queue
        self.skills = skills
        self.priority = priority
        self.customerId = customerId
        self.tier = tier
        self.preferredAgent = preferredAgent
        self.attributes = attributes
    }

    public static func == (lhs: EnqueueRequest, rhs: EnqueueRequest) -> Bool {
        lhs.id == rhs.id && lhs.channel == rhs.channel && lhs.queue == rhs.queue && lhs.skills == rhs.skills
            && lhs.priority == rhs.priority && lhs.customerId == rhs.customerId && lhs.tier == rhs.tier
            && lhs.preferredAgent == rhs.preferredAgent
            && JSONValue.object(lhs.attributes) == JSONValue.object(rhs.attributes)
    }
}

/// A supervisor's live change to one agent (`set_agent`); nil fields are left as they are.
public struct AgentChange: Sendable, Equatable {
    public var agentId: String
    /// Replaces the agent's skills (name → level 1–10).
    public var skills: [String: Int]?
    /// Replaces the agent's capacity per channel (0–50).
    public var capacity: [String: Int]?
    public var state: WireAgentState?
    public var reason: String?

    public init(agentId: String, skills: [String: Int]? = nil, capacity: [String: Int]? = nil, state: WireAgentState? = nil, reason: String? = nil) {
        self.agentId = agentId
        self.skills = skills
        self.capacity = capacity
        self.state = state
        self.reason = reason
    }
}

/// Every message a client may send, after decoding and field validation.
public enum ClientMessage: Sendable, Equatable {
    // Any role, first message only.
    case hello(token: String)
    // Agents.
    case state(WireAgentState, reason: String?)
    case accept(interactionId: String, reason: String?)
    case reject(interactionId: String, reason: String?)
    case complete(interactionId: String, disposition: String?)
    case transfer(interactionId: String, queue: String)
    // Sources.
    case enqueue(EnqueueRequest)
    case cancel(interactionId: String, reason: String?)
    case position(interactionId: String)
    // Supervisors.
    case subscribe(topics: [WireTopic])
    /// The resumable event stream: every event after `since` (a sequence number; 0 for all the store
    /// keeps), replayed then live. Supervisors and admins get every event, sources their own
    /// interactions'.
    case subscribeEvents(since: Int)
    case setAgent(AgentChange)
    /// A customer's contacts, newest first: `limit` per page (nil: ``MessageLimits/customerPageDefault``),
    /// `before` the opaque `next` cursor of the previous page. Agents may send it too, but only about
    /// the customer of work offered to them or held by them.
    case customer(customerId: String, limit: Int?, before: String?)
    /// Acknowledges a raised alert; it stays raised until its condition clears.
    case ackAlert(id: String, note: String?)
    // Admins.
    case reload

    /// The `type` string of this message on the wire.
    public var type: String {
        switch self {
        case .hello: return "hello"
        case .state: return "state"
        case .accept: return "accept"
        case .reject: return "reject"
        case .complete: return "complete"
        case .transfer: return "transfer"
        case .enqueue: return "enqueue"
        case .cancel: return "cancel"
        case .position: return "position"
        case .subscribe: return "subscribe"
        case .subscribeEvents: return "subscribe"
        case .setAgent: return "set_agent"
        case .customer: return "customer"
        case .ackAlert: return "ack_alert"
        case .reload: return "reload"
        }
    }
}

/// A decoded client frame: the message and the `ref` the reply must carry.
public struct ClientEnvelope: Sendable, Equatable {
    public var ref: String?
    public var message: ClientMessage

    public init(ref: String?, message: ClientMessage) {
        self.ref = ref
        self.message = message
    }
}
