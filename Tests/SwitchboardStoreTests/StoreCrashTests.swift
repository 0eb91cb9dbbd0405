#if os(Linux)
import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

/// The test binary runs itself as a child that writes until it is killed with SIGKILL; the parent
/// then checks the file. The server-level crash test does the same through the real server.
@Suite struct StoreCrashTests {
    static let dbVariable = "SWITCHBOARD_STORE_CRASH_DB"
    static let ackVariable = "SWITCHBOARD_STORE_CRASH_ACKS"
    static let roundVariable = "SWITCHBOARD_STORE_CRASH_ROUND"
    static let batchSize = 8
    static let writers = 4

    /// Child mode only: awaited batches from several tasks, each acknowledgement noted in a file.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[dbVariable] != nil, "runs only as the crash test's child"))
    func crashChildWritesUntilKilled() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try #require(environment[Self.dbVariable])
        let acks = try #require(environment[Self.ackVariable])
        let round = environment[Self.roundVariable] ?? "0"
        _ = FileManager.default.createFile(atPath: acks, contents: nil)
        let ackFile = try FileHandle(forWritingTo: URL(fileURLWithPath: acks))
        let ackLock = NSLock()
        var configuration = StoreConfiguration()
        configuration.syncEveryCommit = false  // SIGKILL, not power loss: NORMAL is enough and faster
        let store = try Store(path: path, configuration: configuration)
        _ = try await store.recover(now: 0)
        // The parent kills this process; until then it writes. A parent starved of its threads by a
        // full parallel test run on a loaded machine may take minutes to get there, so the child does
        // not give up early (it exited by itself after 180 s there); it stops when its parent is gone,
        // and the deadline only bounds it in any case.
        let deadline = Date().addingTimeInterval(900)
        let parent = getppid()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<Self.writers {
                group.addTask {
                    var n = 0
                    while Date() < deadline && getppid() == parent {
                        let batch = "r\(round)-w\(writer)-b\(n)"
                        var events: [StoreEvent] = []
                        for k in 0..<Self.batchSize {
                            let id = "\(batch)-\(k)"
                            events.append(.enqueued(NewInteraction(id: id, source: "crash", queue: "q\(k % 3)", channel: "chat"), at: Int64(n * 10)))
                            if k % 2 == 0 { events.append(.interaction(.offered, id, at: Int64(n * 10 + 1), agentId: "a\(writer)")) }
                            if k % 4 == 0 { events.append(.interaction(.accepted, id, at: Int64(n * 10 + 2), agentId: "a\(writer)")) }
                        }
                        try await store.append(events)
                        ackLock.withLock { ackFile.write(Data("\(batch)\n".utf8)) }
                        n += 1
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func killedWriterLosesNoAcknowledgedBatchAndWorkContinuesToCompletion() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("crash.sqlite")
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var acknowledged: Set<String> = []
        for round in 0..<3 {
            let acks = dir.path("acks-\(round)")
            let child = Process()
            child.executableURL = binary
            child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildWritesUntilKilled"]
            var environment = ProcessInfo.processInfo.environment
            environment[Self.dbVariable] = path
            environment[Self.ackVariable] = acks
            environment[Self.roundVariable] = "\(round)"
            child.environment = environment
            let childLog = dir.path("child-\(round).log")
            _ = FileManager.default.createFile(atPath: childLog, contents: nil)
            let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: childLog))
            child.standardOutput = logHandle
            child.standardError = logHandle
            try child.run()
            // Kill at a random moment once it is writing (at least 20 acknowledged batches). On a
            // loaded machine the child may take long to start: wait for progress, not for a time.
            let started = Date()
            func acknowledgedLines() -> Int {
                (try? String(contentsOfFile: acks, encoding: .utf8))?.split(separator: "\n").count ?? 0
            }
            while acknowledgedLines() < 20, child.isRunning, Date().timeIntervalSince(started) < 150 {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...300)))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            try? logHandle.close()
            let log = (try? String(contentsOfFile: childLog, encoding: .utf8)) ?? ""
            #expect(child.terminationReason == .uncaughtSignal, "round \(round): the child exited by itself (status \(child.terminationStatus)); its output: \(log.suffix(2000))")
            let noted = try String(contentsOfFile: acks, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(!noted.isEmpty, "round \(round): the child acknowledged nothing")
            acknowledged.formUnion(noted)
        }

        let store = try openStore(path)
        let recovered = try await store.recover(now: 1_000_000)
        let rows = try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "SELECT id, state FROM interactions").map { ($0["id"] as String, $0["state"] as String) }
        }
        var perBatch: [String: Int] = [:]
        for (id, _) in rows { perBatch[batchOf(id), default: 0] += 1 }
        // Every acknowledged batch is there, and no batch is there in part.
        for batch in acknowledged { #expect(perBatch[batch] == Self.batchSize, "acknowledged \(batch) has \(perBatch[batch] ?? 0) rows") }
        for (batch, count) in perBatch { #expect(count == Self.batchSize, "\(batch) is partial: \(count) rows") }
        #expect(Set(rows.map(\.0)).count == rows.count)
        // Rows match their events: offered ones came back queued, accepted ones stay with their agent.
        let assignedIds = Set(recovered.assigned.map(\.id))
        for (id, state) in rows {
            let k = Int(id.split(separator: "-").last ?? "") ?? -1
            #expect(state == (k % 4 == 0 ? "active" : "queued"), "\(id) is \(state)")
            #expect(assignedIds.contains(id) == (k % 4 == 0))
        }
        #expect(recovered.waiting.count + recovered.assigned.count == rows.count)

        // Everything continues to completion exactly once.
        var finish: [StoreEvent] = []
        for record in recovered.waiting {
            finish.append(.interaction(.accepted, record.id, at: 2_000_000, agentId: "z"))
            finish.append(.interaction(.completed, record.id, at: 2_000_100, agentId: "z"))
        }
        for record in recovered.assigned {
            finish.append(.interaction(.completed, record.id, at: 2_000_100, agentId: record.agentId))
        }
        finish.append(StoreEvent(kind: .wrapUpEnded, at: 2_000_200, agentId: "z"))
        for agent in Set(recovered.assigned.compactMap(\.agentId)) {
            finish.append(StoreEvent(kind: .wrapUpEnded, at: 2_000_200, agentId: agent))
        }
        try await store.append(finish)
        let (completed, total, terminalEvents) = try readAfresh(path) { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interactions WHERE state = 'completed'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interactions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT interaction_id) FROM events WHERE kind = 'wrap_up_ended'") ?? 0)
        }
        #expect(completed == total)
        #expect(terminalEvents == total)
        await store.close()
    }

    private func batchOf(_ id: String) -> String {
        id.split(separator: "-").dropLast().joined(separator: "-")
    }
}
#endif
