/// The rows one batch changes, kept in memory until the end of the batch so that each row is written
/// once however many of the batch's events touch it.
struct BatchStage {
    /// An interaction row as the batch left it so far.
    struct Interaction {
        var record: InteractionRow
        /// The row's queue in the file, or `nil` when the batch created the row (it is inserted, not updated).
        let storedQueue: String?
        /// The row's `seq` in the file; `nil` until a row the batch created is inserted.
        var seq: Int64?
    }

    /// Interactions the batch changed, in the order it first changed them (rows the batch creates are
    /// inserted in that order, i.e. the order of their `enqueued` events, as one batch per event would).
    private(set) var interactions: [Interaction] = []
    private var interactionIndex: [String: Int] = [:]
    /// Agents' rows as the batch left them, in first-change order.
    private(set) var agents: [AgentRow] = []
    private var agentIndex: [String: Int] = [:]

    /// Where the batch keeps the interaction `id`, if it changed it.
    func position(of id: String) -> Int? {
        interactionIndex[id]
    }

    func contains(_ id: String) -> Bool {
        interactionIndex[id] != nil
    }

    /// Applies `event` to the staged row at `position`; returns the log's duration and the row's
    /// agent and queue before the event.
    mutating func apply(_ event: StoreEvent, at position: Int) -> (duration: Int64?, agentBefore: String?, queueBefore: String) {
        let agentBefore = interactions[position].record.agentId
        let queueBefore = interactions[position].record.queue
        let duration = interactions[position].record.apply(event)
        return (duration, agentBefore, queueBefore)
    }

    /// Stages a row the batch did not change before; `storedQueue` and `seq` are its queue and `seq`
    /// in the file (both `nil`: a new row).
    mutating func add(_ record: InteractionRow, storedQueue: String?, seq: Int64?) {
        interactionIndex[record.id] = interactions.count
        interactions.append(Interaction(record: record, storedQueue: storedQueue, seq: seq))
    }

    /// Records the `seq` SQLite gave the new row at `position`.
    mutating func inserted(at position: Int, seq: Int64) {
        interactions[position].seq = seq
    }

    /// Staged interactions that `agentId` is wrapping up.
    func wrappingUp(by agentId: String) -> [InteractionRow] {
        interactions.lazy.map(\.record).filter { $0.agentId == agentId && $0.state == .wrapUp }
    }

    /// The agent's row as the batch left it, if it changed it.
    func agent(_ id: String) -> AgentRow? {
        agentIndex[id].map { agents[$0] }
    }

    mutating func stage(_ agent: AgentRow) {
        if let position = agentIndex[agent.agentId] {
            agents[position] = agent
        } else {
            agentIndex[agent.agentId] = agents.count
            agents.append(agent)
        }
    }
}
