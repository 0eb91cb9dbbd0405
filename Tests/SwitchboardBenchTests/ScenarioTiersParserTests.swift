import Foundation
import SwitchboardBench
import Testing

/// The scenario keys of customer tiers and the wellbeing guard: `server_tiers`, `server_wellbeing`,
/// `watch_agents`, an agent group's `stage`, and a mix entry's `tier` and `attributes`.
@Suite struct ScenarioTiersParserTests {
    static let minimal = ScenarioSignalsParserTests.minimal

    func parse(_ extra: String, base: String = Self.minimal) throws(ScenarioError) -> Scenario {
        try ScenarioParser.parse(yaml: base + "\n" + extra)
    }

    func error(_ extra: String, base: String = Self.minimal) -> ScenarioError? {
        do {
            _ = try parse(extra, base: base)
            return nil
        } catch {
            return error
        }
    }

    /// The minimal scenario with its agents and mix replaced.
    static func with(agents: String = "  - {group: a, count: 3, skills: {english: [3, 5]}, capacity: {chat: 2}}",
                     mix: String = "  - {channel: voice, queue: sales, handle: 2}") -> String {
        """
        name: tiny
        duration_seconds: 60
        queues:
          - {name: sales, channels: [voice, chat], requirements: {english: 3}}
        agents:
        \(agents)
        arrivals: {rate_per_second: 10}
        mix:
        \(mix)
        """
    }

