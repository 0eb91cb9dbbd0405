import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

/// The reads of customers, arrivals, alerts and a report's handled contacts go through indexes, never
/// through the whole table: the `interactions` table keeps every contact ever made (retention deletes
/// only the log).
@Suite struct QueryPlanTests {
    /// A file with some rows, with or without `ANALYZE`d statistics (the server never runs it; an
    /// operator may): the plans must be the same either way.
    private func plannedFile(analyzed: Bool) async throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        var events: [StoreEvent] = []
        for n in 0..<2_000 {
            events.append(.enqueued(contact("i-\(n)", customer: n % 3 == 0 ? nil : "C-\(n % 500)", queue: "q-\(n % 7)",
                                            attributes: #"{"topic":"t\#(n % 11)"}"#), at: Int64(n)))
        }
        for n in 0..<50 {
            events.append(.alertRaised(alertRow("a-\(n)", raisedAt: Int64(n) * 10), at: Int64(n) * 10))
            if n % 2 == 0 { events.append(.alertCleared("a-\(n)", at: Int64(n) * 10 + 5)) }
        }
        try await store.append(events)
        await store.close()
        if analyzed {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: "ANALYZE") }
            try queue.close()
        }
        return (dir, path)
    }

    /// The plan's lines (`EXPLAIN QUERY PLAN`), with the statement's `parameters` bound to NULL (the
    /// plan is made before any value is bound).
    private func plan(_ path: String, _ sql: String, parameters: Int) throws -> [String] {
        try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                             arguments: StatementArguments(Array(repeating: nil as String?, count: parameters)))
                .map { $0["detail"] as String }
        }
    }

    /// Whether a line reads a table whole: `SCAN <table>` without an index (SQLite 3.36+ wording), or an older `SCAN TABLE`.
    private func scansWhole(_ lines: [String], _ table: String) -> Bool {
        lines.contains { line in
            (line.hasPrefix("SCAN \(table)") || line.hasPrefix("SCAN TABLE \(table)")) && !line.contains("INDEX")
        }
    }

    @Test(arguments: [false, true])
    func customerHistoryIsARangeOfTheCustomerIndexInItsOwnOrder(analyzed: Bool) async throws {
        let (dir, path) = try await plannedFile(analyzed: analyzed)
        defer { withExtendedLifetime(dir) {} }
        let lines = try plan(path, Store.customerHistorySQL, parameters: 5)
        #expect(lines == ["SEARCH i USING INDEX interactions_by_customer (customer_id=? AND enqueued_at<?)"])
    }

    @Test(arguments: [false, true])
    func recentContactsAndArrivalsSkipFromQueueToQueueAndReadEachOnesRangeOfTheQueueIndex(analyzed: Bool) async throws {
        let (dir, path) = try await plannedFile(analyzed: analyzed)
        defer { withExtendedLifetime(dir) {} }
        #expect(try plan(path, CreatedSinceQuery.firstQueueSQL, parameters: 0)
            == ["SEARCH interactions USING COVERING INDEX interactions_by_queue_created"])
        #expect(try plan(path, CreatedSinceQuery.nextQueueSQL, parameters: 1)
            == ["SEARCH interactions USING COVERING INDEX interactions_by_queue_created (queue>?)"])
        for (columns, filter) in [(Store.recentContactsColumns, Store.recentContactsFilter), (Store.arrivalsColumns, Store.arrivalsFilter)] {
            let lines = try plan(path, CreatedSinceQuery.rowsSQL(columns: columns, filter: filter), parameters: 3)
            #expect(lines == ["SEARCH i USING INDEX interactions_by_queue_created (queue=? AND created_at>?)"])
        }
    }

    @Test(arguments: [false, true])
    func alertsAreFoundThroughTheirIndexes(analyzed: Bool) async throws {
        let (dir, path) = try await plannedFile(analyzed: analyzed)
        defer { withExtendedLifetime(dir) {} }
        let raised = try plan(path, "SELECT \(AlertRow.columns) FROM alerts \(Store.raisedAlertsWhere)", parameters: 0)
        #expect(raised == ["SEARCH alerts USING INDEX alerts_by_state (cleared_at=?)"])
        let retention = try plan(path, "SELECT id FROM alerts WHERE cleared_at < ? LIMIT ?", parameters: 2)
        #expect(retention == ["SEARCH alerts USING COVERING INDEX alerts_by_state (cleared_at<?)"])
    }

    @Test(arguments: [false, true])
    func aReportsHandledContactsAreARangeOfTheLogInItsOwnOrderEachFindingItsInteractionById(analyzed: Bool) async throws {
        let (dir, path) = try await plannedFile(analyzed: analyzed)
        defer { withExtendedLifetime(dir) {} }
        for (filter, parameters) in [("", 4), ("AND queue = ?5", 5)] {
            let lines = try plan(path, ReportBuilder.handledSQL(queueFilter: filter), parameters: parameters)
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix("SEARCH events USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)") == true)
            #expect(lines.last?.hasPrefix("SEARCH i USING INDEX sqlite_autoindex_interactions_1 (id=?)") == true)
            #expect(!lines.contains { $0.contains("TEMP B-TREE") })
        }
    }
}
