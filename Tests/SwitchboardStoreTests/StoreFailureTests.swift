import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct StoreFailureTests {
    private func bulky(_ id: String) -> StoreEvent {
        .enqueued(NewInteraction(id: id, source: "s", queue: "q", channel: "email",
                                 attributes: "{\"body\":\"\(String(repeating: "y", count: 2_000))\"}"), at: 1_000)
    }

    /// A statement of the batch fails half-way (a trigger refuses agents' rows, which are written last):
    /// the error names the statement and carries SQLite's message, and nothing of the batch is in the file.
    @Test func aStatementFailingMidBatchNamesItselfAndTheBatchLeavesNoTrace() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.enqueued(newInteraction("before"), at: 1)])
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER agents_frozen BEFORE INSERT ON agents BEGIN SELECT RAISE(ABORT, 'agents are frozen'); END
                """)
        }
        try queue.close()
        do {
            try await store.append([
                .enqueued(newInteraction("doomed"), at: 2), .interaction(.offered, "before", at: 3, agentId: "a1"),
                .agentState("a1", "available", at: 4),
            ])
            Issue.record("the batch was accepted")
        } catch {
            #expect(error.code == .sqlite)
            #expect(error.path == path)
            #expect(error.message.contains("write agent"), "\(error)")
            #expect(error.message.contains("agents are frozen"), "\(error)")
            #expect(error.sqliteCode != nil)
        }
        #expect(!store.isAcceptingWork)
        let (ids, states, events) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT id FROM interactions ORDER BY seq"),
             try String.fetchAll(db, sql: "SELECT state FROM interactions ORDER BY seq"),
             try String.fetchAll(db, sql: "SELECT kind FROM events ORDER BY seq"))
        }
        #expect(ids == ["before"])
        #expect(states == ["queued"])
        #expect(events == ["enqueued"])
        await store.close()
    }

    /// SQLite's own full condition (`max_page_count` reached): the caller gets a typed error naming the
    /// file, the store refuses further work, and everything acknowledged before is intact.
    @Test func fullDiskGivesAClearErrorAndTheStoreRefusesWork() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("small.sqlite")
        let store = try openStore(path) { $0.maximumSizeBytes = 256 * 1_024 }
        var acknowledged: [String] = []
        var failure: StoreError?
        for n in 0..<500 {
            do {
                try await store.append([bulky("m\(n)")])
                acknowledged.append("m\(n)")
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error.code == .diskFull)
        #expect(error.path == path)
        #expect(error.message.contains("full"))
        #expect(error.description.contains(path))
        #expect(!acknowledged.isEmpty)
        #expect(!store.isAcceptingWork)
        #expect(store.failure?.code == .diskFull)

        // Refused at once, without touching the disk; non-awaited events are counted as dropped.
        do {
            try await store.append([.enqueued(newInteraction("after"), at: 2_000)])
            Issue.record("append accepted while refusing")
        } catch {
            #expect(error.code == .refusing)
            #expect(error.message.contains("full"))
        }
        let droppedBefore = store.statistics.droppedEvents
        store.record(.enqueued(newInteraction("recorded"), at: 2_000))
        #expect(store.statistics.droppedEvents == droppedBefore + 1)

        // Everything acknowledged is in the file.
        let stored = try readAfresh(path) { db in try String.fetchAll(db, sql: "SELECT id FROM interactions ORDER BY seq") }
        #expect(stored == acknowledged)

        // Room again: the store accepts work after a successful probe.
        try await store.setMaximumSize(bytes: nil)
        try await store.resume()
        #expect(store.isAcceptingWork)
        try await store.append([.enqueued(newInteraction("after-resume"), at: 3_000)])
        #expect(try await store.interaction(id: "after-resume") != nil)
        await store.close()
    }

    @Test func resumeFailsWhileTheDiskIsStillFull() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("small.sqlite")) { $0.maximumSizeBytes = 200 * 1_024 }
        for n in 0..<500 {
            do { try await store.append([bulky("m\(n)")]) } catch { break }
        }
        #expect(!store.isAcceptingWork)
        await #expect(throws: StoreError.self) { try await store.resume() }
        #expect(!store.isAcceptingWork)
        await store.close()
    }

    @Test func readOnlyStoreRecoversAndReportsButRefusesWrites() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        do {
            let store = try openStore(path)
            try await store.append([.enqueued(newInteraction("w"), at: 1_000), .interaction(.offered, "w", at: 1_100, agentId: "a1")])
            await store.close()
        }
        let store = try openStore(path) { $0.readOnly = true }
        #expect(!store.isAcceptingWork)
        #expect(store.failure?.code == .readOnly)
        do {
            try await store.append([.enqueued(newInteraction("x"), at: 2_000)])
            Issue.record("read-only store accepted a write")
        } catch {
            #expect(error.code == .readOnly)
            #expect(error.path == path)
        }
        let recovered = try await store.recover(now: 3_000)
        #expect(recovered.waiting.map(\.id) == ["w"])
        #expect(recovered.waiting.first?.state == .queued)
        let report = try await store.report(ReportQuery(from: 0, to: 10_000))
        #expect(report.queues.first?.offered == 1)
        await #expect(throws: StoreError.self) { try await store.resume() }
        await store.close()
    }

    /// A database file the operating system will not let anyone write (immutable attribute, which
    /// binds root too) fails to open with `read_only` naming the file, rather than at the first enqueue.
    @Test(.enabled(if: ImmutableFile.isSupported, "needs chattr +i (root on ext4-like file systems)"))
    func immutableDatabaseFileFailsToOpenWithReadOnly() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("locked.sqlite")
        do {
            let store = try openStore(path)
            try await store.append([.enqueued(newInteraction("kept"), at: 1_000)])
            await store.close()
        }
        try ImmutableFile.set(path, true)
        defer { try? ImmutableFile.set(path, false) }
        do {
            _ = try openStore(path)
            Issue.record("opened an immutable file for writing")
        } catch let error as StoreError {
            #expect(error.code == .readOnly)
            #expect(error.path == path)
        }
    }
}

/// `chattr ±i`, which stops writes even by root.
enum ImmutableFile {
    static let isSupported: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("immutable-probe-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: probe, contents: Data("x".utf8)) else { return false }
        defer {
            try? set(probe, false)
            try? FileManager.default.removeItem(atPath: probe)
        }
        guard (try? set(probe, true)) != nil else { return false }
        return (try? Data("y".utf8).write(to: URL(fileURLWithPath: probe))) == nil
    }()

    struct Failed: Error { var status: Int32 }

    static func set(_ path: String, _ on: Bool) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [on ? "+i" : "-i", path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
    }
}
