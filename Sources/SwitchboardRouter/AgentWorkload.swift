/// An agent's chosen state and how much work it holds: what its line (busy, reserved, wrap-up, …)
/// and its `agent_state` follow from, read without building an ``AgentSnapshot`` (no allocation).
public struct AgentWorkload: Sendable, Hashable {
    public var state: AgentState
    /// Offers waiting for the agent's answer.
    public var offers: Int
    /// Interactions the agent is handling.
    public var active: Int
    /// Interactions the agent is wrapping up.
    public var wrappingUp: Int
    /// Whether the agent is in the configured roster (false once a reload removed it).
    public var inRoster: Bool
    /// Work held per channel, by ``Channel/index`` (shared with the router: no copy).
    let loadByChannel: [Int32]

    init(state: AgentState, offers: Int, active: Int, wrappingUp: Int, inRoster: Bool, loadByChannel: [Int32]) {
        self.state = state
        self.offers = offers
        self.active = active
        self.wrappingUp = wrappingUp
        self.inRoster = inRoster
        self.loadByChannel = loadByChannel
    }

    /// A workload as given (for callers that describe agents the router does not hold, such as tests).
    public init(state: AgentState, offers: Int = 0, active: Int = 0, wrappingUp: Int = 0, inRoster: Bool = true, load: [Channel: Int] = [:]) {
        self.init(state: state, offers: offers, active: active, wrappingUp: wrappingUp, inRoster: inRoster,
                  loadByChannel: Channel.allCases.map { Int32(load[$0] ?? 0) })
    }

    /// Work items held on `channel` (offers count as held).
    public func load(on channel: Channel) -> Int {
        Int(loadByChannel[channel.index])
    }
}
