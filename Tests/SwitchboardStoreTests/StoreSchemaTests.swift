import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct StoreSchemaTests {
    @Test func version1FileIsMigratedKeepingItsDataAndGainsSessions() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        try makeVersion1File(path)
        let store = try openStore(path)
        let applied = try readAfresh(path) { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(applied == StoreSchema.versions)
        let sessions = try readAfresh(path) { db in
            try Row.fetchAll(db, sql: "SELECT agent_id, login_at, logout_at, logout_reason FROM agent_sessions ORDER BY login_at")
                .map { "\($0["agent_id"] as String):\($0["login_at"] as Int64)-\(($0["logout_at"] as Int64?).map(String.init) ?? "open"):\(($0["logout_reason"] as String?) ?? "")" }
        }
        #expect(sessions == ["a1:100-200:shift_end", "a1:300-open:"])
        let recovered = try await store.recover(now: 5_000)
        #expect(recovered.waiting.map(\.id) == ["old-1"])
        #expect(recovered.waiting.first?.priority == 2)
        // New work lands in the migrated file, sessions included.
        try await store.append([.agentLogout("a1", reason: "break", at: 6_000), .interaction(.abandoned, "old-1", at: 6_500)])
        let closed = try readAfresh(path) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent_sessions WHERE logout_at IS NULL") }
        #expect(closed == 0)
        #expect(try await store.interaction(id: "old-1")?.state == .abandoned)
        await store.close()
    }

    @Test func version2FileIsMigratedToALogWithoutTheTimeIndexOrAutoincrementKeepingEveryRow() async throws {
        let (dir, path, queue) = try fileAt("v2")
        defer { withExtendedLifetime(dir) {} }
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO interactions (id, source, queue, channel, priority, state, created_at, enqueued_at, wait_started_at)
                VALUES ('w-1', 'pbx', 'support', 'voice', 1, 'queued', 1000, 1000, 1000);
                INSERT INTO events (kind, at, interaction_id, queue, payload) VALUES ('enqueued', 1000, 'w-1', 'support', '{"id":"w-1"}');
                INSERT INTO events (kind, at, agent_id) VALUES ('agent_login', 1100, 'a1');
                INSERT INTO events (kind, at, agent_id, state) VALUES ('agent_state', 1200, 'a1', 'available');
                INSERT INTO events (kind, at, interaction_id, agent_id, queue) VALUES ('offered', 1300, 'w-1', 'a1', 'support');
                INSERT INTO events (kind, at, interaction_id, agent_id, queue) VALUES ('rejected', 1400, 'w-1', 'a1', 'support');
                DELETE FROM events WHERE kind = 'rejected';  -- the sequence had gone beyond the last row
                INSERT INTO agents (agent_id, state, changed_at, logged_in) VALUES ('a1', 'available', 1200, 1);
                INSERT INTO agent_sessions (agent_id, login_at) VALUES ('a1', 1100);
                """)
        }
        let eventsBefore = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY seq") }
        try queue.close()

        let store = try openStore(path)
        let (applied, eventsAfter, indexes, tableSQL, sequence) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
             try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY seq"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name"),
             try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events'") ?? "",
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'events'") ?? -1)
        }
        #expect(applied == StoreSchema.versions)
        #expect(eventsAfter == eventsBefore)
        #expect(eventsAfter.map { $0["seq"] as Int64 } == [1, 2, 3, 4])
        #expect(indexes == [])  // v4: appending an event touches no index
        #expect(!tableSQL.uppercased().contains("AUTOINCREMENT"))
        #expect(sequence == 0)

        // The migrated file works as before: recovery, new events after the old ones, sessions.
        let recovered = try await store.recover(now: 5_000)
        #expect(recovered.waiting.map(\.id) == ["w-1"])
        #expect(recovered.agents.map(\.agentId) == ["a1"])
        try await store.append([.interaction(.offered, "w-1", at: 6_000, agentId: "a1"), .agentLogout("a1", at: 6_100)])
        let (newSeqs, openSessions) = try readAfresh(path) { db in
            (try Int64.fetchAll(db, sql: "SELECT seq FROM events WHERE at >= 6000 ORDER BY seq"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent_sessions WHERE logout_at IS NULL") ?? -1)
        }
        #expect(newSeqs == [5, 6])
        #expect(openSessions == 0)
        #expect(try await store.interaction(id: "w-1")?.state == .offered)
        await store.close()
    }

    @Test func version3FileIsMigratedToSpansAndAnOpenMarkThatFindTheSameRows() async throws {
        let (dir, path, queue) = try fileAt("v3")
        defer { withExtendedLifetime(dir) {} }
        try await queue.write { db in
            // Interaction 1 finished, 2 waits, 3 finished after it; 1,030 log rows over two span groups.
            try db.execute(sql: """
                INSERT INTO interactions (seq, id, source, queue, channel, priority, state, created_at, enqueued_at, wait_started_at)
                VALUES (1, 'done-1', 'pbx', 'support', 'voice', 1, 'completed', 1000, 1000, 1000),
                       (2, 'wait-2', 'pbx', 'support', 'voice', 1, 'queued', 2000, 2000, 2000),
                       (3, 'done-3', 'pbx', 'support', 'voice', 1, 'abandoned', 3000, 3000, 3000);
                """)
            for n in 0..<1_030 {
                try db.execute(sql: "INSERT INTO events (kind, at, interaction_id, queue) VALUES ('enqueued', ?, ?, 'support')",
                               arguments: [10_000 + n, "e-\(n)"])
            }
        }
        try queue.close()

        let store = try openStore(path)
        let (applied, mark, spans, indexes) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
             try Int64.fetchOne(db, sql: "SELECT value FROM store_marks WHERE name = 'oldest_open_seq'"),
             try Row.fetchAll(db, sql: "SELECT first_seq, last_seq, min_at, max_at FROM event_spans ORDER BY first_seq")
                .map { "\($0["first_seq"] as Int64)-\($0["last_seq"] as Int64)@\($0["min_at"] as Int64)-\($0["max_at"] as Int64)" },
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'interactions') AND sql IS NOT NULL ORDER BY name"))
        }
        #expect(applied == StoreSchema.versions)
        #expect(mark == 2)
        #expect(spans == ["1-1023@10000-11022", "1024-1030@11023-11029"])
        #expect(indexes == ["interactions_by_customer", "interactions_by_queue_created"])
        #expect(try await store.recover(now: 20_000).waiting.map(\.id) == ["wait-2"])
        let report = try await store.report(ReportQuery(from: 10_500, to: 11_025))
        #expect(report.queues.first?.offered == 525)

        // The mark moves past the waiting interaction once it finishes, and with new work after it.
        try await store.append([.enqueued(newInteraction("new-4"), at: 30_000), .interaction(.cancelled, "wait-2", at: 30_001)])
        #expect(try readAfresh(path) { try Int64.fetchOne($0, sql: "SELECT value FROM store_marks") } == 4)
        try await store.append([.interaction(.cancelled, "new-4", at: 30_002)])
        #expect(try readAfresh(path) { try Int64.fetchOne($0, sql: "SELECT value FROM store_marks") } == 5)
        #expect(try await store.recover(now: 40_000).waiting.isEmpty)
        await store.close()
    }

    @Test func version4FileIsMigratedToTheCustomerIndexAndTheAlertsTableKeepingItsRows() async throws {
        let (dir, path, queue) = try fileAt("v4")
        defer { withExtendedLifetime(dir) {} }
        try await queue.write { db in
            // Two contacts of one customer (one finished, one waiting), one without a customer.
            try db.execute(sql: """
                INSERT INTO interactions (seq, id, source, queue, channel, priority, customer_id, attributes, state, agent_id,
                                          created_at, enqueued_at, wait_started_at, answered_at, completed_at, disposition)
                VALUES (1, 'old-1', 'pbx', 'support', 'voice', 1, 'C-1', '{"topic":"billing"}', 'completed', 'a1',
                        1000, 1000, 1000, 1500, 2000, 'resolved'),
                       (2, 'anon-2', 'pbx', 'support', 'chat', 1, NULL, '{}', 'queued', NULL, 3000, 3000, 3000, NULL, NULL, NULL),
                       (3, 'old-3', 'web', 'sales', 'chat', 1, 'C-1', '{"topic":7}', 'queued', NULL, 4000, 4000, 4000, NULL, NULL, NULL);
                UPDATE store_marks SET value = 2 WHERE name = 'oldest_open_seq';
                """)
        }
        try queue.close()

        let store = try openStore(path)
        let (applied, indexes, alertColumns) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
             try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
                .map { "\($0["name"] as String): \($0["sql"] as String)" },
             try db.columns(in: "alerts").map(\.name))
        }
        #expect(applied == StoreSchema.versions)
        #expect(applied.contains("v5"))
        #expect(indexes.contains(
            "interactions_by_customer: CREATE INDEX interactions_by_customer ON interactions(customer_id, enqueued_at) WHERE customer_id IS NOT NULL"))
        #expect(alertColumns == ["id", "kind", "severity", "subject", "message", "raised_at", "cleared_at",
                                 "acknowledged_at", "acknowledged_by", "acknowledgement_note"])
        // The rows written before the index are in it: the history finds them, newest first.
        let page = try await store.customerHistory("C-1", limit: 10)
        #expect(page.contacts.map(\.id) == ["old-3", "old-1"])
        #expect(page.contacts.map(\.topic) == [nil, "billing"])
        #expect(page.contacts.last?.finishedAt == 2000)
        #expect(page.next == nil)
        #expect(try await store.raisedAlerts().isEmpty)
        // New work lands in the migrated file: contacts and alerts.
        try await store.append([.enqueued(newInteraction("new-4"), at: 5000),
                                .alertRaised(AlertRow(id: "a-1", kind: "repeat_contact", severity: "info", message: "again", raisedAt: 5000), at: 5000)])
        #expect(try await store.customerHistory("c-new-4", limit: 10).contacts.map(\.id) == ["new-4"])
        #expect(try await store.raisedAlerts().map(\.id) == ["a-1"])
        #expect(try await store.recover(now: 6000).waiting.map(\.id) == ["anon-2", "old-3", "new-4"])
        await store.close()
    }

    @Test func version5FileIsMigratedToTheDemandingColumnKeepingItsRowsAsOrdinaryWork() async throws {
        let (dir, path, queue) = try fileAt("v5")
        defer { withExtendedLifetime(dir) {} }
        try await queue.write { db in
            // One contact handled and escalated by a1, one waiting; the log holds the handling.
            try db.execute(sql: """
                INSERT INTO interactions (seq, id, source, queue, channel, priority, customer_id, attributes, state, agent_id,
                                          created_at, enqueued_at, wait_started_at, answered_at, assigned_at, completed_at, handle_ms, disposition)
                VALUES (1, 'old-1', 'pbx', 'support', 'voice', 1, 'C-1', '{"kind":"complaint"}', 'completed', NULL,
                        1000, 1000, 1000, 1500, 1500, 2000, 700, 'escalated'),
                       (2, 'old-2', 'pbx', 'support', 'chat', 1, NULL, '{}', 'queued', NULL, 3000, 3000, 3000, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO events (seq, kind, at, interaction_id, agent_id, queue, duration_ms)
                VALUES (1, 'wrap_up_ended', 2200, 'old-1', 'a1', 'support', 700);
                INSERT INTO event_spans (first_seq, last_seq, min_at, max_at) VALUES (1, 1, 2200, 2200);
                UPDATE store_marks SET value = 2 WHERE name = 'oldest_open_seq';
                """)
        }
        let rowsBefore = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM interactions ORDER BY seq") }
        try queue.close()

        let store = try openStore(path)
        let (applied, rowsAfter, demanding) = try readAfresh(path) { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
             try Row.fetchAll(db, sql: "SELECT * FROM interactions ORDER BY seq"),
             try Int64.fetchAll(db, sql: "SELECT demanding FROM interactions ORDER BY seq"))
        }
        #expect(applied == StoreSchema.versions)
        #expect(applied.last == "v6")
        #expect(demanding == [0, 0])
        // Every column of every row as it was, and the new one last.
        #expect(rowsAfter.map { Array($0.columnNames) } == rowsBefore.map { Array($0.columnNames) + ["demanding"] })
        for (after, before) in zip(rowsAfter, rowsBefore) {
            for column in before.columnNames { #expect(after[column] as DatabaseValue == before[column] as DatabaseValue, "\(column)") }
        }
        #expect(try await store.interaction(id: "old-1")?.demanding == false)
        #expect(try await store.recover(now: 4_000).waiting.map(\.id) == ["old-2"])

        // An older contact counts as demanding by its disposition only; new work carries the server's mark.
        let report = try await store.report(ReportQuery(from: 0, to: 10_000, demandingDispositions: ["escalated"]))
        #expect(report.agents.map { [$0.handled, $0.demandingHandled, $0.longestDemandingStreak] } == [[1, 1, 1]])
        #expect(try await store.report(ReportQuery(from: 0, to: 10_000)).agents.first?.demandingHandled == 0)
        var complaint = newInteraction("new-3")
        complaint.demanding = true
        try await store.append([.enqueued(complaint, at: 5_000), .enqueued(newInteraction("new-4"), at: 5_001)])
        #expect(try await store.interaction(id: "new-3")?.demanding == true)
        #expect(try await store.interaction(id: "new-4")?.demanding == false)
        #expect(try await store.recover(now: 6_000).waiting.map(\.id) == ["old-2", "new-3", "new-4"])
        await store.close()
    }

    @Test func newFileUsesWALAndIncrementalAutoVacuum() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("new.sqlite")
        let store = try openStore(path)
        let (journal, vacuum) = try readAfresh(path) { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA auto_vacuum"))
        }
        #expect(journal == "wal")
        #expect(vacuum == 2)
        await store.close()
    }

    @Test func anOlderFileOpenedReadOnlySaysHowToMigrateItAndIsLeftAsItWas() throws {
        let (dir, path, queue) = try fileAt("v2")
        defer { withExtendedLifetime(dir) {} }
        try queue.close()
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        do {
            _ = try Store(path: path, configuration: configuration)
            Issue.record("a read-only store opened a file it cannot migrate")
        } catch {
            #expect(error.code == .readOnly)
            #expect(error.description.contains(path))
            #expect(error.description.contains("older than \(StoreSchema.versions.last ?? "")"))
            #expect(error.description.contains("open it once for writing"))
        }
        let applied = try readAfresh(path) { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(applied == ["v1", "v2"])
    }

    @Test func unopenablePathGivesATypedErrorNamingIt() {
        let path = "/nonexistent-dir-\(UUID().uuidString)/store.sqlite"
        do {
            _ = try openStore(path)
            Issue.record("opened \(path)")
        } catch let error as StoreError {
            #expect(error.code == .cannotOpen)
            #expect(error.path == path)
            #expect(error.description.contains(path))
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    /// A new file with the schema up to `version` only, and a connection to fill it with (the caller
    /// closes it); the folder goes away with `dir`.
    private func fileAt(_ version: String) throws -> (dir: TemporaryDirectory, path: String, queue: DatabaseQueue) {
        let dir = try TemporaryDirectory()
        let path = dir.path("\(version).sqlite")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator().migrate(queue, upTo: version)
        return (dir, path, queue)
    }

    /// A file as the first release left it: schema v1 with a queued interaction and two agent sessions in the log.
    private func makeVersion1File(_ path: String) throws {
        // A file as the first release left it.
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator().migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO interactions (id, source, queue, channel, priority, state, created_at, enqueued_at, wait_started_at)
                VALUES ('old-1', 'pbx', 'support', 'voice', 2, 'queued', 1000, 1000, 1000);
                INSERT INTO events (kind, at, interaction_id, queue) VALUES ('enqueued', 1000, 'old-1', 'support');
                INSERT INTO events (kind, at, agent_id) VALUES ('agent_login', 100, 'a1');
                INSERT INTO events (kind, at, agent_id, reason) VALUES ('agent_logout', 200, 'a1', 'shift_end');
                INSERT INTO events (kind, at, agent_id) VALUES ('agent_login', 300, 'a1');
                INSERT INTO agents (agent_id, state, changed_at, logged_in) VALUES ('a1', 'available', 300, 1);
                """)
        }
        let tables = try queue.read { db in try db.tableExists("agent_sessions") }
        #expect(!tables)
        try queue.close()
    }
}
