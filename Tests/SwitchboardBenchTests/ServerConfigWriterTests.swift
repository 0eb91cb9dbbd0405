import SwitchboardBench
import SwitchboardConfig
import Testing
import Yams

@Suite struct ServerConfigWriterTests {
    static func scenario(_ extra: String) throws -> Scenario {
        try ScenarioParser.parse(yaml: ScenarioParserTests.minimal + "\n" + extra)
    }

    /// The generated file as YAML, to look at one section.
    static func section(_ key: String, of yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml)?.mapping?[Node(key)]
    }

    @Test func serverSectionsAreWrittenVerbatimUnderTheirKeys() throws {
        let scenario = try Self.scenario("""
            server_customers:
              repeat: {contacts: 2, last_agent: true, last_agent_wait_seconds: 5}
              window_hours: 1
            server_alerts: {topic_surge: {window_minutes: 1, floor: 15, multiple: 3, baseline_days: 0}}
            """)
        let yaml = ServerConfigWriter.yaml(for: scenario)
        let customers = try #require(try Self.section("customers", of: yaml))
        #expect(customers["repeat"]?["contacts"]?.int == 2)
        #expect(customers["repeat"]?["last_agent"]?.bool == true)
        #expect(customers["window_hours"]?.int == 1)
        let alerts = try #require(try Self.section("alerts", of: yaml))
        #expect(alerts["topic_surge"]?["floor"]?.int == 15)
        #expect(alerts["topic_surge"]?["baseline_days"]?.int == 0)
        // The rest of the file is untouched by them.
        #expect(try Self.section("credentials", of: yaml)?.sequence?.count == 3 + 1 + 2)
    }

    @Test func withoutServerSectionsNoneIsWritten() throws {
        let yaml = ServerConfigWriter.yaml(for: try Self.scenario(""))
        #expect(try Self.section("customers", of: yaml) == nil)
        #expect(try Self.section("alerts", of: yaml) == nil)
    }

    @Test func theSupervisorWatchingAlertsHasACredential() throws {
        let scenario = try Self.scenario("")
        let config = try ConfigLoader.load(yaml: ServerConfigWriter.yaml(for: scenario), file: "generated.yaml")
        #expect(config.credentials.principal(forToken: scenario.token(role: "supervisor", id: Scenario.supervisorId)) == .supervisor(name: "bench"))
    }
}
