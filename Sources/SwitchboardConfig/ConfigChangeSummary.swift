/// What a reload changes, for the reload log line and the admin's reply.
public struct ConfigChangeSummary: Sendable, Hashable, CustomStringConvertible {
    public var queuesAdded: [String] = []
    public var queuesRemoved: [String] = []
    /// Changed queues by name, with the configuration keys that differ (e.g. `strategy`, `relaxation`).
    public var queuesChanged: [String: [String]] = [:]
    public var agentsAdded: [String] = []
    public var agentsRemoved: [String] = []
    /// Changed agents by id, with the keys that differ (e.g. `skills`, `capacity`).
    public var agentsChanged: [String: [String]] = [:]
    public var skillsAdded: [String] = []
    public var skillsRemoved: [String] = []
    /// Credentials added plus credentials removed (a rotated token counts twice).
    public var tokensChanged: Int = 0
    /// Other sections that differ (`server`, `store`, `reload`, `routing`, `channels`); `server` and
    /// `store` changes take effect only after a restart.
    public var sectionsChanged: [String] = []

    public init() {}

    /// Compares two configurations.
    public init(from old: SwitchboardConfiguration, to new: SwitchboardConfiguration) {
        let oldQueues = Dictionary(old.queues.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newQueues = Dictionary(new.queues.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        queuesAdded = newQueues.keys.filter { oldQueues[$0] == nil }.sorted()
        queuesRemoved = oldQueues.keys.filter { newQueues[$0] == nil }.sorted()
        for (name, newQueue) in newQueues {
            guard let oldQueue = oldQueues[name] else { continue }
            let fields = Self.changedFields(oldQueue, newQueue)
            if !fields.isEmpty { queuesChanged[name] = fields }
        }

        let oldAgents = Dictionary(old.agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newAgents = Dictionary(new.agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        agentsAdded = newAgents.keys.filter { oldAgents[$0] == nil }.sorted()
        agentsRemoved = oldAgents.keys.filter { newAgents[$0] == nil }.sorted()
        for (id, newAgent) in newAgents {
            guard let oldAgent = oldAgents[id] else { continue }
            var fields: [String] = []
            if oldAgent.name != newAgent.name { fields.append("name") }
            if oldAgent.skills != newAgent.skills { fields.append("skills") }
            if oldAgent.capacity != newAgent.capacity { fields.append("capacity") }
            if oldAgent.totalCapacity != newAgent.totalCapacity { fields.append("total_capacity") }
            if !fields.isEmpty { agentsChanged[id] = fields }
        }

        let oldSkills = Set(old.skills.map(\.name)), newSkills = Set(new.skills.map(\.name))
        skillsAdded = newSkills.subtracting(oldSkills).sorted()
        skillsRemoved = oldSkills.subtracting(newSkills).sorted()

        let oldTokens = Set(old.credentials.entries), newTokens = Set(new.credentials.entries)
        tokensChanged = newTokens.symmetricDifference(oldTokens).count

        if old.server != new.server { sectionsChanged.append("server") }
        if old.store != new.store { sectionsChanged.append("store") }
        if old.reload != new.reload { sectionsChanged.append("reload") }
        if old.routing != new.routing { sectionsChanged.append("routing") }
        if old.channels != new.channels { sectionsChanged.append("channels") }
        if old.agentSettings != new.agentSettings { sectionsChanged.append("agents") }
        if old.skills != new.skills, skillsAdded.isEmpty, skillsRemoved.isEmpty { sectionsChanged.append("skills") }
    }

    /// Nothing differs.
    public var isEmpty: Bool {
        self == ConfigChangeSummary()
    }

    /// One line, e.g. `queues +vip -old ~support(strategy, relaxation); agents +carol; 2 token changes`.
    public var description: String {
        var parts: [String] = []
        func list(_ label: String, _ added: [String], _ removed: [String], _ changed: [String: [String]]) {
            let items = added.map { "+\($0)" } + removed.map { "-\($0)" }
                + changed.keys.sorted().map { "~\($0)(\(changed[$0, default: []].joined(separator: ", ")))" }
            if !items.isEmpty { parts.append("\(label) \(items.joined(separator: " "))") }
        }
        list("queues", queuesAdded, queuesRemoved, queuesChanged)
        list("agents", agentsAdded, agentsRemoved, agentsChanged)
        list("skills", skillsAdded, skillsRemoved, [:])
        if tokensChanged > 0 { parts.append("\(tokensChanged) token change\(tokensChanged == 1 ? "" : "s")") }
        if !sectionsChanged.isEmpty { parts.append("changed: \(sectionsChanged.joined(separator: ", "))") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }

    private static func changedFields(_ a: QueueDefinition, _ b: QueueDefinition) -> [String] {
        var fields: [String] = []
        if a.description != b.description { fields.append("description") }
        if a.channels != b.channels { fields.append("channels") }
        if a.requirements != b.requirements { fields.append("requirements") }
        if a.defaultPriority != b.defaultPriority { fields.append("priority") }
        if a.strategy != b.strategy { fields.append("strategy") }
        if a.agingPointsPerSecond != b.agingPointsPerSecond { fields.append("aging_points_per_second") }
        if a.relaxation != b.relaxation { fields.append("relaxation") }
        if a.maxWait != b.maxWait { fields.append("max_wait") }
        if a.maxSize != b.maxSize { fields.append("max_size") }
        if a.wrapUpSeconds != b.wrapUpSeconds { fields.append("wrap_up_seconds") }
        if a.offerTimeoutSeconds != b.offerTimeoutSeconds { fields.append("offer_timeout_seconds") }
        if a.serviceLevelSeconds != b.serviceLevelSeconds { fields.append("service_level_seconds") }
        if a.parallelOffers != b.parallelOffers { fields.append("parallel_offers") }
        if a.preferredAgentFallbackSeconds != b.preferredAgentFallbackSeconds { fields.append("preferred_agent_fallback_seconds") }
        return fields
    }
}
