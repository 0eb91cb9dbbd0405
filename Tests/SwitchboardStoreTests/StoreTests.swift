import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct StoreTests {
    @Test func appendReturnsOnlyAfterTheRowsAreCommitted() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.enqueued(newInteraction("i-1"), at: 1_000)])
        // A separate connection, as after a crash, sees the row the moment append returned.
        let found = try readAfresh(path) { db in
            try (Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interactions WHERE id = 'i-1'") ?? 0,
                 Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE interaction_id = 'i-1' AND kind = 'enqueued'") ?? 0)
        }
        #expect(found.0 == 1)
        #expect(found.1 == 1)
        await store.close()
    }

    @Test func concurrentAppendsAreAllDurableInCallerOrderAndShareCommits() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path) { $0.commitIntervalMs = 5 }
        let callers = 40
        let perCaller = 25
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    for n in 0..<perCaller {
                        let id = "c\(caller)-\(n)"
                        try await store.append([
                            .enqueued(newInteraction(id), at: Int64(n)),
                            .interaction(.offered, id, at: Int64(n) + 1, agentId: "a\(caller)"),
                        ])
                    }
                }
            }
            try await group.waitForAll()
        }
        let rows = try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "SELECT interaction_id, kind FROM events ORDER BY seq")
        }
        #expect(rows.count == callers * perCaller * 2)
        // Each caller's events appear in the order it handed them in, each pair contiguous.
        var lastIndex: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            let id: String = row["interaction_id"]
            let kind: String = row["kind"]
            if kind == "enqueued" {
                #expect(lastIndex[id] == nil)
                lastIndex[id] = index
            } else {
                #expect(lastIndex[id] == index - 1)
            }
            let caller = String(id.split(separator: "-")[0])
            let n = Int(id.split(separator: "-")[1]) ?? -1
            if n > 0 { #expect((lastIndex["\(caller)-\(n - 1)"] ?? Int.max) < index) }
        }
        let offered = try readAfresh(path) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interactions WHERE state = 'offered'") ?? 0
        }
        #expect(offered == callers * perCaller)
        // Group commit: a thousand awaited appends took far fewer transactions.
        let statistics = store.statistics
        #expect(statistics.committedEvents == callers * perCaller * 2)
        #expect(statistics.commits < callers * perCaller / 2)
        await store.close()
    }

    @Test func aBusyWriterStartsATransactionAtMostOncePerInterval() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path) { $0.commitIntervalMs = 40 }
        // A steady trickle: committing back to back would make a transaction of nearly every event.
        let start = ContinuousClock.now
        var recorded = 0
        while ContinuousClock.now - start < .milliseconds(400) {
            store.record(.enqueued(newInteraction("t-\(recorded)"), at: Int64(recorded)))
            recorded += 1
            try await Task.sleep(for: .microseconds(200))
        }
        try await store.flush()
        let elapsed = ContinuousClock.now - start
        let statistics = store.statistics
        #expect(statistics.committedEvents == recorded)
        let intervals = Int(elapsed / .milliseconds(40))
        #expect(statistics.commits <= intervals + 1, "\(statistics.commits) transactions in \(elapsed) for \(recorded) events")
        #expect(try readAfresh(path) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interactions") } == recorded)
        await store.close()
    }

    @Test func aClosedStoreIsWhollyInItsMainFile() async throws {
        // An operator who stops the server and copies the database file alone (no -wal beside it)
        // must copy everything: closing checkpoints the log into the file and empties it.
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.enqueued(newInteraction("kept"), at: 1), .interaction(.offered, "kept", at: 2, agentId: "a1")])
        await store.close()
        let copy = dir.path("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let (state, events) = try readAfresh(copy) { db in
            (try String.fetchOne(db, sql: "SELECT state FROM interactions WHERE id = 'kept'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0)
        }
        #expect(state == "offered")
        #expect(events == 2)
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(log == 0)
    }

    @Test func recordedEventsAreCommittedInOrderBeforeALaterFlushReturns() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        store.record(.enqueued(newInteraction("r-1"), at: 10))
        store.record(.interaction(.offered, "r-1", at: 11, agentId: "a1"))
        store.record(.interaction(.accepted, "r-1", at: 15, agentId: "a1"))
        try await store.flush()
        let kinds = try readAfresh(path) { db in
            try String.fetchAll(db, sql: "SELECT kind FROM events ORDER BY seq")
        }
        #expect(kinds == ["enqueued", "offered", "accepted"])
        let record = try #require(try await store.interaction(id: "r-1"))
        #expect(record.state == .active)
        #expect(record.agentId == "a1")
        #expect(record.waitMs == 5)
        await store.close()
    }

    @Test func reEnqueueingAKnownIdIsIgnored() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([.enqueued(newInteraction("dup", queue: "sales"), at: 1)])
        try await store.append([.enqueued(newInteraction("dup", queue: "support"), at: 2)])
        let record = try #require(try await store.interaction(id: "dup"))
        #expect(record.queue == "sales")
        #expect(record.createdAt == 1)
        #expect(try await store.eventCount() == 1)
        await store.close()
    }

    @Test func anEventLackingItsInteractionIdIsRejectedWithoutHarmingTheStore() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        let bad = StoreEvent(kind: .accepted, at: 5, agentId: "a1")
        await #expect(throws: StoreError.self) { try await store.append([bad]) }
        do {
            try await store.append([bad])
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("interactionId"))
        }
        #expect(store.isAcceptingWork)
        try await store.append([.enqueued(newInteraction("ok"), at: 6)])
        #expect(try await store.eventCount() == 1)
        await store.close()
    }

    @Test func closedStoreRefusesWrites() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        await store.close()
        #expect(!store.isAcceptingWork)
        do {
            try await store.append([.enqueued(newInteraction("late"), at: 1)])
            Issue.record("append after close succeeded")
        } catch {
            #expect(error.code == .closed)
        }
    }
}
