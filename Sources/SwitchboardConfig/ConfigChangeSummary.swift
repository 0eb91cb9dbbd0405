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
    /// Other sections that differ (`server`, `store`, `reload`, `routing`, `channels`, `agents`, `skills`,
    /// `customers`, `alerts`, `wellbeing`, `tiers`, `identity_providers`, which includes a rotated key file);
    /// `server` and `store` changes take effect only after a restart.
    public var sectionsChanged: [String] = []
    /// The keys that differ within `agents` (its settings, not the roster), `customers`, `alerts` and
    /// `wellbeing`, by section, as paths below it (`alerts: ["topic_surge.floor"]`), so an operator sees which
    /// threshold a reload moved; for `tiers`, `+name` and `-name` for tiers added and removed, and
    /// `name.key` for a key of a tier that changed (`platinum.reserve`).
    public var sectionKeysChanged: [String: [String]] = [:]

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
            if oldAgent.groups != newAgent.groups { fields.append("groups") }
            if oldAgent.stage != newAgent.stage { fields.append("stage") }
            if oldAgent.startDate != newAgent.startDate { fields.append("start_date") }
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
        if old.agentSettings != new.agentSettings {
            sectionsChanged.append("agents")
            let keys = Self.changedKeys(old.agentSettings, new.agentSettings)
            if !keys.isEmpty { sectionKeysChanged["agents"] = keys }
        }
        if old.skills != new.skills, skillsAdded.isEmpty, skillsRemoved.isEmpty { sectionsChanged.append("skills") }
        if old.customers != new.customers {
            sectionsChanged.append("customers")
            let keys = Self.changedKeys(old.customers, new.customers)
            if !keys.isEmpty { sectionKeysChanged["customers"] = keys }
        }
        if old.alerts != new.alerts {
            sectionsChanged.append("alerts")
            let keys = Self.changedKeys(old.alerts, new.alerts)
            if !keys.isEmpty { sectionKeysChanged["alerts"] = keys }
        }
        if old.wellbeing != new.wellbeing {
            sectionsChanged.append("wellbeing")
            let keys = Self.changedKeys(old.wellbeing, new.wellbeing)
            if !keys.isEmpty { sectionKeysChanged["wellbeing"] = keys }
        }
        if old.identityProviders != new.identityProviders { sectionsChanged.append("identity_providers") }
        if old.tiers != new.tiers {
            // A reorder alone changes nothing listed below; the section is still named.
            sectionsChanged.append("tiers")
            let keys = Self.changedTiers(old.tiers, new.tiers)
            if !keys.isEmpty { sectionKeysChanged["tiers"] = keys }
        }
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
        if !sectionsChanged.isEmpty {
            let sections = sectionsChanged.map { section in
                sectionKeysChanged[section].map { "\(section)(\($0.joined(separator: ", ")))" } ?? section
            }
            parts.append("changed: \(sections.joined(separator: ", "))")
        }
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
        if a.repeatOverride != b.repeatOverride { fields.append("repeat") }
        if a.complaint != b.complaint { fields.append("complaint") }
        if a.complaintDeadlineSeconds != b.complaintDeadlineSeconds { fields.append("complaint_deadline_seconds") }
        if a.serviceLevelTarget != b.serviceLevelTarget { fields.append("service_level_target") }
        if a.minimumStage != b.minimumStage { fields.append("minimum_stage") }
        if a.newAgentDemandingChats != b.newAgentDemandingChats { fields.append("new_agent_demanding_chats") }
        if a.wellbeingOverride != b.wellbeingOverride { fields.append("wellbeing") }
        return fields
    }

    /// Paths below `customers` of the keys that differ, in the file's order.
    private static func changedKeys(_ a: CustomerSettings, _ b: CustomerSettings) -> [String] {
        var keys: [String] = []
        func check(_ key: String, _ differs: Bool) { if differs { keys.append(key) } }
        check("memory", a.memory != b.memory)
        check("window_hours", a.windowHours != b.windowHours)
        check("max_customers", a.maxCustomers != b.maxCustomers)
        check("max_contacts_per_customer", a.maxContactsPerCustomer != b.maxContactsPerCustomer)
        check("topic_attribute", a.topicAttribute != b.topicAttribute)
        let r = a.repeatPolicy, s = b.repeatPolicy
        check("repeat.contacts", r.contacts != s.contacts)
        check("repeat.same_topic_contacts", r.sameTopicContacts != s.sameTopicContacts)
        check("repeat.priority_boost", r.priorityBoost != s.priorityBoost)
        check("repeat.last_agent", r.lastAgent != s.lastAgent)
        check("repeat.last_agent_wait_seconds", r.lastAgentWaitSeconds != s.lastAgentWaitSeconds)
        check("repeat.wait_for_not_ready", r.waitForNotReady != s.waitForNotReady)
        check("repeat.alert", r.alert != s.alert)
        return keys
    }

    /// Paths below `alerts` of the keys that differ, in the file's order.
    private static func changedKeys(_ a: AlertSettings, _ b: AlertSettings) -> [String] {
        var keys: [String] = []
        func check(_ key: String, _ differs: Bool) { if differs { keys.append(key) } }
        let t = a.topicSurge, u = b.topicSurge
        check("topic_surge.enabled", t.enabled != u.enabled)
        check("topic_surge.window_minutes", t.windowMinutes != u.windowMinutes)
        check("topic_surge.floor", t.floor != u.floor)
        check("topic_surge.multiple", t.multiple != u.multiple)
        check("topic_surge.clear_ratio", t.clearRatio != u.clearRatio)
        check("topic_surge.baseline_half_life_hours", t.baselineHalfLifeHours != u.baselineHalfLifeHours)
        check("topic_surge.baseline_days", t.baselineDays != u.baselineDays)
        check("topic_surge.max_topics", t.maxTopics != u.maxTopics)
        check("topic_surge.per_queue", t.perQueue != u.perQueue)
        check("complaints.attributes", a.complaints.attributes != b.complaints.attributes)
        check("complaints.deadline_seconds", a.complaints.deadlineSeconds != b.complaints.deadlineSeconds)
        let l = a.serviceLevel, m = b.serviceLevel
        check("service_level.enabled", l.enabled != m.enabled)
        check("service_level.window_minutes", l.windowMinutes != m.windowMinutes)
        check("service_level.min_contacts", l.minContacts != m.minContacts)
        check("service_level.clear_margin", l.clearMargin != m.clearMargin)
        return keys
    }

    /// Paths below `agents` of the settings that differ (the roster is compared agent by agent).
    private static func changedKeys(_ a: AgentSettings, _ b: AgentSettings) -> [String] {
        var keys: [String] = []
        func check(_ key: String, _ differs: Bool) { if differs { keys.append(key) } }
        check("login_state", a.loginState != b.loginState)
        check("tenure.learning_after_days", a.tenure.learningAfterDays != b.tenure.learningAfterDays)
        check("tenure.experienced_after_days", a.tenure.experiencedAfterDays != b.tenure.experiencedAfterDays)
        return keys
    }

    /// Paths below `wellbeing` of the keys that differ, in the file's order.
    private static func changedKeys(_ a: WellbeingSettings, _ b: WellbeingSettings) -> [String] {
        var keys: [String] = []
        func check(_ key: String, _ differs: Bool) { if differs { keys.append(key) } }
        check("enabled", a.enabled != b.enabled)
        check("demanding.queues", a.demanding.queues != b.demanding.queues)
        check("demanding.attributes", a.demanding.attributes != b.demanding.attributes)
        check("demanding.dispositions", a.demanding.dispositions != b.demanding.dispositions)
        check("streak", a.streak != b.streak)
        check("cool_down_minutes", a.coolDownMinutes != b.coolDownMinutes)
        check("recovery_pause_minutes", a.recoveryPauseMinutes != b.recoveryPauseMinutes)
        check("demanding_per_hour", a.demandingPerHour != b.demandingPerHour)
        check("continuous_busy_minutes", a.continuousBusyMinutes != b.continuousBusyMinutes)
        check("occupancy_ceiling", a.occupancyCeiling != b.occupancyCeiling)
        return keys
    }

    /// `+name` and `-name` for tiers added and removed, then `name.key` for each key of a kept tier that
    /// differs, tiers in the new file's order.
    private static func changedTiers(_ a: [TierDefinition], _ b: [TierDefinition]) -> [String] {
        let old = Dictionary(a.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(b.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var keys = new.keys.filter { old[$0] == nil }.sorted().map { "+\($0)" } + old.keys.filter { new[$0] == nil }.sorted().map { "-\($0)" }
        var seen: Set<String> = []
        for tier in b where seen.insert(tier.name).inserted {
            guard let before = old[tier.name], let after = new[tier.name] else { continue }
            func check(_ key: String, _ differs: Bool) { if differs { keys.append("\(tier.name).\(key)") } }
            check("agents", before.agents != after.agents)
            check("groups", before.groups != after.groups)
            check("priority_boost", before.priorityBoost != after.priorityBoost)
            check("fallback_seconds", before.fallbackSeconds != after.fallbackSeconds)
            check("reserve", before.reserve != after.reserve)
            check("target_wait_seconds", before.targetWaitSeconds != after.targetWaitSeconds)
        }
        return keys
    }
}
