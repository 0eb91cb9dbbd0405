import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

/// Sustained events/s the store absorbs. Runs only when asked (it measures, it does not judge speed):
/// `SWITCHBOARD_STORE_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter StoreThroughputMeasurement`
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_STORE_MEASURE"] != nil, "set SWITCHBOARD_STORE_MEASURE=1 to measure"))
struct StoreThroughputMeasurement {
    static let interactions = 40_000

    /// The events routing logs for one interaction from enqueue to the end of wrap-up.
    static func lifecycle(_ n: Int) -> (enqueue: StoreEvent, rest: [StoreEvent]) {
        let id = "m\(n)"
        let agent = "a\(n % 500)"
        let t = Int64(n) * 10
        return (
            .enqueued(NewInteraction(id: id, source: "pbx", queue: "q\(n % 8)", channel: "voice", priority: n % 3,
                                     customerId: "c\(n)", attributes: #"{"lang":"en","ivr":"billing"}"#,
                                     requirements: #"{"billing":3}"#), at: t),
            [
                .interaction(.offered, id, at: t + 1, agentId: agent),
                .interaction(.accepted, id, at: t + 2, agentId: agent),
                .agentState(agent, "active", at: t + 2),
                .interaction(.completed, id, at: t + 5, agentId: agent),
                .agentState(agent, "wrap_up", at: t + 5),
                .interaction(.wrapUpEnded, id, at: t + 7, agentId: agent),
                .agentState(agent, "available", at: t + 7),
            ]
        )
    }

    private func measure(syncEveryCommit: Bool, awaitEnqueues: Bool, sources: Int = 1) async throws -> Double {
        let dir = try TemporaryDirectory()
        var configuration = StoreConfiguration()
        configuration.syncEveryCommit = syncEveryCommit
        let store = try Store(path: dir.path("measure.sqlite"), configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        if awaitEnqueues {
            // Sources wait for durable enqueues (as the server's `ok` will); routing records the rest.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for source in 0..<sources {
                    group.addTask {
                        for n in stride(from: source, to: Self.interactions, by: sources) {
                            let (enqueue, rest) = Self.lifecycle(n)
                            try await store.append([enqueue])
                            store.record(rest)
                        }
                    }
                }
                try await group.waitForAll()
            }
        } else {
            for n in 0..<Self.interactions {
                let (enqueue, rest) = Self.lifecycle(n)
                store.record([enqueue] + rest)
            }
        }
        try await store.flush()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let statistics = store.statistics
        #expect(statistics.committedEvents == Self.interactions * 8)
        #expect(try await store.eventCount() == Self.interactions * 8)
        let rate = Double(statistics.committedEvents) / seconds
        print("store throughput: sync=\(syncEveryCommit ? "FULL" : "NORMAL") awaitedEnqueues=\(awaitEnqueues) sources=\(sources) "
            + "events=\(statistics.committedEvents) commits=\(statistics.commits) seconds=\(String(format: "%.2f", seconds)) "
            + "events/s=\(Int(rate))")
        await store.close()
        return rate
    }

    @Test func recordedEventsPerSecond() async throws {
        _ = try await measure(syncEveryCommit: true, awaitEnqueues: false)
        _ = try await measure(syncEveryCommit: false, awaitEnqueues: false)
    }

    /// Each source waits for its enqueue's acknowledgement before the next, so the rate is bounded by
    /// sources × batch / commit latency as well as by the store.
    @Test(arguments: [64, 512])
    func awaitedEnqueuesPerSecond(sources: Int) async throws {
        _ = try await measure(syncEveryCommit: true, awaitEnqueues: true, sources: sources)
        _ = try await measure(syncEveryCommit: false, awaitEnqueues: true, sources: sources)
    }
}
