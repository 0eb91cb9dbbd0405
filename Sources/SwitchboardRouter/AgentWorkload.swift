/// An agent's chosen state and how much work it holds: what its line (busy, reserved, wrap-up, …)
/// follows from, read without building an ``AgentSnapshot``.
public struct AgentWorkload: Sendable, Hashable {
    public var state: AgentState
    /// Offers waiting for the agent's answer.
    public var offers: Int
    /// Interactions the agent is handling.
    public var active: Int
    /// Interactions the agent is wrapping up.
    public var wrappingUp: Int
}
