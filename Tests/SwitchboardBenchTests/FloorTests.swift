import Foundation
import Logging
import SwitchboardBench
import SwitchboardSocket
import Testing

@Suite struct FloorTests {
    static func smoke() throws -> Scenario {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/bench/smoke.yaml").standardized.path
        return try ScenarioParser.load(contentsOf: path)
    }

    func run(_ scenario: Scenario, faults: Set<FakeSwitchboard.Fault> = [], duration: Double? = nil) -> BenchResult {
        let floor = Floor(scenario: scenario, durationSeconds: duration, runId: "t")
        return VirtualFloorRun.run(floor, server: FakeSwitchboard(floor: floor, faults: faults))
    }

    @Test func smokeScenarioPassesAgainstACorrectServer() throws {
        let result = run(try Self.smoke())
        #expect(result.setupError == nil)
        #expect(result.correctnessPassed, "\(result.violationExamples)")
        // 12 s at 25/s: about 300 arrivals.
        #expect(result.enqueued > 220 && result.enqueued < 380)
        #expect(result.enqueued == result.completed + result.abandoned + result.drained + result.ended)
        #expect(result.enqueueToOffer.count > 200)
        #expect(result.enqueueToAssigned.count == result.assigned)
        #expect(result.rejects > 0)
        #expect((result.occupancy ?? 0) > 0 && (result.occupancy ?? 1) < 1)
        #expect(result.messagesPerSecond > 0)
    }

    @Test func sameSeedGivesTheSameRun() throws {
        let a = run(try Self.smoke(), duration: 4)
        let b = run(try Self.smoke(), duration: 4)
        #expect(a == b)
    }

    @Test func capacityBreachOfTheServerFailsTheRun() throws {
        let result = run(try Self.smoke(), faults: [.ignoreCapacity], duration: 4)
        #expect(!result.correctnessPassed)
        #expect((result.violations["capacity"] ?? 0) > 0)
    }

    @Test func skillBreachOfTheServerFailsTheRun() throws {
        let result = run(try Self.smoke(), faults: [.ignoreSkills], duration: 4)
        #expect((result.violations["skills"] ?? 0) > 0)
    }

    @Test func duplicateTerminalEventsFailTheRun() throws {
        let result = run(try Self.smoke(), faults: [.duplicateCompleted], duration: 3)
        #expect((result.violations["duplicate_terminal"] ?? 0) > 0)
    }

    @Test func lostTerminalEventsFailTheRunAfterTheDrain() throws {
        var scenario = try Self.smoke()
        scenario.drainSeconds = 2
        let result = run(scenario, faults: [.loseCompleted], duration: 3)
        #expect((result.violations["missing_terminal"] ?? 0) > 0)
    }

    @Test func impatientCustomersAbandonWhenNobodyCanServeThem() throws {
        var scenario = try Self.smoke()
        scenario.agentGroups = [AgentGroup(name: "one", count: 1, skills: ["english": 9...9, "technical": 9...9], capacity: ["voice": 1, "chat": 1, "email": 1], totalCapacity: 1)]
        scenario.patience = .constant(0.5)
        scenario.behaviour.notReady = nil
        let result = run(scenario, duration: 5)
        #expect(result.correctnessPassed, "\(result.violationExamples)")
        #expect(result.abandoned > 20)
        #expect(result.abandonRate > 0.2)
    }

    @Test func countStopsArrivals() throws {
        var scenario = try Self.smoke()
        scenario.count = 40
        scenario.durationSeconds = nil
        let result = run(scenario)
        #expect(result.enqueued == 40)
        #expect(result.correctnessPassed)
    }

    @Test func rejectedLoginIsASetupError() throws {
        let scenario = try Self.smoke()
        let floor = Floor(scenario: scenario, runId: "t")
        _ = floor.start(now: 0)
        _ = floor.receive(#"{"type":"error","ref":"h","code":"unauthorized","message":"unknown token"}"#, on: 0, now: 0.1)
        #expect(floor.isFinished)
        let result = floor.result(startedAt: "x")
        #expect(result.setupError?.contains("unauthorized") == true)
        #expect(!result.passed)
    }
}

@Suite struct FloorDriverTests {
    @Test func driverRunsTheFloorInRealTimeOverConnections() async throws {
        var scenario = try FloorTests.smoke()
        scenario.drainSeconds = 3
        let layout = Floor(scenario: scenario, runId: "layout").connections
        let hub = FakeHub(scenario: scenario, connections: layout)
        let driver = FloorDriver(scenario: scenario, durationSeconds: 1.5, runId: "rt")
        let progressLines = ProgressBox()
        let loop = try EventLoop(logger: Logger(label: "floor-driver-test"))
        loop.start()
        let result = await driver.run(connector: InMemoryConnector(hub: hub, loop: loop), progressInterval: 0.5) { progressLines.add($0.line) }
        await loop.shutdown()
        #expect(result.setupError == nil)
        #expect(result.correctnessPassed, "\(result.violationExamples)")
        #expect(result.enqueued > 15)
        #expect(result.enqueued == result.completed + result.abandoned + result.drained + result.ended)
        #expect(result.enqueueToOffer.count > 10)
        #expect(progressLines.count > 0)
    }
}

/// Collects progress callbacks from another task.
final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var count: Int { lock.withLock { lines.count } }
}

@Suite struct FloorAbortTests {
    @Test func interruptedRunOwesNoTerminalEventsForWorkInFlight() throws {
        let scenario = try FloorTests.smoke()
        let floor = Floor(scenario: scenario, runId: "i")
        let server = FakeSwitchboard(floor: floor)
        // Log everyone in and let a few interactions arrive, without delivering their events back.
        var pending = floor.start(now: 0)
        var now = 0.0
        while !pending.isEmpty {
            now += 0.001
            var replies: [Outgoing] = []
            for message in pending { replies += server.receive(message.text, from: message.connection) }
            pending = replies.flatMap { floor.receive($0.text, on: $0.connection, now: now) }
        }
        for message in floor.advance(to: 1) { _ = server.receive(message.text, from: message.connection) }
        floor.abort(reason: "interrupted", now: 1)
        let result = floor.result(startedAt: "x")
        #expect(result.enqueued > 0)
        #expect(result.violations["missing_terminal"] == nil)
        #expect(result.protocolErrors["aborted: interrupted"] == 1)
    }
}
