import Foundation
import Logging
import SwitchboardBench
import SwitchboardConfig
import SwitchboardTransport
import Testing

/// The smoke scenario end to end: a real `switchboard serve` on a generated configuration, the floor
/// over the project's WebSocket client, every correctness check.
@Suite(.serialized) struct SpawnedSmokeTests {
    @Test func generatedServerConfigurationIsAcceptedByTheServer() throws {
        let scenario = try FloorTests.smoke()
        let yaml = ServerConfigWriter.yaml(for: scenario, storePath: "/tmp/x.sqlite", revision: 1)
        let config = try ConfigLoader.load(yaml: yaml, file: "generated.yaml")
        #expect(config.agents.count == 20)
        #expect(config.queues.map(\.name) == ["sales", "support", "bench-reload-probe"])
        let principal = config.credentials.principal(forToken: scenario.token(role: "agent", id: "tech-001"))
        #expect(principal == .agent(id: "tech-001"))
        #expect(config.credentials.principal(forToken: "bench-source-source-2") == .source(name: "source-2"))
        #expect(config.credentials.principal(forToken: "bench-admin-admin") == .admin(name: "bench"))
    }

    @Test func smokeScenarioPassesAgainstASpawnedServer() async throws {
        let executable = SpawnedServer.siblingExecutable()
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build the server first: \(executable)")
        var scenario = try FloorTests.smoke()
        scenario.drainSeconds = 10
        scenario.reload = ReloadSchedule(everySeconds: 1)
        let fixed = scenario
        let server = try await SpawnedServer.start(executable: executable, scenario: fixed)
        var logger = Logger(label: "bench-test")
        logger.logLevel = .error
        let client = try WebSocketClient(threads: 1, logger: logger)
        let driver = FloorDriver(scenario: fixed, durationSeconds: 3, runId: "smoke-\(UInt32.random(in: 0...UInt32.max))",
                                 beforeReload: { server.rewriteConfig(for: fixed, revision: $0) })
        let result = await driver.run(connector: WebSocketBenchConnector(url: server.url, client: client))
        await client.shutdown()
        await server.stop(removeFiles: result.passed)
        #expect(!server.isRunning)
        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(5))")
        #expect(result.enqueued > 30)
        #expect(result.enqueued == result.completed + result.abandoned + result.drained + result.ended + result.refused)
        #expect(result.enqueueToOffer.count > 20)
        #expect(result.reloads >= 1)
        #expect(result.reloadFailures == 0, "\(result.protocolErrors)")
    }
}
