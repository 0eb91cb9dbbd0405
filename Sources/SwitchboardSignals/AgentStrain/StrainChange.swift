public import SwitchboardRouter

/// What `AgentStrain` asks its owner to carry out, in the order decided.
public enum StrainChange: Sendable, Hashable {
    /// Shield the agent from demanding work until `until` (a cool-down already running is extended).
    case coolDownStarted(AgentID, until: Int64)
    /// Stop shielding the agent.
    case coolDownEnded(AgentID)
    /// Offer the agent a not-ready recovery pause until `until` (it may end the pause earlier). Follows
    /// the streak's `coolDownStarted`, and only when `recoveryPauseMs` is set.
    case recoveryPause(AgentID, until: Int64)
    /// The agent's reasons for strain changed: raised (with all its reasons now) when it has any,
    /// cleared (no reasons) when it has none left. A raised agent whose reasons change is raised again
    /// with the new list: an update of the same alert, not a new one.
    case strain(AgentID, raised: Bool, reasons: [StrainReason], figures: StrainFigures)

    /// The agent the change is about.
    public var agent: AgentID {
        switch self {
        case .coolDownStarted(let agent, _), .coolDownEnded(let agent), .recoveryPause(let agent, _), .strain(let agent, _, _, _): agent
        }
    }
}
