import Foundation
import Synchronization
import Testing
@testable import SwitchboardStore

/// The log as the event stream reads it: rows reported as they commit, the same rows read back in
/// pages, sources resolved, numbers only growing.
@Suite struct StoreEventLogTests {
    /// Collects what the writer reports.
    final class Reported: Sendable {
        let rows = Mutex<[[LoggedEvent]]>([])
        var batches: [[LoggedEvent]] { rows.withLock { $0 } }
        var all: [LoggedEvent] { batches.flatMap { $0 } }
    }

    static func traffic() -> [StoreEvent] {
        var other = newInteraction("x-1")
        other.source = "other"
        return [
            .enqueued(newInteraction("c-1"), at: 10),
            .agentLogin("a1", at: 11),
            .interaction(.offered, "c-1", at: 12, agentId: "a1"),
            .interaction(.accepted, "c-1", at: 13, agentId: "a1"),
            .enqueued(other, at: 14),
            .interaction(.completed, "c-1", at: 15, agentId: "a1", disposition: "resolved"),
            .interaction(.offered, "ghost", at: 16, agentId: "a1"),
            .alertCleared("no-such-alert", at: 17),
            .agentState("a1", "not_ready", reason: "break", at: 18),
        ]
    }

    @Test func committedRowsAreReportedWithTheirSeqAndSourceAndReadBackTheSame() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        let reported = Reported()
        store.observeLog { batch in reported.rows.withLock { $0.append(batch) } }
        let events = Self.traffic()
        try await store.append(Array(events[..<4]))
        try await store.append(Array(events[4...]))

        let live = reported.all
        #expect(live.map(\.seq) == Array(1...9))
        #expect(live.map(\.kind) == [.enqueued, .agentLogin, .offered, .accepted, .enqueued, .completed, .offered, .alertCleared, .agentState])
        #expect(live.map(\.source) == ["gateway", nil, "gateway", "gateway", "other", "gateway", nil, nil, nil])
        #expect(live[5].disposition == "resolved" && live[5].agentId == "a1" && live[5].queue == "support")
        #expect(live[8].reason == "break" && live[8].state == "not_ready")

        // Read back: the same rows, alert events left out.
        let page = try await store.readEvents(after: 0, through: 100, limit: 100)
        #expect(page.events == live.filter { !$0.kind.isAlertEvent })
        #expect(page.through == 100)
        #expect(try await store.eventLogBounds() == EventLogBounds(oldest: 1, newest: 9))
        await store.close()
    }

    @Test func pagesCoverTheLogExactlyOnceWhateverTheirSize() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append((0..<50).map { .agentState("a\($0 % 3)", $0 % 2 == 0 ? "available" : "busy", at: Int64($0)) })
        let table: [(after: Int64, through: Int64, limit: Int)] = [(0, 50, 7), (0, 50, 1), (10, 40, 100), (49, 50, 3), (0, 50, 50), (20, 20, 5)]
        for (after, through, limit) in table {
            var seqs: [Int64] = []
            var cursor = after
            var pages = 0
            while cursor < through {
                let page = try await store.readEvents(after: cursor, through: through, limit: limit)
                #expect(page.through > cursor, "a page must move on (after \(cursor))")
                #expect(page.events.count <= limit)
                seqs += page.events.map(\.seq)
                cursor = page.through
                pages += 1
            }
            #expect(seqs == Array(stride(from: after + 1, through: through, by: 1)), "after \(after) through \(through) by \(limit)")
            #expect(seqs == seqs.sorted())
        }
        await store.close()
    }

    @Test func sequenceNumbersKeepGrowingAcrossReopening() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        var store = try openStore(path)
        try await store.append([.agentLogin("a1", at: 1), .agentLogout("a1", at: 2)])
        await store.close()
        store = try openStore(path)
        let reported = Reported()
        store.observeLog { batch in reported.rows.withLock { $0.append(batch) } }
        try await store.append([.agentLogin("a1", at: 3)])
        #expect(reported.all.map(\.seq) == [3])
        #expect(try await store.eventLogBounds() == EventLogBounds(oldest: 1, newest: 3))
        await store.close()
    }

    @Test func aDuplicateEnqueueWritesNoRowAndReportsNone() async throws {
        // A duplicate enqueue writes no row: nothing to report for it either.
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        let reported = Reported()
        store.observeLog { batch in reported.rows.withLock { $0.append(batch) } }
        try await store.append([.enqueued(newInteraction("c-1"), at: 1)])
        try await store.append([.enqueued(newInteraction("c-1"), at: 2)])
        #expect(reported.all.map(\.seq) == [1])
        await store.close()
    }
}
