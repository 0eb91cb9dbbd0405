public import SwitchboardRouter

/// An agent known to the configuration (`agents:`).
public struct AgentDefinition: Sendable, Hashable {
    /// Stable id used in tokens, offers and stats.
    public var id: String
    /// Display name.
    public var name: String
    /// Proficiency 1–10 per skill name.
    public var skills: [String: Int]
    /// Capacity per channel; channels not listed use `channels.capacity`.
    public var capacity: [Channel: Int]
    /// Cap on concurrent interactions across all channels, or `nil` for none.
    public var totalCapacity: Int?
    /// Groups the agent belongs to, in file order without repeats; a tier names groups to dedicate them to it.
    public var groups: [String]
    /// The stage as written (`stage:`), or `nil`; excludes ``startDate``. See ``stage(on:tenure:)``.
    public var stage: AgentStage?
    /// The day the agent started (`start_date:`), from which `agents.tenure` gives the stage; excludes ``stage``.
    public var startDate: CalendarDate?

    public init(
        id: String,
        name: String,
        skills: [String: Int] = [:],
        capacity: [Channel: Int] = [:],
        totalCapacity: Int? = nil,
        groups: [String] = [],
        stage: AgentStage? = nil,
        startDate: CalendarDate? = nil
    ) {
        self.id = id
        self.name = name
        self.skills = skills
        self.capacity = capacity
        self.totalCapacity = totalCapacity
        self.groups = groups
        self.stage = stage
        self.startDate = startDate
    }

    /// The capacity on `channel` after applying the channel defaults.
    public func effectiveCapacity(for channel: Channel, rules: ChannelRules) -> Int {
        capacity[channel] ?? rules.capacity(for: channel)
    }

    /// The agent's stage on `date` (the caller's local today): ``stage`` when written, else the stage its
    /// ``startDate`` has reached by then under `tenure`, else `experienced` (an agent with neither is not new).
    public func stage(on date: CalendarDate, tenure: TenureSettings) -> AgentStage {
        if let stage { return stage }
        guard let startDate else { return .experienced }
        return tenure.stage(daysSinceStart: date.days(since: startDate))
    }
}
