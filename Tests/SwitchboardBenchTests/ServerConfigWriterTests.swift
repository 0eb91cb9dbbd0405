import SwitchboardBench
import SwitchboardConfig
import SwitchboardRouter
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

    @Test func everyAgentIsInItsGroupWithItsGroupsStage() throws {
        let scenario = try ScenarioParser.parse(yaml: ScenarioTiersParserTests.with(agents: """
              - {group: a, count: 2, skills: {english: 4}}
              - {group: rookies, count: 1, stage: new, skills: {english: 4}}
            """))
        let config = try ConfigLoader.load(yaml: ServerConfigWriter.yaml(for: scenario), file: "generated.yaml")
        #expect(config.agents.map(\.id) == ["a-001", "a-002", "rookies-001"])
        #expect(config.agents.map(\.groups) == [["a"], ["a"], ["rookies"]])
        #expect(config.agents.map { $0.stage?.rawValue } == [nil, nil, "new"])
    }

    @Test func tiersAndWellbeingAreWrittenVerbatimAndAcceptedByTheServer() throws {
        let scenario = try ScenarioParser.parse(yaml: ScenarioTiersParserTests.with(
            agents: """
              - {group: premium, count: 2, skills: {english: 6}}
              - {group: a, count: 3, skills: {english: 4}}
              - {group: rookies, count: 1, stage: learning, skills: {english: 4}}
            """,
            mix: """
              - {channel: voice, queue: sales, tier: platinum, handle: 2}
              - {channel: chat, queue: sales, attributes: {kind: complaint}, handle: 2}
            """) + """

            server_wellbeing:
              demanding: {attributes: {kind: complaint}}
              streak: 2
              cool_down_minutes: 1
              demanding_per_hour: 2
            server_tiers:
              - {name: platinum, groups: [premium], priority_boost: 20, fallback_seconds: 5, reserve: 1, target_wait_seconds: 2}
              - name: gold
                agents: [a-001]
            """)
        let yaml = ServerConfigWriter.yaml(for: scenario)
        // Loading fails on any key or range the server does not accept, naming it.
        let config = try ConfigLoader.load(yaml: yaml, file: "generated.yaml")
        #expect(config.tiers.map(\.name) == ["platinum", "gold"])
        #expect(config.tiers[0].groups == ["premium"])
        #expect(config.tiers[0].reserve == 1)
        #expect(config.tiers[0].targetWaitSeconds == 2)
        #expect(config.tiers[1].agents == ["a-001"])
        #expect(config.wellbeing.streak == 2)
        #expect(config.wellbeing.coolDownMinutes == 1)
        #expect(config.wellbeing.demandingPerHour == 2)
        #expect(config.wellbeing.demanding.attributes == ["kind": "complaint"])
        #expect(config.agents.first { $0.id == "rookies-001" }?.stage?.rawValue == "learning")
        #expect(config.agents.first { $0.id == "premium-002" }?.groups == ["premium"])
    }

    @Test func theBundledVipAndStrainConfigurationIsAcceptedByTheServer() throws {
        let scenario = try FloorSignalsTests.bundled("vip-and-strain")
        let config = try ConfigLoader.load(yaml: ServerConfigWriter.yaml(for: scenario), file: "vip-and-strain.yaml")
        let platinum = try #require(config.tiers.first { $0.name == "platinum" })
        #expect(platinum.groups == ["premium"] && platinum.reserve == 1)
        #expect(platinum.dedicatedAgents(in: config.agents).count == 4)
        #expect(config.wellbeing.streak == 3)
        #expect(config.agents.filter { $0.stage?.rawValue == "new" }.count == 2)
    }
}
