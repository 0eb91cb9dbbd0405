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
                    "parallel_offers", "preferred_agent_fallback_seconds", "lower_by", "drop", "overflow", "end"]
        let lines = text.split(separator: "\n")
        for key in keys {
            let documented = lines.contains { $0.contains("\(key):") && $0.contains("#") }
            #expect(documented, "\(key) has no comment in Config/switchboard.yaml")
        }
    }
}
