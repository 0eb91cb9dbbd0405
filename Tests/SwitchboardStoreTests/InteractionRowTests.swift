import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct InteractionRowTests {
    private func queued(_ id: String = "i", at: Int64 = 1_000) -> InteractionRow {
        InteractionRow(newInteraction(id), at: at)
    }

    @Test func rejectedOfferReturnsToQueueKeepingItsEnqueueInstant() {
        var record = queued()
        record.apply(.interaction(.offered, "i", at: 1_100, agentId: "a1"))
        #expect(record.state == .offered)
        record.apply(.interaction(.rejected, "i", at: 1_200, agentId: "a1"))
        #expect(record.state == .queued)
        #expect(record.agentId == nil)
        #expect(record.enqueuedAt == 1_000)
        #expect(record.firstOfferedAt == 1_100)
    }

    @Test func acceptReturnsTheWaitAndCompletionAddsWrapUpToHandleTime() {
        var record = queued()
        #expect(record.apply(.interaction(.accepted, "i", at: 4_000, agentId: "a1")) == 3_000)
        #expect(record.waitMs == 3_000)
        #expect(record.apply(.interaction(.completed, "i", at: 10_000, agentId: "a1")) == 6_000)
        #expect(record.state == .wrapUp)
        #expect(record.apply(.interaction(.wrapUpEnded, "i", at: 12_000, agentId: "a1")) == 8_000)
        #expect(record.state == .completed)
        #expect(record.handleMs == 8_000)
    }

    @Test func overflowKeepsTheWaitRunningAndTransferStartsANewOne() {
        var record = queued()
        record.apply(.interaction(.overflowed, "i", at: 2_000, queue: "overflow"))
        #expect(record.queue == "overflow")
        #expect(record.apply(.interaction(.accepted, "i", at: 5_000, agentId: "a1")) == 4_000)
        record.apply(.interaction(.transferred, "i", at: 9_000, agentId: "a1", queue: "billing"))
        #expect(record.state == .queued)
        #expect(record.queue == "billing")
        #expect(record.enqueuedAt == 1_000)
        #expect(record.apply(.interaction(.accepted, "i", at: 9_500, agentId: "a2")) == 500)
        #expect(record.waitMs == 4_000)  // the first answer's wait stays
        #expect(record.answeredAt == 5_000)
    }

    @Test func cancelWhileWaitingAbandonsButCancelDuringTheCallDoesNot() {
        var waiting = queued()
        waiting.apply(.interaction(.offered, "i", at: 1_500, agentId: "a1"))
        #expect(waiting.apply(.interaction(.cancelled, "i", at: 2_000, reason: "hangup")) == 1_000)
        #expect(waiting.state == .abandoned)
        #expect(waiting.finalReason == "hangup")
        var talking = queued()
        talking.apply(.interaction(.accepted, "i", at: 2_000, agentId: "a1"))
        #expect(talking.apply(.interaction(.cancelled, "i", at: 3_000, reason: "hangup")) == nil)
        #expect(talking.state == .active)
    }

    @Test func terminalInteractionsIgnoreLaterEvents() {
        var record = queued()
        record.apply(.interaction(.abandoned, "i", at: 2_000))
        let final = record
        #expect(record.apply(.interaction(.accepted, "i", at: 3_000, agentId: "a1")) == nil)
        #expect(record.apply(.interaction(.requeued, "i", at: 3_000)) == nil)
        #expect(record == final)
    }

    @Test func lostAgentSendsTheInteractionBackWithANewWait() {
        var record = queued()
        record.apply(.interaction(.accepted, "i", at: 2_000, agentId: "a1"))
        record.apply(.interaction(.agentLost, "i", at: 60_000, agentId: "a1"))
        #expect(record.state == .queued)
        #expect(record.agentId == nil)
        #expect(record.apply(.interaction(.accepted, "i", at: 61_000, agentId: "a2")) == 1_000)
    }

    /// The table is what a replay of the log through `apply` gives.
    @Test func interactionsTableEqualsAReplayOfTheLog() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("replay.sqlite")
        let store = try openStore(path)
        try await store.append(ScriptedDay.events)
        await store.close()
        let (events, rows) = try readAfresh(path) { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY seq"),
             try InteractionRow.fetchAll(db, path: path, whereClause: "ORDER BY seq"))
        }
        var replayed: [String: InteractionRow] = [:]
        var order: [String] = []
        for row in events {
            let kind = try #require(StoreEvent.Kind(rawValue: row["kind"] as String))
            guard let id = row["interaction_id"] as String? else { continue }
            if kind == .enqueued {
                let payload = try #require(row["payload"] as String?)
                let new = try JSONDecoder().decode(NewInteraction.self, from: Data(payload.utf8))
                replayed[id] = InteractionRow(new, at: row["at"])
                order.append(id)
            } else {
                let event = StoreEvent(kind: kind, at: row["at"], interactionId: id, agentId: row["agent_id"],
                                       queue: row["queue"], reason: row["reason"], disposition: row["disposition"])
                let duration = replayed[id]?.apply(event)
                #expect(duration == row["duration_ms"] as Int64?, "duration of \(kind) for \(id)")
            }
        }
        #expect(rows.count == 7)
        #expect(order.compactMap { replayed[$0] } == rows)
    }
}

extension InteractionRowTests {
    @Test func duplicateAcceptAndOfferToABusyInteractionChangeNothing() {
        var record = InteractionRow(newInteraction("i"), at: 1_000)
        record.apply(.interaction(.accepted, "i", at: 2_000, agentId: "a1"))
        let answered = record
        #expect(record.apply(.interaction(.accepted, "i", at: 3_000, agentId: "a2")) == nil)
        #expect(record.apply(.interaction(.offered, "i", at: 3_000, agentId: "a3")) == nil)
        #expect(record == answered)
    }

    @Test func lateAcceptAfterAbandonIsNotCountedAsAnswered() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([
            .enqueued(newInteraction("race"), at: 1_000),
            .interaction(.offered, "race", at: 1_500, agentId: "a1"),
            .interaction(.cancelled, "race", at: 2_000, reason: "hangup"),
            .interaction(.accepted, "race", at: 2_001, agentId: "a1"),
        ])
        let report = try await store.report(ReportQuery(from: 0, to: 10_000))
        let queue = try #require(report.queues.first)
        #expect(queue.answered == 0)
        #expect(queue.abandoned == 1)
        #expect(queue.serviceLevelPercent == nil)
        #expect(try await store.interaction(id: "race")?.state == .abandoned)
        await store.close()
    }
}
