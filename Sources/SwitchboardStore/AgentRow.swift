/// An agent's chosen state and login, kept in the `agents` table so that a restart finds them (and
/// they survive the retention of the event log). The working line (busy, wrap-up) is in the log.
public struct AgentRow: Sendable, Hashable, Codable {
    public var agentId: String
    /// The state the agent chose: `available`, `not_ready` (with `reason`), or `offline` after a logout.
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

extension AgentRow {
    /// The chosen state behind an agent's line: a reason (or `not_ready` itself) means not ready
    /// (also while busy); `offline` stays; any other line (available, busy, wrap-up) means available.
    static func chosenState(line: String, reason: String?) -> String {
        if line == "offline" { return "offline" }
        if reason != nil || line == "not_ready" { return "not_ready" }
        return "available"
    }
}
