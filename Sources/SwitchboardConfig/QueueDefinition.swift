public import SwitchboardRouter

/// A queue and every routing option it carries (`queues:`).
public struct QueueDefinition: Sendable, Hashable {
    /// Unique name, used by sources when enqueueing and by overflow targets.
    public var name: String
    /// Free text for operators.
    public var description: String?
    /// Channels this queue accepts (at least one).
    public var channels: [Channel]
    /// Default minimum level per skill for interactions enqueued here.
    public var requirements: [String: Int]
    /// Priority 0–100 given to interactions enqueued without one (higher is served first).
    public var defaultPriority: Int
    /// Picks among several eligible agents.
    public var strategy: RoutingStrategy
    /// Priority points an interaction gains per second waited, so old low-priority work cannot starve.
    public var agingPointsPerSecond: Double
    /// Requirement widenings applied as the wait grows, in ascending order of `after`.
    public var relaxation: [RelaxationStep]
    /// What happens when an interaction has waited too long, or `nil` to wait indefinitely.
    public var maxWait: MaxWaitPolicy?
    /// Waiting interactions allowed at once; enqueue is refused beyond it. ``defaultMaxSize`` when the
    /// file omits it; `nil` (code only) for unbounded, still under `routing.max_waiting`.
    public var maxSize: Int?
    /// After-contact work time before the agent is available again.
    public var wrapUpSeconds: Double
    /// Seconds an agent has to accept an offer before it is revoked (and the agent set not-ready).
    public var offerTimeoutSeconds: Double
    /// Answer-time threshold counted as "within service level" (e.g. 20 for 80/20).
    public var serviceLevelSeconds: Double
    /// Agents offered one interaction at once (ring-all k); the first accept wins.
    public var parallelOffers: Int
    /// Overrides `routing.preferred_agent_fallback_seconds` for this queue.
    public var preferredAgentFallbackSeconds: Double?
    /// Keys of `customers.repeat` this queue sets otherwise (`repeat`); see ``repeatPolicy(base:)``.
    public var repeatOverride: RepeatPolicyOverride?
    /// Every interaction of this queue is a complaint, whatever its attributes.
    public var complaint: Bool
    /// Overrides `alerts.complaints.deadline_seconds` for complaints waiting here.
    public var complaintDeadlineSeconds: Double?
    /// Share of contacts answered within ``serviceLevelSeconds`` aimed for (0.8 for 80/20); below it
    /// the service-level alert is raised.
    public var serviceLevelTarget: Double
    /// Agents below this stage never get this queue's work (a hard requirement, like a skill); `nil` for none.
    public var minimumStage: AgentStage?
    /// At most this many concurrent chats from demanding queues for a `new` agent; `nil` for no cap beyond capacity.
    public var newAgentDemandingChats: Int?
    /// Keys of `wellbeing:` this queue sets otherwise (`wellbeing`); see ``wellbeing(base:)``.
    public var wellbeingOverride: WellbeingOverride?

    public init(
        name: String,
        description: String? = nil,
        channels: [Channel],
        requirements: [String: Int] = [:],
        defaultPriority: Int = 0,
        strategy: RoutingStrategy = .longestIdle,
        agingPointsPerSecond: Double = 1,
        relaxation: [RelaxationStep] = [],
        maxWait: MaxWaitPolicy? = nil,
        maxSize: Int? = QueueDefinition.defaultMaxSize,
        wrapUpSeconds: Double = 0,
        offerTimeoutSeconds: Double = 20,
        serviceLevelSeconds: Double = 20,
        parallelOffers: Int = 1,
        preferredAgentFallbackSeconds: Double? = nil,
        repeatOverride: RepeatPolicyOverride? = nil,
        complaint: Bool = false,
        complaintDeadlineSeconds: Double? = nil,
        serviceLevelTarget: Double = QueueDefinition.defaultServiceLevelTarget,
        minimumStage: AgentStage? = nil,
        newAgentDemandingChats: Int? = nil,
        wellbeingOverride: WellbeingOverride? = nil
    ) {
        self.name = name
        self.description = description
        self.channels = channels
        self.requirements = requirements
        self.defaultPriority = defaultPriority
        self.strategy = strategy
        self.agingPointsPerSecond = agingPointsPerSecond
        self.relaxation = relaxation
        self.maxWait = maxWait
        self.maxSize = maxSize
        self.wrapUpSeconds = wrapUpSeconds
        self.offerTimeoutSeconds = offerTimeoutSeconds
        self.serviceLevelSeconds = serviceLevelSeconds
        self.parallelOffers = parallelOffers
        self.preferredAgentFallbackSeconds = preferredAgentFallbackSeconds
        self.repeatOverride = repeatOverride
        self.complaint = complaint
        self.complaintDeadlineSeconds = complaintDeadlineSeconds
        self.serviceLevelTarget = serviceLevelTarget
        self.minimumStage = minimumStage
        self.newAgentDemandingChats = newAgentDemandingChats
        self.wellbeingOverride = wellbeingOverride
    }

    /// The repeat policy of this queue: `base` (`customers.repeat`) with this queue's `repeat` keys applied.
    public func repeatPolicy(base: RepeatPolicy) -> RepeatPolicy {
        repeatOverride?.applied(to: base) ?? base
    }

    /// The wellbeing settings of this queue: `base` (`wellbeing:`) with this queue's `wellbeing` keys applied.
    public func wellbeing(base: WellbeingSettings) -> WellbeingSettings {
        wellbeingOverride?.applied(to: base) ?? base
    }

    /// `max_size` of a queue that does not set one.
    public static let defaultMaxSize = 10_000

    public static let priorityRange: ClosedRange<Int> = 0...100
    /// Offer timeouts above 15 minutes are treated as mistakes (the longest the field allows).
    public static let offerTimeoutRange: ClosedRange<Double> = 1...900
    public static let parallelOffersRange: ClosedRange<Int> = 1...50
    /// `service_level_target` of a queue that does not set one (80/20 with the default 20 seconds).
    public static let defaultServiceLevelTarget = 0.8
    public static let serviceLevelTargetRange: ClosedRange<Double> = 0...1
    /// Like a channel's capacity.
    public static let newAgentDemandingChatsRange: ClosedRange<Int> = ChannelRules.capacityRange
}

/// What to do with an interaction that waited `seconds` (`max_wait:`).
public struct MaxWaitPolicy: Sendable, Hashable {
    public var seconds: Double
    /// Overflow to another queue (keeping the customer's total wait), or end with a reason.
    public var action: MaxWaitAction

    public init(seconds: Double, action: MaxWaitAction) {
        self.seconds = seconds
        self.action = action
    }
}
