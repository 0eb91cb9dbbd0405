/// An agent's last known state, kept in the `agents` table so it survives the retention of the event log.
public struct AgentRecord: Sendable, Hashable, Codable {
    public var agentId: String
    /// The last `agent_state` (`available`, `not_ready`, …), or `offline` after a logout.
    public var state: String
    public var reason: String?
    public var changedAt: Int64
    public var loggedIn: Bool

    public init(agentId: String, state: String, reason: String?, changedAt: Int64, loggedIn: Bool) {
        self.agentId = agentId
        self.state = state
        self.reason = reason
        self.changedAt = changedAt
        self.loggedIn = loggedIn
    }
}
