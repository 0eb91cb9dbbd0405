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

    /// CPU time of the writer thread per event for the routing-cycle mix (enqueued, offered, accepted,
    /// agent busy, completed, wrap_up_ended, agent available), with routing far ahead of the writer so
    /// batches are full. Prints the figure; the writer thread is the one at nice 10.
    @Test func writerCPUPerEventForTheRoutingCycleMix() async throws {
        let cycles = Int(ProcessInfo.processInfo.environment["SWITCHBOARD_STORE_MEASURE_CYCLES"] ?? "") ?? 100_000
        let agents = 200
        let block = 200
        func events(from start: Int) -> [StoreEvent] {
            let ids = (start..<start + block).map { "w\($0)" }
            let t = Int64(start) * 10
            func agent(_ n: Int) -> String { "a\((start + n) % agents)" }
            var out: [StoreEvent] = []
            out.reserveCapacity(block * 7)
            for (n, id) in ids.enumerated() {
                out.append(.enqueued(NewInteraction(id: id, source: "pbx", queue: "q\(n % 8)", channel: "voice", priority: n % 3,
                                                    customerId: "c\(n)", attributes: #"{"lang":"en"}"#, requirements: #"{"billing":3}"#), at: t))
            }
            for (n, id) in ids.enumerated() { out.append(.interaction(.offered, id, at: t + 1, agentId: agent(n))) }
            for (n, id) in ids.enumerated() {
                out.append(.interaction(.accepted, id, at: t + 2, agentId: agent(n)))
                out.append(.agentState(agent(n), "active", at: t + 2))
            }
            for (n, id) in ids.enumerated() {
                out.append(.interaction(.completed, id, at: t + 5, agentId: agent(n)))
                out.append(.interaction(.wrapUpEnded, id, at: t + 5, agentId: agent(n)))
                out.append(.agentState(agent(n), "available", at: t + 5))
            }
            return out
        }
        for syncEveryCommit in [false, true] {
            let dir = try TemporaryDirectory()
            let store = try openStore(dir.path("writer.sqlite")) { $0.syncEveryCommit = syncEveryCommit }
            let blocks = stride(from: 0, to: cycles, by: block).map(events(from:))
            let before = WriterThreadCPU.nanoseconds()
            let committedBefore = store.statistics.committedEvents
            for events in blocks { store.record(events) }
            try await store.flush()
            let cpu = WriterThreadCPU.nanoseconds() - before
            let statistics = store.statistics
            let committed = statistics.committedEvents - committedBefore
            #expect(committed == blocks.count * block * 7)
            print("store writer: sync=\(syncEveryCommit ? "FULL" : "NORMAL") events=\(committed) commits=\(statistics.commits) "
                + "writer CPU \(String(format: "%.2f", Double(cpu) / 1_000 / Double(max(1, committed)))) µs/event")
            await store.close()
        }
    }
}

/// CPU time of the store's writer threads (the threads at nice 10), from `/proc/self/task/*/schedstat`.
enum WriterThreadCPU {
    static func nanoseconds() -> UInt64 {
        let base = "/proc/self/task"
        guard let tids = try? FileManager.default.contentsOfDirectory(atPath: base) else { return 0 }
        var total: UInt64 = 0
        for tid in tids {
            guard let stat = try? String(contentsOfFile: "\(base)/\(tid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command name; the 19th field of the line (nice) is the 17th of these.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 16, fields[16] == "10",
                  let sched = try? String(contentsOfFile: "\(base)/\(tid)/schedstat", encoding: .utf8),
                  let ns = sched.split(separator: " ").first.flatMap({ UInt64($0) }) else { continue }
            total += ns
        }
        return total
    }
}
