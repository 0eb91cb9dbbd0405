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
