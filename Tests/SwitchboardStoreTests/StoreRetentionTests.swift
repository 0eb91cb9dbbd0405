import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct StoreRetentionTests {
    @Test func purgeDeletesOnlyEventsOlderThanTheCutoffAndKeepsTheAccounts() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        let day: Int64 = 86_400_000
        // 2,500 old events (more than two chunks) and a few recent ones.
        var old: [StoreEvent] = []
        for n in 0..<1_250 {
            old.append(.enqueued(NewInteraction(id: "old-\(n)", source: "s", queue: "q", channel: "chat",
                                                attributes: "{\"pad\":\"\(String(repeating: "p", count: 300))\"}"), at: Int64(n)))
            old.append(.interaction(.abandoned, "old-\(n)", at: Int64(n) + 10))
        }
        try await store.append(old)
        try await store.append([
            .enqueued(newInteraction("new-1"), at: 40 * day),
            .agentState("a1", "available", at: 40 * day + 1),
            .enqueued(newInteraction("edge"), at: 10 * day),  // exactly at the cutoff: kept
        ])
        let deleted = try await store.purgeEvents(olderThanDays: 30, now: 40 * day, chunkSize: 1_000)
        #expect(deleted == 2_500)
        let (remaining, interactions, agents) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT interaction_id FROM events WHERE interaction_id IS NOT NULL ORDER BY seq"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interactions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents") ?? 0)
        }
        #expect(remaining == ["new-1", "edge"])
        #expect(interactions == 1_252)
        #expect(agents == 1)
        // Incremental vacuum gave the freed pages back.
        #expect(try await store.freePageCount() == 0)
        // New events keep increasing sequence numbers after old ones were deleted.
        try await store.append([.interaction(.offered, "new-1", at: 40 * day + 5, agentId: "a1")])
        let kinds = try readAfresh(path) { db in try String.fetchAll(db, sql: "SELECT kind FROM events ORDER BY seq") }
        #expect(kinds == ["enqueued", "agent_state", "enqueued", "offered"])
        await store.close()
    }

    @Test func purgeDeletesAlertsClearedBeforeTheCutoffAndKeepsRaisedOnesHoweverOld() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        let day: Int64 = 86_400_000
        try await store.append([
            .alertRaised(alertRow("old-cleared", raisedAt: 1 * day), at: 1 * day), .alertCleared("old-cleared", at: 2 * day),
            .alertRaised(alertRow("old-raised", raisedAt: 1 * day), at: 1 * day),
            .alertRaised(alertRow("old-acknowledged", raisedAt: 1 * day), at: 1 * day),
            .alertAcknowledged("old-acknowledged", by: "sup-1", at: 2 * day),
            .alertRaised(alertRow("old-cleared-late", raisedAt: 1 * day), at: 1 * day), .alertCleared("old-cleared-late", at: 10 * day),
            .alertRaised(alertRow("new-cleared", raisedAt: 35 * day), at: 35 * day), .alertCleared("new-cleared", at: 36 * day),
        ])
        // Retention of 30 days on day 40: the cutoff is day 10; a clear exactly at it stays.
        _ = try await store.purgeEvents(olderThanDays: 30, now: 40 * day)
        let left = try readAfresh(path) { db in try String.fetchAll(db, sql: "SELECT id FROM alerts ORDER BY id") }
        #expect(left == ["new-cleared", "old-acknowledged", "old-cleared-late", "old-raised"])
        #expect(try await store.raisedAlerts().map(\.id) == ["old-acknowledged", "old-raised"])
        // In chunks, on its own.
        #expect(try await store.purgeClearedAlerts(olderThan: 37 * day, chunkSize: 1) == 2)
        #expect(try readAfresh(path) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alerts") } == 2)
        await store.close()
    }

    /// The `event_spans` rows as `first-last@min-max`.
    static func spans(_ path: String) throws -> [String] {
        try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "SELECT first_seq, last_seq, min_at, max_at FROM event_spans ORDER BY first_seq")
                .map { "\($0["first_seq"] as Int64)-\($0["last_seq"] as Int64)@\($0["min_at"] as Int64)-\($0["max_at"] as Int64)" }
        }
    }

    @Test func transactionsWithinAMinuteShareOneSpanRow() async throws {
        // One row per minute of log, not per transaction: finding a period stays cheap however busy the day.
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.agentState("a1", "available", at: 1_000)])
        try await store.append([.agentState("a1", "not_ready", reason: "break", at: 30_000), .agentLogin("a2", at: 40_000)])
        #expect(try Self.spans(path) == ["1-3@1000-40000"])
        // A row never covers more than a minute: this transaction starts the next one.
        try await store.append([.agentState("a2", "available", at: 61_000)])
        try await store.append([.agentState("a2", "not_ready", reason: "break", at: 70_000)])
        #expect(try Self.spans(path) == ["1-3@1000-40000", "4-5@61000-70000"])
        // A clock stepped back by more than a minute starts a row too; each row still covers its events.
        try await store.append([.agentState("a2", "available", at: 5_000)])
        #expect(try Self.spans(path) == ["1-3@1000-40000", "4-5@61000-70000", "6-6@5000-5000"])
        // A store opened again starts a row of its own rather than extend one it did not write.
        await store.close()
        let reopened = try openStore(path)
        try await reopened.append([.agentState("a2", "not_ready", reason: "break", at: 5_500)])
        #expect(try Self.spans(path) == ["1-3@1000-40000", "4-5@61000-70000", "6-6@5000-5000", "7-7@5500-5500"])
        await reopened.close()
    }

    @Test func purgeDeletesByPrimaryKeyWindowsFoundThroughTheTransactionsSpans() async throws {
        // The log has no index by time: spans of seq and time lead to the rows.
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.agentState("a1", "available", at: 1), .agentLogin("a2", at: 2)])
        try await store.append([.agentState("a1", "not_ready", reason: "break", at: 100_000)])
        func spans() throws -> [String] { try Self.spans(path) }
        let plan = try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN DELETE FROM events WHERE seq BETWEEN ? AND ? AND at < ?",
                             arguments: [1, 2, 10]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY") && $0.contains("rowid>? AND rowid<?") }, "\(plan)")
        #expect(try spans() == ["1-2@1-2", "3-3@100000-100000"])

        #expect(try await store.purgeEvents(olderThan: 10) == 2)
        #expect(try spans() == ["3-3@100000-100000"])
        #expect(try await store.eventCount() == 1)
        await store.close()
    }

    @Test func purgeAndReportsFollowTimeNotOrderWhenTheClockSteppedBack() async throws {
        // A clock stepped back: a later transaction holds an earlier instant. Spans overlap; nothing is
        // missed and nothing newer than the cutoff goes.
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([.agentState("a1", "available", at: 100)])
        try await store.append([.agentState("a1", "not_ready", reason: "break", at: 5), .agentState("a1", "available", at: 200)])
        #expect(try await store.purgeEvents(olderThan: 10) == 1)
        #expect(try await store.eventCount() == 2)
        #expect(try await store.purgeEvents(olderThan: 150) == 1)
        #expect(try await store.eventCount() == 1)
        await store.close()
    }

    @Test func writesGoOnWhileAPurgeRuns() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append((0..<3_000).map { .agentState("a\($0 % 10)", "available", at: Int64($0)) })
        // A recent event: the log's newest row always stays (see the test below), and this one is it.
        try await store.append([.agentState("a0", "not_ready", reason: "break", at: 20_000)])
        async let purge = store.purgeEvents(olderThan: 10_000, chunkSize: 100)
        for n in 0..<20 {
            try await store.append([.enqueued(newInteraction("live-\(n)"), at: 20_000 + Int64(n))])
        }
        #expect(try await purge == 3_000)
        #expect(try await store.eventCount() == 21)
        await store.close()
    }
}

