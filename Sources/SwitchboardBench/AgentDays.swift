import SwitchboardMessages

/// Each agent's day as a supervisor saw it in `stats` on topic `agents` (``Scenario/watchesAgents``):
/// the wellbeing guard's figures, the latest push of each agent, most strained first.
public struct AgentDays: Sendable, Equatable, Codable {
    /// One agent's latest `today` figures.
    public struct Agent: Sendable, Equatable, Codable {
        public var id: String
        /// The agent's scenario group, and the stage the group gave it.
        public var group: String
        public var stage: String?
        /// Contacts finished today, and of them demanding ones.
        public var handled: Int
        public var demandingHandled: Int
        /// Demanding contacts in a row at the last push, and the longest such run today.
        public var streak: Int
        public var longestStreak: Int
        public var demandingLastHour: Int
        /// Busy share of logged-in time today (0–1); nil before any.
        public var occupancy: Double?
        public var averageHandleMs: Int?
        /// Time not ready today by reason.
        public var notReadyMs: [String: Int]
        /// A cool-down (shielded from demanding work) was in force in at least one push.
        public var coolDownSeen: Bool

        public init(id: String, group: String, stage: String? = nil, handled: Int = 0, demandingHandled: Int = 0, streak: Int = 0,
                    longestStreak: Int = 0, demandingLastHour: Int = 0, occupancy: Double? = nil, averageHandleMs: Int? = nil,
                    notReadyMs: [String: Int] = [:], coolDownSeen: Bool = false) {
            self.id = id
            self.group = group
            self.stage = stage
            self.handled = handled
            self.demandingHandled = demandingHandled
            self.streak = streak
            self.longestStreak = longestStreak
            self.demandingLastHour = demandingLastHour
            self.occupancy = occupancy
            self.averageHandleMs = averageHandleMs
            self.notReadyMs = notReadyMs
            self.coolDownSeen = coolDownSeen
        }
    }

    /// `stats` pushes received with agents in them.
    public var statsReceived = 0
    /// Every agent of the floor the pushes had figures for, by demanding handled, then longest streak
    /// (both highest first), then id.
    public var agents: [Agent] = []

    public init() {}

    /// Agents for whom a cool-down was seen.
    public var agentsWithCoolDown: Int { agents.count(where: \.coolDownSeen) }
    /// The longest streak of demanding contacts of any agent today.
    public var maxStreak: Int { agents.map(\.longestStreak).max() ?? 0 }
    /// Mean of the agents' occupancy today (those with any); nil when none has one.
    public var meanOccupancy: Double? {
        let values = agents.compactMap(\.occupancy)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    private enum CodingKeys: String, CodingKey { case statsReceived, agents, agentsWithCoolDown, maxStreak, meanOccupancy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statsReceived = try container.decode(Int.self, forKey: .statsReceived)
        agents = try container.decode([Agent].self, forKey: .agents)
    }

    /// The totals are written too, for readers of the JSON; they are recomputed from the agents when read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(statsReceived, forKey: .statsReceived)
        try container.encode(agents, forKey: .agents)
        try container.encode(agentsWithCoolDown, forKey: .agentsWithCoolDown)
        try container.encode(maxStreak, forKey: .maxStreak)
        try container.encodeIfPresent(meanOccupancy, forKey: .meanOccupancy)
    }
}

/// What the supervisor's `stats` pushes said of the floor's agents while the run went on.
struct AgentDayTally {
    private(set) var statsReceived = 0
    private var latest: [String: WireAgentDay] = [:]
    private var coolDownSeen: Set<String> = []

    /// One `stats` push: keeps each agent's figures (agents the push leaves out keep their last ones).
    mutating func record(_ statuses: [WireAgentStatus]) {
        statsReceived += 1
        for status in statuses {
            guard let today = status.today else { continue }
            latest[status.id] = today
            if today.coolDownUntilMs != nil { coolDownSeen.insert(status.id) }
        }
    }

    /// The report over the floor's `agents` (agents of the server that are not the floor's are left out).
    func report(agents: [AgentSpec]) -> AgentDays {
        var days = AgentDays()
        days.statsReceived = statsReceived
        days.agents = agents.compactMap { spec in
            guard let today = latest[spec.id] else { return nil }
            var notReady: [String: Int] = [:]
            for entry in today.notReadyMs { notReady[entry.reason, default: 0] += entry.ms }
            return AgentDays.Agent(
                id: spec.id, group: spec.group, stage: spec.stage, handled: today.handled, demandingHandled: today.demandingHandled,
                streak: today.streak, longestStreak: today.longestStreak, demandingLastHour: today.demandingLastHour,
                occupancy: today.occupancy, averageHandleMs: today.averageHandleMs, notReadyMs: notReady,
                coolDownSeen: coolDownSeen.contains(spec.id))
        }.sorted { ($0.demandingHandled, $0.longestStreak, $1.id) > ($1.demandingHandled, $1.longestStreak, $0.id) }
        return days
    }
}
