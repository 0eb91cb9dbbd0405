import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

/// An alert with test defaults.
func alertRow(_ id: String, kind: String = "topic_surge", severity: String = "warning",
              subject: String = #"{"count":41,"expected":6.5,"topic":"billing"}"#, raisedAt: Int64 = 1_000) -> AlertRow {
    AlertRow(id: id, kind: kind, severity: severity, subject: subject, message: "41 contacts about billing in 15 min (usually 6.5)",
             raisedAt: raisedAt)
}

@Suite struct AlertTests {
    @Test func raiseAcknowledgeAndClearGoThroughTheWriterAndBackOutOfRaisedAlerts() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([.alertRaised(alertRow("a-1"), at: 1_000), .alertRaised(alertRow("a-2", kind: "service_level", raisedAt: 1_100), at: 1_100)])
        #expect(try await store.raisedAlerts() == [alertRow("a-1"), alertRow("a-2", kind: "service_level", raisedAt: 1_100)])

        // Acknowledged alerts stay raised until their condition clears.
        try await store.append([.alertAcknowledged("a-1", by: "sup-1", note: "calling the team lead", at: 2_000)])
        var acknowledged = alertRow("a-1")
        acknowledged.acknowledgedAt = 2_000
        acknowledged.acknowledgedBy = "sup-1"
        acknowledged.acknowledgementNote = "calling the team lead"
        #expect(try await store.raisedAlerts() == [acknowledged, alertRow("a-2", kind: "service_level", raisedAt: 1_100)])

