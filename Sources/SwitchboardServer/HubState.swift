import DequeModule
import OrderedCollections
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals
import SwitchboardStore

/// Who is connected, as the routing owner sees it.
struct ConnectionRegistry {
    /// Every attached connection's principal.
    var principals: [ConnectionID: Principal] = [:]
    /// Connections replaced by a newer login of the same agent, until they close: what they still
    /// send is refused (they speak for nobody).
    var replaced: Set<ConnectionID> = []
    /// Each logged-in agent's one connection.
    var agents: [AgentID: ConnectionID] = [:]
    /// Each source's open connections, in the order they attached; a source hears its interactions' events on all.
    var sources: [String: [ConnectionID]] = [:]
    /// Supervisor (and admin) subscriptions, in the order they were made (so pushes go out in a fixed order).
    var subscribers: OrderedDictionary<ConnectionID, [WireTopic]> = [:]
    /// Open connections per supervisor or admin principal, for `max_connections_per_supervisor`.
    var supervisors: [Principal: Int] = [:]
}

/// Who created an interaction, and what the routing core does not keep.
struct InteractionOwner {
    var source: String
    var attributes: [(key: String, value: JSONValue)]
    var customerId: String?
    /// What offers show about the customer (nil without a customer or customer memory).
    var customer: CustomerContext?
    /// The queue it is in now (followed through overflows and transfers), for service levels.
    var queue: QueueID
    /// Wall-clock arrival, for how long a complaint waited.
    var enqueuedAtMs: Int64
    /// Demanding work (`wellbeing.demanding`), as routed.
    var demanding = false
    /// The reason the source gave when cancelling, reported with the terminal event.
    var pendingReason: String?
    /// The disposition the agent gave when completing, recorded with `completed`.
    var disposition: String?
}

/// How a remembered interaction ended, for idempotent re-enqueue.
struct FinishedInteraction {
    var source: String
    var event: WireInteractionEvent
    /// Why it ended, when known (a source's cancel reason, a queue's end reason).
    var reason: String? = nil
}

/// The interactions the server knows beyond the routing core: their owners while they are routed,
/// and how the most recent ones ended.
struct InteractionLedger {
    var owners: [InteractionID: InteractionOwner] = [:]
    private(set) var finished: [InteractionID: FinishedInteraction] = [:]
    /// `finished`'s keys, oldest first, so the oldest outcome is forgotten first.
    private var finishedOrder = Deque<InteractionID>()
    let finishedLimit: Int
    /// Interactions being re-queued because their agent did not come back.
    var lostFrom: [InteractionID: AgentID] = [:]
    /// Server-chosen ids are `<prefix><n>`.
    var nextGeneratedID: UInt64 = 0

    init(finishedLimit: Int) {
        self.finishedLimit = finishedLimit
    }

    /// Remembers how an interaction ended, forgetting the oldest outcome past the limit.
    mutating func remember(_ id: InteractionID, _ outcome: FinishedInteraction) {
        if finished.updateValue(outcome, forKey: id) == nil { finishedOrder.append(id) }
        while finished.count > finishedLimit, let oldest = finishedOrder.popFirst() {
            finished[oldest] = nil
        }
    }
}

/// What the server tracks of agents beyond the routing core: offer deadlines (for re-sent offers),
/// the last `agent_state` pushed, the reconnect grace.
struct AgentPresence {
    var offerExpiry: [InteractionID: [AgentID: Instant]] = [:]
    var pushedStatus: [AgentID: WireAgentStatus] = [:]
    /// Agents whose `agent_state` may have changed in this step, in the order they changed (so the
    /// pushes go out in a fixed order: the core is deterministic).
    var dirty: OrderedSet<AgentID> = []
    /// Agents disconnected while holding work, and when their reconnect grace runs out.
    var graceUntil: OrderedDictionary<AgentID, Instant> = [:]
    /// The chosen state at disconnect, restored when the agent is back within the reconnect grace.
    var stateBeforeDisconnect: [AgentID: (state: AgentState, at: Instant)] = [:]
}

/// Store events not yet handed to the store, and what was last logged of each agent's line.
struct Journal {
    /// False when the server runs without a store: nothing is buffered.
    let enabled: Bool
    var buffer: [StoreEvent] = []
    /// Each agent's line (busy, wrap-up, available, not ready with its reason) as last logged, the
    /// timeline occupancy and not-ready reports are computed from.
    var lines: [AgentID: (state: String, reason: String?)] = [:]
    /// Scratch list of `HubCore.journalEffects(_:)`, reused across requests.
    var touched: [AgentID] = []

    init(enabled: Bool) {
        self.enabled = enabled
    }

    mutating func append(_ event: StoreEvent) {
        if enabled { buffer.append(event) }
    }

    /// Hands the buffer over (no copy of the events) and starts a small new one: `removeAll
    /// (keepingCapacity:)` would allocate a copy of the shared buffer's whole capacity.
    mutating func take() -> [StoreEvent] {
        var taken: [StoreEvent] = []
        swap(&taken, &buffer)
        buffer.reserveCapacity(8)
        return taken
    }
}

/// Counters of what the hub did, for tests and logs.
public struct HubCounters: Sendable, Hashable {
    public var requests = 0
    public var offers = 0
    public var terminalEvents = 0
    public var agentsLost = 0
    public var statsPushes = 0
    public var reloadsApplied = 0
    public var reloadsRefused = 0
    public var alertsRaised = 0
    public var alertsCleared = 0
}
