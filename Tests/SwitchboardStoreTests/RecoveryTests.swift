import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct RecoveryTests {
    @Test func waitingInteractionsComeBackInOriginalOrderWithOriginalInstants() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        do {
            let store = try openStore(path)
            try await store.append([
                .enqueued(newInteraction("late", queue: "q1"), at: 3_000),
                // Re-created after a transfer with its older place.
                .enqueued(newInteraction("moved", queue: "q1", enqueuedAt: 500), at: 3_500),
                .enqueued(newInteraction("early", queue: "q2"), at: 1_000),
                .enqueued(newInteraction("same-ms-1", queue: "q1"), at: 2_000),
                .enqueued(newInteraction("same-ms-2", queue: "q1"), at: 2_000),
                .interaction(.offered, "early", at: 4_000, agentId: "a1"),
                .enqueued(newInteraction("talking", queue: "q2"), at: 1_500),
                .interaction(.accepted, "talking", at: 4_100, agentId: "a2"),
                .enqueued(newInteraction("wrapping", queue: "q2"), at: 1_600),
                .interaction(.accepted, "wrapping", at: 4_200, agentId: "a3"),
                .interaction(.completed, "wrapping", at: 4_300, agentId: "a3"),
                .enqueued(newInteraction("gone", queue: "q1"), at: 1_700),
                .interaction(.abandoned, "gone", at: 4_400),
                .agentLogin("a1", at: 100),
                .agentState("a1", "available", at: 200),
                .agentLogin("a4", at: 100),
                .agentState("a4", "not_ready", reason: "break", at: 300),
                .agentLogout("a4", reason: "shift_end", at: 400),
            ])
            await store.close()
        }
        let store = try openStore(path)
        let recovered = try await store.recover(now: 9_000)
        #expect(recovered.waiting.map(\.id) == ["moved", "early", "same-ms-1", "same-ms-2", "late"])
        #expect(recovered.waiting.map(\.enqueuedAt) == [500, 1_000, 2_000, 2_000, 3_000])
        #expect(recovered.waiting.allSatisfy { $0.state == .queued && $0.agentId == nil })
        #expect(recovered.waiting(in: "q1").map(\.id) == ["moved", "same-ms-1", "same-ms-2", "late"])
        #expect(recovered.assigned.map(\.id) == ["talking", "wrapping"])
        #expect(recovered.assigned.map(\.agentId) == ["a2", "a3"])
        #expect(recovered.assigned.map(\.state) == [.active, .wrapUp])
        #expect(recovered.agents == [
            AgentRow(agentId: "a1", state: "available", reason: nil, changedAt: 200, loggedIn: true),
            AgentRow(agentId: "a4", state: "offline", reason: "shift_end", changedAt: 400, loggedIn: false),
        ])
        // The void offer is in the log as a re-queue, so the row matches what recovery returned.
        let early = try #require(try await store.interaction(id: "early"))
        #expect(early.state == .queued)
        #expect(early.firstOfferedAt == 4_000)
        let lastKind = try readAfresh(path) { db in
            try String.fetchOne(db, sql: "SELECT kind || ':' || reason FROM events WHERE interaction_id = 'early' ORDER BY seq DESC LIMIT 1")
        }
        #expect(lastKind == "requeued:restart")
        await store.close()
    }

    @Test func reopenedStoreContinuesInteractionsToCompletion() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        do {
            let store = try openStore(path)
            try await store.append([.enqueued(newInteraction("x"), at: 1_000), .interaction(.accepted, "x", at: 2_000, agentId: "a1")])
            await store.close()
        }
        let store = try openStore(path)
        _ = try await store.recover(now: 3_000)
        // The reopened writer knows the row without reading it back from the table first.
        try await store.append([
            .interaction(.completed, "x", at: 5_000, agentId: "a1"),
            StoreEvent(kind: .wrapUpEnded, at: 6_000, agentId: "a1"),
        ])
        let record = try #require(try await store.interaction(id: "x"))
        #expect(record.state == .completed)
        #expect(record.handleMs == 4_000)
        await store.close()
    }

    /// A commit torn in the WAL (a crash while SQLite appended it) vanishes whole on the next open;
    /// every earlier commit is intact.
    @Test func tornWALRecoversExactlyTheCommittedBatches() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path) { $0.walAutoCheckpointPages = 0 }
        let batches = 6
        for batch in 0..<batches {
            // Big enough that each commit spans several WAL frames.
            try await store.append((0..<40).map { n in
                .enqueued(NewInteraction(id: "b\(batch)-\(n)", source: "s", queue: "q", channel: "chat",
                                         attributes: "{\"note\":\"\(String(repeating: "x", count: 200))\"}"), at: Int64(batch * 100 + n))
            })
        }
        let wal = path + "-wal"
        let walSize = try #require(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int)
        #expect(walSize > 4_096)
        // Cut the WAL at several points, including mid-frame, and open each copy as after a crash.
        var seenCounts: Set<Int> = []
        for cut in [1, 7, 100, 4_000, 4_200, walSize / 3, walSize / 2, walSize - 10_000] where cut < walSize {
            let copy = dir.path("copy-\(cut).sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let data = try Data(contentsOf: URL(fileURLWithPath: wal))
            try data.prefix(walSize - cut).write(to: URL(fileURLWithPath: copy + "-wal"))
            let reopened = try openStore(copy)
            let ids = try readAfresh(copy) { db in try String.fetchAll(db, sql: "SELECT id FROM interactions ORDER BY seq") }
            // A prefix of whole batches: never part of one.
            #expect(ids.count % 40 == 0, "cut \(cut) left \(ids.count) rows")
            #expect(ids.count < batches * 40)
            let expected = (0..<(ids.count / 40)).flatMap { batch in (0..<40).map { "b\(batch)-\($0)" } }
            #expect(ids == expected)
            let events = try await reopened.eventCount()
            #expect(events == ids.count)
            seenCounts.insert(ids.count)
            // The store writes on after the torn tail.
            try await reopened.append([.enqueued(newInteraction("after-\(cut)"), at: 9_999)])
            #expect(try await reopened.interaction(id: "after-\(cut)") != nil)
            await reopened.close()
        }
        #expect(seenCounts.count > 1)
        await store.close()
    }
}