        // `record` (no waiting) takes alert events the same way.
        store.record(.alertCleared("a-1", at: 3_000))
        #expect(try await store.raisedAlerts().map(\.id) == ["a-2"])
        let cleared = try readAfresh(store.path) { db in
            try Row.fetchOne(db, sql: "SELECT cleared_at, acknowledged_by FROM alerts WHERE id = 'a-1'")
        }
        #expect(cleared?["cleared_at"] == 3_000 as Int64)
        #expect(cleared?["acknowledged_by"] == "sup-1")
        await store.close()
    }

    @Test func eachAlertEventIsOneLogRowCarryingItsChangeAsJSON() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([
            .alertRaised(alertRow("a-\"1\""), at: 1_000),
            .alertAcknowledged("a-\"1\"", by: "sup-1", note: "on it\n", at: 1_500),
            .alertAcknowledged("a-\"1\"", by: "sup-2", at: 1_600),
            .alertCleared("a-\"1\"", at: 2_000),
        ])
        let rows = try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "SELECT kind, at, interaction_id, agent_id, queue, payload FROM events ORDER BY seq")
        }
        #expect(rows.map { $0["kind"] as String } == ["alert_raised", "alert_acknowledged", "alert_acknowledged", "alert_cleared"])
        #expect(rows.map { $0["at"] as Int64 } == [1_000, 1_500, 1_600, 2_000])
        #expect(rows.allSatisfy { ($0["interaction_id"] as String?) == nil && ($0["agent_id"] as String?) == nil && ($0["queue"] as String?) == nil })
        let payloads = rows.map { $0["payload"] as String }
        #expect(payloads == [
            #"{"id":"a-\"1\"","kind":"topic_surge","severity":"warning","subject":{"count":41,"expected":6.5,"topic":"billing"},"#
                + #""message":"41 contacts about billing in 15 min (usually 6.5)","raisedAt":1000}"#,
            #"{"id":"a-\"1\"","acknowledgedBy":"sup-1","acknowledgementNote":"on it\n"}"#,
            #"{"id":"a-\"1\"","acknowledgedBy":"sup-2"}"#,
            #"{"id":"a-\"1\""}"#,
        ])
        // Every payload is JSON that SQLite reads too.
        let valid = try readAfresh(path) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE json_valid(payload)") }
        #expect(valid == 4)
        // The later acknowledgement replaces the earlier one; the log keeps both.
        let alert = try readAfresh(path) { db in try Row.fetchOne(db, sql: "SELECT acknowledged_at, acknowledged_by, acknowledgement_note FROM alerts") }
        #expect(alert?["acknowledged_at"] == 1_600 as Int64)
        #expect(alert?["acknowledged_by"] == "sup-2")
        #expect((alert?["acknowledgement_note"] as String?) == nil)
        await store.close()
    }

    @Test func raisingAKnownIdChangesNothingAndLogsNothing() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.alertRaised(alertRow("a-1"), at: 1_000)])
        try await store.append([.alertCleared("a-1", at: 2_000)])
        // Raised again after a restart, in the same batch twice, and after its clear: the first raise stands.
        var again = alertRow("a-1", severity: "critical", raisedAt: 5_000)
        again.message = "changed"
        try await store.append([.alertRaised(again, at: 5_000), .alertRaised(again, at: 5_001)])
        #expect(try await store.raisedAlerts().isEmpty)
        let (kinds, rows) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT kind FROM events ORDER BY seq"),
             try Row.fetchAll(db, sql: "SELECT severity, raised_at, cleared_at FROM alerts"))
        }
        #expect(kinds == ["alert_raised", "alert_cleared"])
        #expect(rows.count == 1)
        #expect(rows.first?["severity"] == "warning")
        #expect(rows.first?["cleared_at"] == 2_000 as Int64)
        // A second clear keeps the first instant; events about an unknown alert are logged and change nothing.
        try await store.append([.alertCleared("a-1", at: 6_000), .alertCleared("nobody", at: 6_001),
                                .alertAcknowledged("nobody", by: "sup-1", at: 6_002)])
        let (clearedAt, count, logged) = try readAfresh(path) { db in
            (try Int64.fetchOne(db, sql: "SELECT cleared_at FROM alerts WHERE id = 'a-1'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alerts") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? -1)
        }
        #expect(clearedAt == 2_000)
        #expect(count == 1)
        #expect(logged == 5)
        await store.close()
    }

    @Test func raisedAlertsSurviveReopeningTheFile() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        var store = try openStore(path)
        try await store.append([
            .alertRaised(alertRow("a-1", raisedAt: 1_000), at: 1_000),
            .alertRaised(alertRow("a-2", kind: "complaint_waiting", severity: "critical",
                                  subject: #"{"interaction":"i-9","queue":"complaints"}"#, raisedAt: 1_200), at: 1_200),
            .alertRaised(alertRow("a-3", raisedAt: 1_300), at: 1_300),
            .alertAcknowledged("a-2", by: "sup-1", note: nil, at: 1_500),
            .alertCleared("a-3", at: 1_600),
        ])
        let before = try await store.raisedAlerts()
        await store.close()
        store = try openStore(path)
        let after = try await store.raisedAlerts()
        #expect(after == before)
        #expect(after.map(\.id) == ["a-1", "a-2"])
        #expect(after.last?.acknowledgedBy == "sup-1")
        #expect(after.last?.subject == #"{"interaction":"i-9","queue":"complaints"}"#)
        // The reopened store knows them: raising one again changes nothing.
        try await store.append([.alertRaised(alertRow("a-1", raisedAt: 9_000), at: 9_000)])
        #expect(try await store.raisedAlerts() == after)
        await store.close()

        // A read-only store (the report command's) reads them too.
        var readOnly = StoreConfiguration()
        readOnly.readOnly = true
        let reader = try Store(path: path, configuration: readOnly)
        #expect(try await reader.raisedAlerts() == after)
        await reader.close()
    }

    @Test func invalidAlertEventsAreRefusedAtIntakeNamingTheProblem() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        var acknowledged = alertRow("a-9")
        acknowledged.acknowledgedBy = "sup-1"
        let cases: [(StoreEvent, String)] = [
            (.alertRaised(alertRow(""), at: 1), "empty alert id"),
            (.alertRaised(alertRow("a-1", kind: ""), at: 1), "empty 'alert.kind'"),
            (.alertRaised(alertRow("a-1", severity: "urgent"), at: 1), "'alert.severity' 'urgent', not one of info, warning, critical"),
            (.alertRaised(alertRow("a-1", subject: "[1,2]"), at: 1), "'alert.subject' that is not a JSON object"),
            (.alertRaised(alertRow("a-1", subject: "{\"topic\":"), at: 1), "'alert.subject' that is not a JSON object"),
            (.alertRaised(acknowledged, at: 1), "already cleared or acknowledged"),
            (.alertCleared("", at: 1), "alert_cleared event has an empty alert id"),
            (.alertAcknowledged("a-1", by: "", at: 1), "empty 'by'"),
            (StoreEvent(kind: .alertCleared, at: 1), "alert_cleared event lacks field 'alertChange'"),
            (StoreEvent(kind: .alertRaised, at: 1, alertChange: .cleared(id: "a-1")), "carries a different change (alert_cleared)"),
        ]
        for (event, problem) in cases {
            do {
                try await store.append([.alertRaised(alertRow("fine"), at: 1), event])
                Issue.record("accepted \(event)")
            } catch {
                #expect(error.code == .invalidInput)
                #expect(error.message.contains(problem), "\(error.message)")
            }
        }
        // `record` drops them and counts them; nothing of a refused `append` was logged.
        #expect(store.record([.alertCleared("", at: 2)]) != nil)
        try await store.flush()
        #expect(store.statistics.droppedEvents == 1)
        #expect(try await store.eventCount() == 0)
        await store.close()
    }

    @Test func alertEventsLeaveInteractionsAndAgentsAlone() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([.enqueued(newInteraction("i-1"), at: 1_000), .agentLogin("a1", at: 1_000)])
        let before = try await store.recover(now: 1_500)
        try await store.append([.alertRaised(alertRow("a-1"), at: 2_000), .alertAcknowledged("a-1", by: "a1", at: 2_100),
                                .alertCleared("a-1", at: 2_200)])
        #expect(try await store.recover(now: 3_000) == before)
        await store.close()
    }

    @Test func theEventsAlertAccessorsFollowTheirChange() {
        let raised = StoreEvent.alertRaised(alertRow("a-1"), at: 5)
        #expect(raised.kind == .alertRaised)
        #expect(raised.kind.isAlertEvent && !raised.kind.isAgentEvent)
        #expect(raised.alert == alertRow("a-1"))
        #expect(raised.alertChange?.id == "a-1")
        #expect(raised.interaction == nil)
        let acknowledged = StoreEvent.alertAcknowledged("a-1", by: "sup", note: "n", at: 6)
        #expect(acknowledged.alert == nil)
        #expect(acknowledged.alertChange == .acknowledged(id: "a-1", by: "sup", note: "n"))
        #expect(StoreEvent.alertCleared("a-1", at: 7).alertChange == .cleared(id: "a-1"))
        // One reference holds either payload: alerts make no event bigger.
        #expect(MemoryLayout<StoreEvent>.size == MemoryLayout<String?>.size * 6 + MemoryLayout<Int64>.size * 2 + MemoryLayout<Int>.size)
    }
}
