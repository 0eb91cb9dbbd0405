/// The role a token grants, named in `welcome`.
public enum WireRole: String, Sendable, CaseIterable {
    case agent, source, supervisor, admin
}

/// Lifecycle events a source receives for the interactions it created.
public enum WireInteractionEvent: String, Sendable, CaseIterable {
    case queued, offered, assigned, completed, abandoned, overflowed, transferred, ended
    case agentLost = "agent_lost"
}

/// An interaction as shown to an agent in an `offer` (and in `welcome` when work is resumed).
public struct WireInteraction: Sendable, Equatable {
    public var id: String
    public var channel: String
    public var queue: String
    public var priority: Int
    public var customerId: String?
    public var tier: String?
    public var attributes: [(key: String, value: JSONValue)]
    public var waitedMs: Int
    /// What the server remembers of the customer; nil (and no `customer` member) without a
    /// `customerId` or with customer memory off.
    public var customer: WireCustomer?

    public init(
        id: String, channel: String, queue: String, priority: Int, customerId: String? = nil, tier: String? = nil,
        attributes: [(key: String, value: JSONValue)] = [], waitedMs: Int, customer: WireCustomer? = nil
    ) {
        self.id = id
        self.channel = channel
        self.queue = queue
        self.priority = priority
        self.customerId = customerId
        self.tier = tier
        self.attributes = attributes
        self.waitedMs = waitedMs
        self.customer = customer
    }

    public static func == (lhs: WireInteraction, rhs: WireInteraction) -> Bool {
        lhs.id == rhs.id && lhs.channel == rhs.channel && lhs.queue == rhs.queue && lhs.priority == rhs.priority
            && lhs.customerId == rhs.customerId && lhs.tier == rhs.tier && lhs.waitedMs == rhs.waitedMs
            && lhs.customer == rhs.customer
            && JSONValue.object(lhs.attributes) == JSONValue.object(rhs.attributes)
    }
}

/// One queue's line in a supervisor `stats` push.
public struct WireQueueStats: Sendable, Equatable {
    public var name: String
    public var waiting: Int
    public var longestWaitMs: Int
    public var available: Int
    public var busy: Int
    public var offered: Int
    public var answered: Int
    public var abandoned: Int
    /// Share answered within the queue's threshold, 0–1; nil before anything was answered.
    public var serviceLevel: Double?
    public var asaMs: Int

    public init(name: String, waiting: Int, longestWaitMs: Int, available: Int, busy: Int, offered: Int, answered: Int, abandoned: Int, serviceLevel: Double?, asaMs: Int) {
        self.name = name
        self.waiting = waiting
        self.longestWaitMs = longestWaitMs
        self.available = available
        self.busy = busy
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
        self.serviceLevel = serviceLevel
        self.asaMs = asaMs
    }
}

/// One agent's line in a supervisor `stats` push (and the body of `agent_state`).
public struct WireAgentStatus: Sendable, Equatable {
    public var id: String
    /// offline, available, not_ready, reserved, busy or wrap_up.
    public var state: String
    public var reason: String?
    /// Interactions held per channel (reserved, active or in wrap-up).
    public var load: [String: Int]
    /// The agent's day so far (supervisors' `stats` only; nil in `agent_state`).
    public var today: WireAgentDay?

    public init(id: String, state: String, reason: String? = nil, load: [String: Int] = [:], today: WireAgentDay? = nil) {
        self.id = id
        self.state = state
        self.reason = reason
        self.load = load
        self.today = today
    }
}

/// Every message the server sends.
public enum ServerMessage: Sendable, Equatable {
    case welcome(role: WireRole, agentId: String?, serverTimeMs: Int, resumed: [WireInteraction])
    /// `fields` are extra members of the reply (`interactionId`, `position`, `estimatedWaitMs`…).
    case ok(ref: String?, fields: [(key: String, value: JSONValue)])
    case error(ProtocolError)
    case agentState(WireAgentStatus)
    case offer(WireInteraction, expiresInMs: Int)
    case revoked(interactionId: String, reason: String)
    case interaction(interactionId: String, event: WireInteractionEvent, agentId: String?, queue: String?, reason: String?, atMs: Int)
    case stats(queues: [WireQueueStats]?, agents: [WireAgentStatus]?)
    /// A raise, acknowledgement or clear, pushed to subscribers of the `alerts` topic.
    case alert(WireAlert)
    /// One event of the resumable event stream (`subscribe` with `since`).
    case event(WireEvent)
    /// The connection's event stream stopped (the connection then closes): why, the last `seq` sent,
    /// and a line saying how to resume.
    case eventsStopped(reason: WireStreamStop, lastSeq: Int, message: String)

    public static func == (lhs: ServerMessage, rhs: ServerMessage) -> Bool {
        MessageEncoder.encode(lhs) == MessageEncoder.encode(rhs)
    }
}
