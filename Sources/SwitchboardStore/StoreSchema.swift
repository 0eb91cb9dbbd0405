import GRDB

/// The versioned schema. Migrations only ever get appended; a file is migrated on open.
public enum StoreSchema {
    /// Every migration, oldest first.
    public static let versions = ["v1", "v2", "v3", "v4", "v5", "v6"]

    /// The migrator for every version, or up to `version` (tests build older files with it).
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2", migrate: v2)
        migrator.registerMigration("v3", migrate: v3)
        migrator.registerMigration("v4", migrate: v4)
        migrator.registerMigration("v5", migrate: v5)
        migrator.registerMigration("v6", migrate: v6)
        return migrator
    }

    /// Interactions, the event log and agents' last states.
    private static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE interactions (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                queue TEXT NOT NULL,
                channel TEXT NOT NULL,
                priority INTEGER NOT NULL,
                customer_id TEXT,
                tier TEXT,
                attributes TEXT NOT NULL DEFAULT '{}',
                requirements TEXT NOT NULL DEFAULT '{}',
                preferred_agent TEXT,
                state TEXT NOT NULL,
                agent_id TEXT,
                created_at INTEGER NOT NULL,
                enqueued_at INTEGER NOT NULL,
                wait_started_at INTEGER NOT NULL,
                first_offered_at INTEGER,
                answered_at INTEGER,
                assigned_at INTEGER,
                completed_at INTEGER,
                abandoned_at INTEGER,
                ended_at INTEGER,
                wait_ms INTEGER,
                handle_ms INTEGER,
                disposition TEXT,
                final_reason TEXT
            );
            CREATE INDEX interactions_by_state ON interactions(state);
            CREATE INDEX interactions_by_queue_created ON interactions(queue, created_at);

            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                at INTEGER NOT NULL,
                interaction_id TEXT,
                agent_id TEXT,
                queue TEXT,
                reason TEXT,
                state TEXT,
                disposition TEXT,
                duration_ms INTEGER,
                payload TEXT
            );
            CREATE INDEX events_by_at ON events(at);

            CREATE TABLE agents (
                agent_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                reason TEXT,
                changed_at INTEGER NOT NULL,
                logged_in INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID;
            """)
    }

    /// Agent sessions (login to logout), back-filled from the log; indexes for reports by kind and by interaction.
    private static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agent_sessions (
                id INTEGER PRIMARY KEY,
                agent_id TEXT NOT NULL,
                login_at INTEGER NOT NULL,
                logout_at INTEGER,
                logout_reason TEXT
            );
            CREATE INDEX agent_sessions_by_agent ON agent_sessions(agent_id, login_at);
            CREATE INDEX events_by_kind_at ON events(kind, at);
            CREATE INDEX events_by_interaction ON events(interaction_id) WHERE interaction_id IS NOT NULL;

            INSERT INTO agent_sessions (agent_id, login_at, logout_at, logout_reason)
            SELECT l.agent_id, l.at, o.at, o.reason
            FROM events l
            LEFT JOIN events o ON o.seq = (
                SELECT MIN(x.seq) FROM events x
                WHERE x.kind = 'agent_logout' AND x.agent_id = l.agent_id AND x.seq > l.seq
                  AND x.seq < coalesce((
                      SELECT MIN(y.seq) FROM events y
                      WHERE y.kind = 'agent_login' AND y.agent_id = l.agent_id AND y.seq > l.seq
                  ), 9223372036854775807)
            )
            WHERE l.kind = 'agent_login'
            ORDER BY l.seq;
            """)
    }

    /// A cheaper log to append to: every event row updated three indexes and `sqlite_sequence`.
    ///
    /// `events_by_at` goes (reports filter by kind and time through `events_by_kind_at`, retention
    /// deletes through it too). `AUTOINCREMENT` goes: it rewrote the `sqlite_sequence` row on every
    /// insert, about 0.45 µs of the writer's time per event. Sequence numbers still grow while the log
    /// holds a newer event; only a log emptied entirely may start over.
    private static func v3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE events_v3 (
                seq INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                at INTEGER NOT NULL,
                interaction_id TEXT,
                agent_id TEXT,
                queue TEXT,
                reason TEXT,
                state TEXT,
                disposition TEXT,
                duration_ms INTEGER,
                payload TEXT
            );
            INSERT INTO events_v3 (seq, kind, at, interaction_id, agent_id, queue, reason, state, disposition, duration_ms, payload)
            SELECT seq, kind, at, interaction_id, agent_id, queue, reason, state, disposition, duration_ms, payload
            FROM events ORDER BY seq;
            DROP TABLE events;
            ALTER TABLE events_v3 RENAME TO events;
            CREATE INDEX events_by_kind_at ON events(kind, at);
            CREATE INDEX events_by_interaction ON events(interaction_id) WHERE interaction_id IS NOT NULL;
            """)
    }

    /// A log whose rows touch no index: appending an event writes one row and nothing else.
    ///
    /// Every event row updated `events_by_kind_at` and `events_by_interaction`, and every change of an
    /// interaction's state moved its entry in `interactions_by_state`: together about half of the
    /// writer's b-tree work per routing cycle. Instead:
    /// - `event_spans`: rows of a `seq` range with its earliest and latest `at` (the writer extends its
    ///   latest row until it covers a minute: `EventSpan.swift`). Reports and retention turn a period
    ///   into a `seq` range through them, then read the log by its primary key. Existing events get
    ///   spans of 1,024 rows each.
    /// - `store_marks.oldest_open_seq`: every interaction below this `seq` is finished, so recovery and
    ///   the writer find the unfinished ones in a primary-key range instead of through a state index.
    /// One interaction's history is read by its own time range (`created_at` to its end) through the spans.
    private static func v4(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX IF EXISTS events_by_kind_at;
            DROP INDEX IF EXISTS events_by_interaction;
            DROP INDEX IF EXISTS interactions_by_state;

            CREATE TABLE event_spans (
                first_seq INTEGER PRIMARY KEY,
                last_seq INTEGER NOT NULL,
                min_at INTEGER NOT NULL,
                max_at INTEGER NOT NULL
            );
            CREATE INDEX event_spans_by_max_at ON event_spans(max_at);
            INSERT INTO event_spans (first_seq, last_seq, min_at, max_at)
            SELECT MIN(seq), MAX(seq), MIN(at), MAX(at) FROM events GROUP BY seq / 1024 ORDER BY 1;

            CREATE TABLE store_marks (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO store_marks (name, value) VALUES ('oldest_open_seq', coalesce(
                (SELECT MIN(seq) FROM interactions WHERE state NOT IN ('completed', 'abandoned', 'ended')),
                (SELECT coalesce(MAX(seq), 0) + 1 FROM interactions)));
            """)
    }

    /// Customers' histories and alerts.
    ///
    /// - `interactions_by_customer`: one customer's contacts, newest first, are a range of it (the `seq`
    ///   every entry ends with breaks ties between equal instants). Only rows with a customer have an
    ///   entry, and only an insert writes one: no update of the writer touches these columns.
    /// - `alerts`: one row per alert, raised and later cleared or acknowledged (`alert_*` events).
    ///   `alerts_by_state` leads from "still raised" (`cleared_at IS NULL`) to the raised ones and from a
    ///   cutoff to the cleared ones retention deletes; `alerts_by_raised_at` finds a report's period.
    private static func v5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX interactions_by_customer ON interactions(customer_id, enqueued_at) WHERE customer_id IS NOT NULL;

            CREATE TABLE alerts (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                subject TEXT NOT NULL DEFAULT '{}',
                message TEXT NOT NULL,
                raised_at INTEGER NOT NULL,
                cleared_at INTEGER,
                acknowledged_at INTEGER,
                acknowledged_by TEXT,
                acknowledgement_note TEXT
            ) WITHOUT ROWID;
            CREATE INDEX alerts_by_state ON alerts(cleared_at, raised_at);
            CREATE INDEX alerts_by_raised_at ON alerts(raised_at);
            """)
    }

    /// Whether an interaction was demanding work when it was enqueued (`wellbeing.demanding`: its queue or
    /// attributes), so that reports count agents' demanding contacts and streaks from the rows.
    ///
    /// Written by the insert only (no update touches it, and no index holds it). Rows of earlier files
    /// read 0: the rules in force when they arrived are not known, though a disposition in a report's
    /// demanding set still counts them.
    private static func v6(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE interactions ADD COLUMN demanding INTEGER NOT NULL DEFAULT 0;
            """)
    }
}

extension StoreSchema {
    /// The `WHERE` clause of the unfinished interactions: the primary-key range from the mark, then
    /// the state (no index on it).
    static func openInteractions(_ states: String) -> String {
        // Without the mark (a file edited by hand) every row is read: slower, never wrong.
        "WHERE seq >= coalesce((SELECT value FROM store_marks WHERE name = 'oldest_open_seq'), 0) AND state IN (\(states))"
    }

    /// The `seq` range of the events of the period `from..<to`, from `event_spans`; nil when none.
    static func eventRange(_ db: Database, from: Int64, to: Int64) throws -> ClosedRange<Int64>? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT MIN(first_seq) AS lo, MAX(last_seq) AS hi FROM event_spans WHERE max_at >= ? AND min_at < ?
            """, arguments: [from, to]),
              let lo = row["lo"] as Int64?, let hi = row["hi"] as Int64?, lo <= hi
        else { return nil }
        return lo...hi
    }
}
