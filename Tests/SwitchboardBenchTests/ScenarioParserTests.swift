import Foundation
import SwitchboardBench
import Testing

@Suite struct ScenarioParserTests {
    static let minimal = """
        name: tiny
        duration_seconds: 5
        queues:
          - {name: sales, channels: [voice, chat], requirements: {english: 3}}
        agents:
          - {group: a, count: 3, skills: {english: [3, 5]}, capacity: {chat: 2}}
        arrivals: {rate_per_second: 10}
        mix:
          - {channel: voice, queue: sales, handle: 2}
        """

    func error(_ yaml: String) -> ScenarioError? {
        do {
            _ = try ScenarioParser.parse(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func minimalScenarioTakesTheDefaults() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.minimal)
        #expect(scenario.name == "tiny")
        #expect(scenario.durationSeconds == 5)
        #expect(scenario.sources == 1)
        #expect(scenario.tokenPattern == "bench-{role}-{id}")
        #expect(scenario.mix == [MixEntry(channel: "voice", queue: "sales", handle: .constant(2))])
        #expect(scenario.queues[0].requirements == ["english": 3])
        #expect(scenario.agentGroups[0].skills == ["english": 3...5])
        #expect(scenario.behaviour == AgentBehaviour())
        #expect(scenario.patience == nil)
    }

    @Test func agentsGetNumberedIdsAndLevelsInsideTheirRange() throws {
        let agents = try ScenarioParser.parse(yaml: Self.minimal).agents()
        #expect(agents.map(\.id) == ["a-001", "a-002", "a-003"])
        #expect(agents.allSatisfy { (3...5).contains($0.skills["english"] ?? 0) })
        #expect(agents[0].capacity(for: "chat") == 2)
        #expect(agents[0].capacity(for: "voice") == 1)
    }

    @Test func everyBundledScenarioParses() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/bench").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.contains("smoke.yaml"))
        for file in files {
            let scenario = try ScenarioParser.load(contentsOf: directory.appendingPathComponent(file).path)
            #expect(!scenario.mix.isEmpty, "\(file)")
        }
    }

    @Test func distributionsParseByName() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "handle: 2", with: "handle: {distribution: lognormal, mean: 3, sigma: 0.4}")
            + "\npatience: {distribution: exponential, mean: 30}\nagent_behaviour: {accept_delay: {distribution: uniform, min: 0.1, max: 0.5}, reject_probability: 0.1}"
        let scenario = try ScenarioParser.parse(yaml: yaml)
        #expect(scenario.mix[0].handle == .lognormal(mean: 3, sigma: 0.4))
        #expect(scenario.patience == .exponential(mean: 30))
        #expect(scenario.behaviour.acceptDelay == .uniform(min: 0.1, max: 0.5))
        #expect(scenario.behaviour.rejectProbability == 0.1)
    }

    @Test func negativeRateIsNamedWithItsField() {
        let failure = error(Self.minimal.replacingOccurrences(of: "rate_per_second: 10", with: "rate_per_second: -3"))
        #expect(failure?.path == "arrivals.rate_per_second")
        #expect(failure?.message.contains("-3") == true)
        #expect(failure?.message.contains("at least 0") == true)
    }

    @Test func missingHandleNamesTheMixEntry() {
        let failure = error(Self.minimal.replacingOccurrences(of: ", handle: 2", with: ""))
        #expect(failure?.path == "mix[0].handle")
        #expect(failure?.message.contains("missing") == true)
    }

    @Test func unknownQueueInTheMixIsNamed() {
        let failure = error(Self.minimal.replacingOccurrences(of: "queue: sales, handle", with: "queue: billing, handle"))
        #expect(failure?.path == "mix[0].queue")
        #expect(failure?.message.contains("billing") == true)
    }

    @Test func channelTheQueueDoesNotTakeIsRefused() {
        let failure = error(Self.minimal.replacingOccurrences(of: "channel: voice, queue", with: "channel: email, queue"))
        #expect(failure?.path == "mix[0].channel")
    }

    @Test func skillLevelOutOfRangeNamesTheSkill() {
        let failure = error(Self.minimal.replacingOccurrences(of: "requirements: {english: 3}", with: "requirements: {english: 12}"))
        #expect(failure?.path == "queues[0].requirements.english")
        #expect(failure?.message.contains("12 is out of range") == true)
    }

    @Test func unknownKeyIsNamed() {
        let failure = error(Self.minimal + "\nrate: 5")
        #expect(failure?.path == "rate")
        #expect(failure?.message.contains("unknown key") == true)
    }

    @Test func unknownDistributionIsNamed() {
        let failure = error(Self.minimal.replacingOccurrences(of: "handle: 2", with: "handle: {distribution: gamma, mean: 2}"))
        #expect(failure?.path == "mix[0].handle.distribution")
    }

    @Test func durationOrCountIsRequired() {
        let failure = error(Self.minimal.replacingOccurrences(of: "duration_seconds: 5\n", with: ""))
        #expect(failure?.path == "duration_seconds")
    }

    @Test func tokenPatternMustNameRoleAndId() {
        let failure = error(Self.minimal + "\ntokens: \"same-for-all\"")
        #expect(failure?.path == "tokens")
    }

    @Test func overlappingBurstsAreRefused() {
        let failure = error(Self.minimal.replacingOccurrences(of: "arrivals: {rate_per_second: 10}",
            with: "arrivals: {rate_per_second: 10, bursts: [{start_seconds: 1, duration_seconds: 5, rate_per_second: 50, every_seconds: 2}]}"))
        #expect(failure?.path == "arrivals.bursts[0].every_seconds")
    }
}