extension StoreRetentionTests {
    @Test func purgeKeepsTheNewestEventSoSequenceNumbersNeverStartOver() async throws {
        // Event-stream consumers resume by seq: a log emptied by retention would number from 1 again.
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append((0..<5).map { .agentState("a1", "available", at: Int64($0)) })
        #expect(try await store.purgeEvents(olderThan: 1_000) == 4)
        #expect(try await store.eventLogBounds() == EventLogBounds(oldest: 5, newest: 5))
        try await store.append([.agentLogin("a2", at: 2_000)])
        #expect(try await store.eventLogBounds() == EventLogBounds(oldest: 5, newest: 6))
        await store.close()
    }

    @Test func retentionLoopPurgesUntilCancelled() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        let day: Int64 = 86_400_000
        try await store.append([.agentState("a1", "available", at: 1), .agentState("a1", "not_ready", reason: "break", at: 9 * day)])
        let loop = Task { await store.runRetention(keepDays: 7, every: .milliseconds(10), now: { 10 * day }) }
        var remaining = try await store.eventCount()
        for _ in 0..<500 where remaining != 1 {
            try await Task.sleep(for: .milliseconds(10))
            remaining = try await store.eventCount()
        }
        loop.cancel()
        await loop.value
        #expect(remaining == 1)
        await store.close()
    }
}

/// The README's query for one interaction's history: its rows, in order, found through the spans.
@Suite struct InteractionHistoryQueryTests {
    static let historySQL = """
        SELECT kind FROM events
        WHERE seq >= (SELECT MIN(first_seq) FROM event_spans
                      WHERE max_at >= (SELECT created_at FROM interactions WHERE id = ?))
          AND interaction_id = ?
        ORDER BY seq
        """

    @Test func theDocumentedHistoryQueryReturnsOneInteractionsRowsInOrder() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        // Other interactions before, between and after, over several transactions.
        try await store.append([.enqueued(newInteraction("before"), at: 100), .interaction(.cancelled, "before", at: 150)])
        try await store.append([.enqueued(newInteraction("x"), at: 200), .enqueued(newInteraction("other"), at: 201)])
        try await store.append([.interaction(.offered, "x", at: 300, agentId: "a1"), .interaction(.offered, "other", at: 301, agentId: "a2")])
        try await store.append([.interaction(.accepted, "x", at: 400, agentId: "a1"), .interaction(.cancelled, "other", at: 401)])
        try await store.append([.interaction(.completed, "x", at: 500, agentId: "a1"), .interaction(.wrapUpEnded, "x", at: 900, agentId: "a1")])
        let history = try readAfresh(path) { db in try String.fetchAll(db, sql: Self.historySQL, arguments: ["x", "x"]) }
        #expect(history == ["enqueued", "offered", "accepted", "completed", "wrap_up_ended"])
        let plan = try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.historySQL, arguments: ["x", "x"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY") }, "\(plan)")
        await store.close()
    }
}
