import Foundation
import Logging
import SwitchboardBench
import SwitchboardConfig
import SwitchboardTransport
import Testing

/// `Config/bench/topic-spike.yaml` in a few seconds, end to end: a real `switchboard serve` told to watch
/// one-minute windows with a floor of 10, a supervisor subscribed to `alerts`, and a spike of `outage`
/// contacts; the supervisor must see the server raise a `topic_surge` about it.
@Suite(.serialized) struct SpawnedTopicSpikeTests {
    static func shortSpike() throws -> Scenario {
        var scenario = try FloorSignalsTests.bundled("topic-spike")
        scenario.durationSeconds = 6
        scenario.drainSeconds = 5
        scenario.spike = TopicSpike(topic: "outage", startSeconds: 1, durationSeconds: 4, ratePerSecond: 8)
        scenario.serverAlerts = "topic_surge: {window_minutes: 1, floor: 10, multiple: 3, baseline_days: 0, per_queue: false}\n"
        return scenario
    }

    @Test func generatedConfigurationsWithCustomersAndAlertsAreAcceptedByTheServer() throws {
        // Loading fails on any key or range the server does not accept, naming it.
        for scenario in [try Self.shortSpike(), try FloorSignalsTests.bundled("topic-spike"), try FloorSignalsTests.bundled("repeat-contact")] {
            _ = try ConfigLoader.load(yaml: ServerConfigWriter.yaml(for: scenario), file: "\(scenario.name).yaml")
        }
    }

    @Test func supervisorSeesTheServerRaiseATopicSurgeDuringTheSpike() async throws {
        let executable = SpawnedServer.siblingExecutable()
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build the server first: \(executable)")
        let scenario = try Self.shortSpike()
        let server = try await SpawnedServer.start(executable: executable, scenario: scenario)
        var logger = Logger(label: "bench-test")
        logger.logLevel = .error
        let client = try WebSocketClient(threads: 1, logger: logger)
        let driver = FloorDriver(scenario: scenario, runId: "spike-\(UInt32.random(in: 0...UInt32.max))")
        let result = await driver.run(connector: WebSocketBenchConnector(url: server.url, client: client))
        await client.shutdown()
        await server.stop(removeFiles: result.passed)

        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(5)) \(result.protocolErrors)")
        #expect((result.spikeArrivals ?? 0) > 15)
        let alerts = try #require(result.alerts)
        let surge = alerts.entries.first { $0.kind == "topic_surge" && $0.state == "raised" && $0.subject["topic"] == "outage" }
        #expect(surge != nil, "alerts seen: \(alerts.entries)")
        if let surge { #expect(surge.second >= 1 && surge.second < 8, "\(surge)") }
        #expect(!alerts.entries.contains { $0.kind == "topic_surge" && $0.subject["topic"] != "outage" }, "\(alerts.entries)")
    }
}
