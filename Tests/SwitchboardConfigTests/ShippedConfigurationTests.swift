import Foundation
import Testing
import SwitchboardConfig
import SwitchboardRouter

/// The embedded default and `Config/switchboard.yaml` are valid, and they are the same configuration.
@Suite struct ShippedConfigurationTests {
    static let configFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/switchboard.yaml").path

    @Test func embeddedDefaultValidates() throws {
        let config = try EmbeddedConfiguration.load()
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8080)
        #expect(config.store.path == "switchboard.sqlite")
        #expect(Set(config.queues.map(\.name)).isSuperset(of: ["sales", "support", "billing", "vip", "complaints"]))
        #expect(config.agents.count >= 6 && config.agents.count <= 8)
        #expect(config.reload.removedQueueTargets == ["retail": "sales"])
    }

    @Test func exampleFileValidates() throws {
        let config = try ConfigLoader.load(contentsOf: Self.configFile)
        #expect(!config.queues.isEmpty)
    }

    @Test func exampleFileAndEmbeddedDefaultAgree() throws {
        #expect(try ConfigLoader.load(contentsOf: Self.configFile) == EmbeddedConfiguration.load())
    }

    @Test func embeddedTextIsTheExampleFileWordForWord() throws {
        // Comments too: the embedded text is what an operator sees when they start from the built-in demo.
        let text = try String(contentsOfFile: Self.configFile, encoding: .utf8)
        #expect(EmbeddedConfiguration.yaml + "\n" == text)
    }

    @Test func shippedCustomerAndAlertSettingsAreTheDocumentedDefaults() throws {
        let config = try EmbeddedConfiguration.load()
        #expect(config.customers == CustomerSettings())
        #expect(config.alerts == AlertSettings())
        let complaints = try #require(config.queue(named: "complaints"))
        #expect(complaints.complaint)
        #expect(complaints.complaintDeadlineSeconds == 60)
        #expect(complaints.serviceLevelTarget == 0.9)
        #expect(complaints.repeatOverride == RepeatPolicyOverride(priorityBoost: 20))
        #expect(complaints.repeatPolicy(base: config.customers.repeatPolicy) == RepeatPolicy(priorityBoost: 20))
        #expect(config.queue(named: "sales")?.serviceLevelTarget == 0.8)
        #expect(config.queues.filter(\.complaint).map(\.name) == ["complaints"])
    }

    @Test func shippedTiersWellbeingAndStagesAreTheDocumentedValues() throws {
        let config = try EmbeddedConfiguration.load()
        #expect(config.tiers == [
            TierDefinition(name: "platinum", agents: ["erin"], priorityBoost: 20, fallbackSeconds: 30, reserve: 1, targetWaitSeconds: 20),
            TierDefinition(name: "gold", groups: ["premium-desk"], priorityBoost: 10, fallbackSeconds: 15, targetWaitSeconds: 45),
        ])
        #expect(config.tier(named: "platinum")?.dedicatedAgents(in: config.agents) == ["erin"])
        #expect(config.tier(named: "gold")?.dedicatedAgents(in: config.agents) == ["alice", "grace"])
        // The documented defaults, but for the demanding queues and the negative-sentiment attribute.
        #expect(config.wellbeing == WellbeingSettings(
            demanding: DemandingRules(queues: ["complaints"], attributes: ["kind": "complaint", "sentiment": "negative"], dispositions: ["escalated"])))
        var defaults = WellbeingSettings()
        defaults.demanding = config.wellbeing.demanding
        #expect(config.wellbeing == defaults)
        let complaints = try #require(config.queue(named: "complaints"))
        #expect(complaints.minimumStage == .learning)
        #expect(complaints.newAgentDemandingChats == nil)
        #expect(config.queue(named: "support")?.newAgentDemandingChats == 1)
        #expect(complaints.wellbeingOverride == WellbeingOverride(streak: 2))
        #expect(complaints.wellbeing(base: config.wellbeing).streak == 2)
        #expect(config.queues.filter { $0.minimumStage != nil || $0.wellbeingOverride != nil }.map(\.name) == ["complaints"])

        #expect(config.agentSettings.tenure == TenureSettings())
        #expect(config.agent(id: "farid")?.stage == .new)
        let grace = try #require(config.agent(id: "grace"))
        #expect(grace.startDate == CalendarDate(year: 2026, month: 11, day: 2))
        #expect(grace.stage(on: CalendarDate(year: 2026, month: 12, day: 7)!, tenure: config.agentSettings.tenure) == .learning)
        #expect(config.agents.filter { !$0.groups.isEmpty }.map(\.id) == ["alice", "grace"])
    }

    @Test func embeddedDefaultCoversEveryStrategyAndChannel() throws {
        let config = try EmbeddedConfiguration.load()
        #expect(Set(config.queues.map(\.strategy)) == Set(RoutingStrategy.allCases))
        #expect(Set(config.queues.flatMap(\.channels)) == Set(Channel.allCases))
    }

    @Test func documentedDemoTokensAuthenticateTheirPrincipals() throws {
        let config = try EmbeddedConfiguration.load()
        for (token, principal) in EmbeddedConfiguration.demoTokens {
            #expect(config.credentials.principal(forToken: token) == principal)
        }
        #expect(Set(config.credentials.entries.map(\.principal.role)) == Set(Role.allCases))
        #expect(config.credentials.principal(forToken: "agent-mallory-demo") == nil)
    }

    @Test func exampleFileCommentsEveryQueueOption() throws {
        // Every queue key should be explained at least once where it first appears.
        let text = try String(contentsOfFile: Self.configFile, encoding: .utf8)
        let keys = ["channels", "requirements", "priority", "strategy", "aging_points_per_second", "relaxation",
                    "max_wait", "max_size", "wrap_up_seconds", "offer_timeout_seconds", "service_level_seconds",
                    "parallel_offers", "preferred_agent_fallback_seconds", "lower_by", "drop", "overflow", "end",
                    "service_level_target", "complaint", "complaint_deadline_seconds", "repeat", "minimum_stage",
                    "new_agent_demanding_chats", "wellbeing", "tenure", "learning_after_days", "experienced_after_days", "groups", "stage",
                    "start_date", "agents", "priority_boost", "fallback_seconds", "reserve", "target_wait_seconds"]
        let lines = text.split(separator: "\n")
        for key in keys {
            let documented = lines.contains { $0.contains("\(key):") && $0.contains("#") }
            #expect(documented, "\(key) has no comment in Config/switchboard.yaml")
        }
    }

    @Test func exampleFileCommentsEveryCustomerAlertAndWellbeingKey() throws {
        let text = try String(contentsOfFile: Self.configFile, encoding: .utf8)
        let lines = text.split(separator: "\n")
        /// The line that sets `key` below the top-level `section`, found by walking the indentation.
        func line(_ section: String, _ path: [String]) -> Substring? {
            guard var index = lines.firstIndex(of: Substring("\(section):")) else { return nil }
            for (depth, key) in path.enumerated() {
                let prefix = String(repeating: " ", count: 2 * (depth + 1)) + key + ":"
                guard let found = lines[(index + 1)...].prefix(while: { $0.hasPrefix(" ") || $0.hasPrefix("#") })
                    .firstIndex(where: { $0.hasPrefix(prefix) })
                else { return nil }
                index = found
            }
            return lines[index]
        }
        var keys: [(section: String, path: [String])] =
            ["memory", "window_hours", "max_customers", "max_contacts_per_customer", "topic_attribute", "repeat"].map { ("customers", [$0]) }
            + ["contacts", "same_topic_contacts", "priority_boost", "last_agent", "last_agent_wait_seconds", "wait_for_not_ready", "alert"]
                .map { ("customers", ["repeat", $0]) }
            + ["enabled", "window_minutes", "floor", "multiple", "clear_ratio", "baseline_half_life_hours", "baseline_days", "max_topics",
               "per_queue"].map { ("alerts", ["topic_surge", $0]) }
            + ["attributes", "deadline_seconds"].map { ("alerts", ["complaints", $0]) }
            + ["enabled", "window_minutes", "min_contacts", "clear_margin"].map { ("alerts", ["service_level", $0]) }
        let wellbeing = ["enabled", "demanding", "streak", "cool_down_minutes", "recovery_pause_minutes", "demanding_per_hour",
                         "continuous_busy_minutes", "occupancy_ceiling"]
        keys += wellbeing.map { (section: "wellbeing", path: [$0]) }
        keys += ["queues", "attributes", "dispositions"].map { (section: "wellbeing", path: ["demanding", $0]) }
        keys += ["tenure", "tenure.learning_after_days", "tenure.experienced_after_days"]
            .map { (section: "agents", path: $0.split(separator: ".").map(String.init)) }
        for (section, path) in keys {
            let found = line(section, path)
            #expect(found?.contains("#") == true, "\(section).\(path.joined(separator: ".")) has no comment in Config/switchboard.yaml")
        }
    }
}
