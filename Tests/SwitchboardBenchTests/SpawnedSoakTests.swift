import Foundation
import Logging
import SwitchboardBench
import SwitchboardTransport
import Testing

/// `Config/bench/soak-short.yaml` end to end: a real `switchboard serve`, agents logging out, dropping
/// their connections and coming back (within the grace and after it), breaks, reloads by admin message
/// and by SIGHUP, and the server's resident memory sampled throughout.
@Suite(.serialized) struct SpawnedSoakTests {
    static func shortSoak() throws -> Scenario {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/bench/soak-short.yaml").standardized.path
        return try ScenarioParser.load(contentsOf: path)
    }

    @Test func shortSoakWithChurnAndReloadsPassesEveryCheckAndSamplesTheServersMemory() async throws {
        let executable = SpawnedServer.siblingExecutable()
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build the server first: \(executable)")
        let scenario = try Self.shortSoak()
        let server = try await SpawnedServer.start(executable: executable, scenario: scenario)
        var logger = Logger(label: "bench-test")
        logger.logLevel = .error
        let client = try WebSocketClient(threads: 1, logger: logger)
        let driver = FloorDriver(scenario: scenario, runId: "soak-\(UInt32.random(in: 0...UInt32.max))",
                                 beforeReload: { server.rewriteConfig(for: scenario, revision: $0) },
                                 signalReload: { server.signalReload() })
        let result = await driver.run(connector: WebSocketBenchConnector(url: server.url, client: client), serverPid: server.pid)
        await client.shutdown()
        let log = (try? String(contentsOfFile: server.directory + "/server.log", encoding: .utf8)) ?? ""
        await server.stop(removeFiles: result.passed)

        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(5)) \(result.protocolErrors)")
        #expect(result.enqueued > 500)
        #expect(result.enqueued == result.completed + result.abandoned + result.drained + result.ended + result.refused)

        let churn = try #require(result.churn)
        #expect(churn.logOuts > 0 && churn.drops > 0 && churn.returns > 0, "\(churn)")
        #expect(churn.loginsRefused == 0 && churn.reconnectFailures == 0, "\(churn)")
        // The server kept a dropped agent's work for the grace, and re-queued it (agent_lost) after.
        #expect(churn.keptOverDrop > 0, "\(churn)")
        #expect(churn.agentLost > 0, "\(churn)")

        #expect(result.reloads >= 2 && result.reloadFailures == 0, "\(result.protocolErrors)")
        #expect((result.signalReloads ?? 0) >= 2)
        #expect(log.contains("sb.outcome=applied(queues -bench-reload-probe) sb.trigger=SIGHUP")
                || log.contains("sb.outcome=applied(queues +bench-reload-probe) sb.trigger=SIGHUP"))

        let memory = try #require(result.memory)
        #expect(memory.samples.count >= 8)
        #expect(memory.samples.allSatisfy { $0.residentKB > 1000 && ($0.anonymousKB ?? 0) > 0 })
        #expect(memory.judged.count >= 5)
        #expect(memory.slopeMBPerMinute != nil)
    }
}
