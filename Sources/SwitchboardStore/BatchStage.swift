/// The rows one batch changes, kept in memory until the end of the batch so that each row is written
/// once however many of the batch's events touch it.
struct BatchStage {
    /// An interaction row as the batch left it so far.
    struct Interaction {
        var record: InteractionRecord
        /// The row as the file holds it, or `nil` when the batch created it.
        let stored: InteractionRecord?
    }

    /// Interactions the batch changed, by id, and their ids in the order the batch first changed them
    /// (rows the batch creates are inserted in that order, i.e. the order of their `enqueued` events).
    private(set) var interactions: [String: Interaction] = [:]
    private(set) var interactionOrder: [String] = []
    /// Agents' rows as the batch left them, and their ids in first-change order.
    private(set) var agents: [String: AgentRecord] = [:]
    private(set) var agentOrder: [String] = []

    func interaction(_ id: String) -> InteractionRecord? {
        interactions[id]?.record
    }

    /// Records the new state of an interaction row; `stored` is the row as the file holds it (`nil` if new).
    mutating func stage(_ record: InteractionRecord, stored: InteractionRecord?) {
        if interactions[record.id] != nil {
            interactions[record.id]?.record = record
        } else {
            interactions[record.id] = Interaction(record: record, stored: stored)
            interactionOrder.append(record.id)
        }
    }

    /// Interactions the batch changed that `agentId` is wrapping up.
    func wrappingUp(by agentId: String) -> [InteractionRecord] {
        interactions.values.map(\.record).filter { $0.agentId == agentId && $0.state == .wrapUp }
    }

    mutating func stage(_ agent: AgentRecord) {
        if agents.updateValue(agent, forKey: agent.agentId) == nil {
            agentOrder.append(agent.agentId)
        }
    }
}