    @Test func withoutTheNewKeysNothingChanges() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.minimal)
        #expect(scenario.serverTiers == nil && scenario.serverWellbeing == nil)
        #expect(!scenario.watchesAgents && !scenario.watchesAlerts && !scenario.hasSupervisor)
        #expect(scenario.agentGroups[0].stage == nil)
        #expect(scenario.mix[0].tier == nil && scenario.mix[0].attributes.isEmpty)
        #expect(scenario.mixTiers.isEmpty)
    }

    @Test func groupStageReachesEveryAgentOfTheGroup() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.with(agents: """
              - {group: a, count: 2, skills: {english: 4}}
              - {group: rookies, count: 2, stage: new, skills: {english: 4}}
            """))
        #expect(scenario.agentGroups.map(\.stage) == [nil, "new"])
        #expect(scenario.agents().map(\.stage) == [nil, nil, "new", "new"])
        #expect(try parse("", base: Self.with(agents: "  - {group: a, count: 1, stage: experienced}")).agentGroups[0].stage == "experienced")
    }

    @Test func anUnknownStageIsNamedWithItsPath() {
        let bad = error("", base: Self.with(agents: """
              - {group: a, count: 2}
              - {group: b, count: 2, stage: junior}
            """))
        #expect(bad?.path == "agents[1].stage")
        #expect(bad?.message.contains("unknown stage \"junior\" (expected one of new, learning, experienced)") == true)
        #expect(error("", base: Self.with(agents: "  - {group: a, count: 2, stage: [new]}"))?.path == "agents[0].stage")
    }

    @Test func mixEntriesCarryATierAndAttributes() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.with(mix: """
              - {channel: voice, queue: sales, tier: platinum, handle: 2}
              - {channel: chat, queue: sales, attributes: {kind: complaint, sentiment: negative}, handle: 3}
            """))
        #expect(scenario.mix[0].tier == "platinum")
        #expect(scenario.mix[0].attributes.isEmpty)
        #expect(scenario.mix[1].tier == nil)
        #expect(scenario.mix[1].attributes == ["kind": "complaint", "sentiment": "negative"])
        #expect(scenario.mixTiers == ["platinum"])
    }

    @Test func mixTierAndAttributeErrorsNameTheKey() {
        #expect(error("", base: Self.with(mix: "  - {channel: voice, queue: sales, tier: \"plat inum\", handle: 2}"))?.path == "mix[0].tier")
        let list = error("", base: Self.with(mix: "  - {channel: voice, queue: sales, attributes: [complaint], handle: 2}"))
        #expect(list?.path == "mix[0].attributes")
        #expect(list?.message.contains("expected a mapping") == true)
        let nested = error("", base: Self.with(mix: "  - {channel: voice, queue: sales, attributes: {kind: {a: b}}, handle: 2}"))
        #expect(nested?.path == "mix[0].attributes.kind")
        #expect(nested?.message.contains("expected text") == true)
        #expect(error("", base: Self.with(mix: "  - {channel: voice, queue: sales, attributes: {\"k k\": x}, handle: 2}"))?.path == "mix[0].attributes.k k")
        #expect(error("", base: Self.with(mix: "  - {channel: voice, queue: sales, tiers: gold, handle: 2}"))?.path == "mix[0].tiers")
    }

    @Test func anAttributeMustNotBeTheTopicArrivalsCarry() throws {
        let base = Self.with(mix: "  - {channel: voice, queue: sales, attributes: {topic: billing}, handle: 2}")
        #expect(try parse("", base: base).mix[0].attributes == ["topic": "billing"])
        let clash = error("topics: [{name: billing}]", base: base)
        #expect(clash?.path == "mix[0].attributes.topic")
        #expect(clash?.message.contains("topic") == true)
    }

    @Test func serverSectionsAreKeptAsYAMLAndSetWhatIsWatched() throws {
        let scenario = try parse("""
            server_wellbeing:
              demanding: {attributes: {kind: complaint}}
              streak: 3
            server_tiers:
              - {name: platinum, groups: [a], reserve: 1}
            """)
        let wellbeing = try #require(scenario.serverWellbeing)
        #expect(wellbeing.contains("streak: 3"))
        #expect(wellbeing.contains("kind: complaint"))
        let tiers = try #require(scenario.serverTiers)
        #expect(tiers.contains("name: platinum"))
        #expect(tiers.contains("reserve: 1"))
        #expect(scenario.watchesAlerts && scenario.watchesAgents && scenario.hasSupervisor)
        // Tiers alone watch alerts (vip_waiting, no_dedicated_agent) but not the agents' day.
        let tiersOnly = try parse("server_tiers: [{name: gold, agents: [a-001]}]")
        #expect(tiersOnly.watchesAlerts && !tiersOnly.watchesAgents)
    }

    @Test func watchAgentsOverridesTheDefault() throws {
        #expect(try parse("watch_agents: true").watchesAgents)
        #expect(try parse("watch_agents: true").hasSupervisor)
        #expect(!(try parse("watch_agents: true").watchesAlerts))
        let off = try parse("server_wellbeing: {streak: 2}\nwatch_agents: false")
        #expect(!off.watchesAgents && off.watchesAlerts)
        let both = try parse("server_wellbeing: {streak: 2}\nwatch_agents: false\nwatch_alerts: false")
        #expect(!both.hasSupervisor)
        let bad = error("watch_agents: 1")
        #expect(bad?.path == "watch_agents")
        #expect(bad?.message.contains("true or false") == true)
    }

    @Test func serverSectionErrorsNameTheKey() {
        let wellbeing = error("server_wellbeing: [streak]")
        #expect(wellbeing?.path == "server_wellbeing")
        #expect(wellbeing?.message.contains("expected a mapping") == true)
        let mapping = error("server_tiers: {platinum: {groups: [a]}}")
        #expect(mapping?.path == "server_tiers")
        #expect(mapping?.message.contains("expected a list") == true)
        #expect(error("server_tiers: []")?.path == "server_tiers")
        #expect(error("server_tiers: [platinum]")?.path == "server_tiers[0]")
        let nameless = error("server_tiers: [{groups: [a]}]")
        #expect(nameless?.path == "server_tiers[0].name")
        #expect(nameless?.message.contains("missing required key") == true)
        let duplicate = error("server_tiers: [{name: gold, groups: [a]}, {name: gold, groups: [a]}]")
        #expect(duplicate?.path == "server_tiers[1].name")
        #expect(duplicate?.message.contains("duplicate tier \"gold\"") == true)
        let group = error("server_tiers: [{name: gold, groups: [a, premium]}]")
        #expect(group?.path == "server_tiers[0].groups[1]")
        #expect(group?.message.contains("unknown agent group \"premium\" (groups with agents: a)") == true)
    }

    @Test func aMixTierMustBeOneOfTheServerTiers() throws {
        let base = Self.with(mix: """
              - {channel: voice, queue: sales, handle: 2}
              - {channel: voice, queue: sales, tier: gold, handle: 2}
            """)
        // Without server_tiers the server started by hand decides.
        #expect(try parse("", base: base).mixTiers == ["gold"])
        #expect(try parse("server_tiers: [{name: gold, groups: [a]}]", base: base).mixTiers == ["gold"])
        let unknown = error("server_tiers: [{name: platinum, groups: [a]}]", base: base)
        #expect(unknown?.path == "mix[1].tier")
        #expect(unknown?.message.contains("unknown tier \"gold\" (server_tiers: platinum)") == true)
    }

    @Test func theBundledScenarioParses() throws {
        let scenario = try FloorSignalsTests.bundled("vip-and-strain")
        #expect(scenario.agents().count == 30)
        #expect(scenario.agents().filter { $0.stage == "new" }.count == 2)
        #expect(scenario.mixTiers == ["platinum"])
        let weights = scenario.mix.reduce(0) { $0 + $1.weight }
        let platinum = scenario.mix.filter { $0.tier == "platinum" }.reduce(0) { $0 + $1.weight } / weights
        let complaints = scenario.mix.filter { $0.attributes["kind"] == "complaint" }.reduce(0) { $0 + $1.weight } / weights
        #expect(abs(platinum - 0.1) < 0.02 && abs(complaints - 0.4) < 0.02)
        #expect(scenario.watchesAlerts && scenario.watchesAgents)
    }
}
