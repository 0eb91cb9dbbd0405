/// Everything that defines one queue's routing behaviour.
public struct QueueConfiguration: Hashable, Sendable {
    public var id: QueueID
    /// Channels the queue accepts; an interaction on another channel is refused.
    public var channels: Set<Channel>
    /// Default requirements, skill name → minimum proficiency (1–10).
    public var requirements: [String: Int]
    public var strategy: RoutingStrategy
    /// Priority points gained per second waited (0–100), so old low-priority work is not starved.
    public var agingPointsPerSecond: Double
    /// Requirement widening steps, in increasing `after` order.
    public var relaxation: [RelaxationStep]
    /// Longest time an interaction may wait in this queue before `onMaxWait` applies.
    public var maxWait: Duration?
    public var onMaxWait: MaxWaitAction
    /// Most interactions that may wait at once; further enqueues are refused.
    public var maxSize: Int?
    /// After-contact work time before the agent takes new work on that slot.
    public var wrapUp: Duration
    /// How long an agent has to accept an offer.
    public var offerTimeout: Duration
    /// Answers within this wait count toward the service level.
    public var serviceLevelThreshold: Duration
    /// Number of agents offered the same interaction at once ("ring-all" when above 1).
    public var parallelOffers: Int
    /// How long an agent that rejected (or missed) an interaction is skipped for it.
    public var rejectionSkip: Duration
    /// The lowest ``AgentStage`` that may take this queue's work, a hard requirement like a skill
    /// (relaxation never lowers it); nil admits every stage.
    public var minimumStage: AgentStage?
    /// At most this many concurrent demanding chats for a `new` agent: a new agent holding that many
    /// (offered, active or in wrap-up) is not offered this queue's demanding chats; nil caps nothing.
    public var newAgentDemandingChats: Int?

    public init(
        id: QueueID,
        channels: Set<Channel> = [.voice],
        requirements: [String: Int] = [:],
        strategy: RoutingStrategy = .longestIdle,
        agingPointsPerSecond: Double = 0,
        relaxation: [RelaxationStep] = [],
        maxWait: Duration? = nil,
        onMaxWait: MaxWaitAction = .end(reason: "max_wait"),
        maxSize: Int? = nil,
        wrapUp: Duration = .zero,
        offerTimeout: Duration = .seconds(20),
        serviceLevelThreshold: Duration = .seconds(20),
        parallelOffers: Int = 1,
        rejectionSkip: Duration = .seconds(60),
        minimumStage: AgentStage? = nil,
        newAgentDemandingChats: Int? = nil
    ) {
        self.id = id
        self.channels = channels
        self.requirements = requirements
        self.strategy = strategy
        self.agingPointsPerSecond = agingPointsPerSecond
        self.relaxation = relaxation
        self.maxWait = maxWait
        self.onMaxWait = onMaxWait
        self.maxSize = maxSize
        self.wrapUp = wrapUp
        self.offerTimeout = offerTimeout
        self.serviceLevelThreshold = serviceLevelThreshold
        self.parallelOffers = parallelOffers
        self.rejectionSkip = rejectionSkip
        self.minimumStage = minimumStage
        self.newAgentDemandingChats = newAgentDemandingChats
    }
}
