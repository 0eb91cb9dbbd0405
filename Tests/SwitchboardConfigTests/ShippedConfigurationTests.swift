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
                    "service_level_target", "complaint", "complaint_deadline_seconds", "repeat"]
        let lines = text.split(separator: "\n")
        for key in keys {
            let documented = lines.contains { $0.contains("\(key):") && $0.contains("#") }
            #expect(documented, "\(key) has no comment in Config/switchboard.yaml")
        }
    }

    @Test func exampleFileCommentsEveryCustomerAndAlertKey() throws {
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
        let keys: [(section: String, path: [String])] =
            ["memory", "window_hours", "max_customers", "max_contacts_per_customer", "topic_attribute", "repeat"].map { ("customers", [$0]) }
            + ["contacts", "same_topic_contacts", "priority_boost", "last_agent", "last_agent_wait_seconds", "wait_for_not_ready", "alert"]
                .map { ("customers", ["repeat", $0]) }
            + ["enabled", "window_minutes", "floor", "multiple", "clear_ratio", "baseline_half_life_hours", "baseline_days", "max_topics",
               "per_queue"].map { ("alerts", ["topic_surge", $0]) }
            + ["attributes", "deadline_seconds"].map { ("alerts", ["complaints", $0]) }
            + ["enabled", "window_minutes", "min_contacts", "clear_margin"].map { ("alerts", ["service_level", $0]) }
        for (section, path) in keys {
            let found = line(section, path)
            #expect(found?.contains("#") == true, "\(section).\(path.joined(separator: ".")) has no comment in Config/switchboard.yaml")
        }
    }
}
