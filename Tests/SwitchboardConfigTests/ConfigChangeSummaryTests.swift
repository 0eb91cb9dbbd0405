import Testing
import SwitchboardConfig
import SwitchboardRouter

@Suite struct ConfigChangeSummaryTests {
    @Test func identicalConfigurationsHaveNoChanges() throws {
        let config = try EmbeddedConfiguration.load()
        let summary = ConfigChangeSummary(from: config, to: config)
        #expect(summary.isEmpty)
        #expect(summary.description == "no changes")
    }

    @Test func summaryNamesAddedRemovedAndChangedQueuesAgentsAndTokens() throws {
        let old = try EmbeddedConfiguration.load()
        var new = old
        new.queues.removeAll { $0.name == "callbacks" }
        new.queues.append(QueueDefinition(name: "retention", channels: [.voice]))
        let support = try #require(new.queues.firstIndex { $0.name == "support" })
        new.queues[support].strategy = .roundRobin
        new.queues[support].relaxation = []
        new.agents.removeAll { $0.id == "grace" }
        let bob = try #require(new.agents.firstIndex { $0.id == "bob" })
        new.agents[bob].skills["billing"] = 3
        new.credentials.entries[0].tokenHash = TokenHasher.digest("rotated")
        new.routing.rejectSkipSeconds = 5

        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.queuesAdded == ["retention"])
        #expect(summary.queuesRemoved == ["callbacks"])
        #expect(summary.queuesChanged == ["support": ["strategy", "relaxation"]])
        #expect(summary.agentsRemoved == ["grace"])
        #expect(summary.agentsChanged == ["bob": ["skills"]])
        #expect(summary.tokensChanged == 2)
        #expect(summary.sectionsChanged == ["routing"])
        #expect(summary.description
            == "queues +retention -callbacks ~support(strategy, relaxation); agents -grace ~bob(skills); 2 token changes; changed: routing")
    }

    @Test func summaryListsChangedThresholdsAndQueueKeysWithoutARestart() throws {
        let old = try EmbeddedConfiguration.load()
        var new = old
        new.alerts.topicSurge.floor = 40
        new.alerts.serviceLevel.clearMargin = 0.1
        new.customers.repeatPolicy.contacts = 4
        let complaints = try #require(new.queues.firstIndex { $0.name == "complaints" })
        new.queues[complaints].repeatOverride = RepeatPolicyOverride(priorityBoost: 30)
        new.queues[complaints].complaintDeadlineSeconds = 90
        let sales = try #require(new.queues.firstIndex { $0.name == "sales" })
        new.queues[sales].serviceLevelTarget = 0.85
        new.queues[sales].complaint = true

        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.sectionsChanged == ["customers", "alerts"])
        #expect(summary.sectionKeysChanged == ["customers": ["repeat.contacts"], "alerts": ["topic_surge.floor", "service_level.clear_margin"]])
        #expect(summary.queuesChanged == ["complaints": ["repeat", "complaint_deadline_seconds"], "sales": ["complaint", "service_level_target"]])
        #expect(summary.description == "queues ~complaints(repeat, complaint_deadline_seconds) ~sales(complaint, service_level_target); "
            + "changed: customers(repeat.contacts), alerts(topic_surge.floor, service_level.clear_margin)")
    }

    @Test func everyCustomerAndAlertKeyIsNamedWhenItChanges() throws {
        let old = SwitchboardConfiguration()
        var new = old
        new.customers = CustomerSettings(
            memory: false, windowHours: 1, maxCustomers: 5, maxContactsPerCustomer: 5, topicAttribute: "subject",
            repeatPolicy: RepeatPolicy(contacts: 0, sameTopicContacts: 0, priorityBoost: 0, lastAgent: false, lastAgentWaitSeconds: 0,
                                       waitForNotReady: true, alert: false))
        new.alerts = AlertSettings(
            topicSurge: TopicSurgeSettings(enabled: false, windowMinutes: 1, floor: 1, multiple: 1, clearRatio: 1, baselineHalfLifeHours: 1,
                                           baselineDays: 1, maxTopics: 1, perQueue: false),
            complaints: ComplaintSettings(attributes: [:], deadlineSeconds: 1),
            serviceLevel: ServiceLevelAlertSettings(enabled: false, windowMinutes: 1, minContacts: 1, clearMargin: 0))
        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.sectionKeysChanged["customers"] == [
            "memory", "window_hours", "max_customers", "max_contacts_per_customer", "topic_attribute", "repeat.contacts",
            "repeat.same_topic_contacts", "repeat.priority_boost", "repeat.last_agent", "repeat.last_agent_wait_seconds",
            "repeat.wait_for_not_ready", "repeat.alert",
        ])
        #expect(summary.sectionKeysChanged["alerts"] == [
            "topic_surge.enabled", "topic_surge.window_minutes", "topic_surge.floor", "topic_surge.multiple", "topic_surge.clear_ratio",
            "topic_surge.baseline_half_life_hours", "topic_surge.baseline_days", "topic_surge.max_topics", "topic_surge.per_queue",
            "complaints.attributes", "complaints.deadline_seconds", "service_level.enabled", "service_level.window_minutes",
            "service_level.min_contacts", "service_level.clear_margin",
        ])
    }

    @Test func summaryNamesChangedTiersWellbeingTenureAndTheirAgentAndQueueKeys() throws {
        let old = try EmbeddedConfiguration.load()
        var new = old
        new.wellbeing.streak = 4
        new.wellbeing.demanding.dispositions.append("abusive")
        new.agentSettings.tenure.experiencedAfterDays = 120
        let platinum = try #require(new.tiers.firstIndex { $0.name == "platinum" })
        new.tiers[platinum].reserve = 0
        new.tiers.removeAll { $0.name == "gold" }
        new.tiers.append(TierDefinition(name: "silver", groups: ["premium-desk"]))
        let farid = try #require(new.agents.firstIndex { $0.id == "farid" })
        new.agents[farid].stage = .learning
        new.agents[farid].groups = ["night"]
        let grace = try #require(new.agents.firstIndex { $0.id == "grace" })
        new.agents[grace].startDate = CalendarDate(year: 2026, month: 10, day: 1)
        let complaints = try #require(new.queues.firstIndex { $0.name == "complaints" })
        new.queues[complaints].minimumStage = .experienced
        new.queues[complaints].newAgentDemandingChats = 2
        new.queues[complaints].wellbeingOverride = WellbeingOverride(streak: 1)

        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.agentsChanged == ["farid": ["groups", "stage"], "grace": ["start_date"]])
        #expect(summary.queuesChanged == ["complaints": ["minimum_stage", "new_agent_demanding_chats", "wellbeing"]])
        #expect(summary.sectionsChanged == ["agents", "wellbeing", "tiers"])
        #expect(summary.sectionKeysChanged == [
            "agents": ["tenure.experienced_after_days"],
            "wellbeing": ["demanding.dispositions", "streak"],
            "tiers": ["+silver", "-gold", "platinum.reserve"],
        ])
        #expect(summary.description == "queues ~complaints(minimum_stage, new_agent_demanding_chats, wellbeing); "
            + "agents ~farid(groups, stage) ~grace(start_date); "
            + "changed: agents(tenure.experienced_after_days), wellbeing(demanding.dispositions, streak), tiers(+silver, -gold, platinum.reserve)")
    }

    @Test func everyWellbeingTierAndTenureKeyIsNamedWhenItChanges() {
        var old = SwitchboardConfiguration()
        old.tiers = [TierDefinition(name: "gold", agents: ["a"])]
        var new = old
        new.agentSettings = AgentSettings(loginState: .available, tenure: TenureSettings(learningAfterDays: 1, experiencedAfterDays: 2))
        new.wellbeing = WellbeingSettings(
            enabled: false, demanding: DemandingRules(queues: ["q"], attributes: [:], dispositions: []), streak: 0, coolDownMinutes: 0,
            recoveryPauseMinutes: 1, demandingPerHour: 0, continuousBusyMinutes: 0, occupancyCeiling: 1)
        new.tiers = [TierDefinition(name: "gold", agents: ["b"], groups: ["g"], priorityBoost: 1, fallbackSeconds: 1, reserve: 1, targetWaitSeconds: 1)]
        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.sectionKeysChanged["agents"] == ["login_state", "tenure.learning_after_days", "tenure.experienced_after_days"])
        #expect(summary.sectionKeysChanged["wellbeing"] == [
            "enabled", "demanding.queues", "demanding.attributes", "demanding.dispositions", "streak", "cool_down_minutes",
            "recovery_pause_minutes", "demanding_per_hour", "continuous_busy_minutes", "occupancy_ceiling",
        ])
        #expect(summary.sectionKeysChanged["tiers"] == [
            "gold.agents", "gold.groups", "gold.priority_boost", "gold.fallback_seconds", "gold.reserve", "gold.target_wait_seconds",
        ])
    }

    @Test func reorderedTiersNameTheSectionOnly() {
        var old = SwitchboardConfiguration()
        old.tiers = [TierDefinition(name: "gold", agents: ["a"]), TierDefinition(name: "platinum", agents: ["b"])]
        var new = old
        new.tiers.reverse()
        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.sectionsChanged == ["tiers"])
        #expect(summary.sectionKeysChanged.isEmpty)
        #expect(summary.description == "changed: tiers")
    }
}
