import GRDB

/// The statements the batch writer executes, taken from the connection's cache once per batch.
struct WriterStatements {
    let insertEvent: RawStatement
    let interactionExists: RawStatement
    let insertInteraction: RawStatement
    let updateInteraction: RawStatement
    let updateInteractionKeepingQueue: RawStatement
    let upsertAgent: RawStatement
    let openSession: RawStatement
    let closeSessions: RawStatement
    let writeSpan: RawStatement
    let writeOpenMark: RawStatement

    init(_ db: Database, path: String) throws {
        insertEvent = try RawStatement(db, name: "insert event", sql: """
            INSERT INTO events (kind, at, interaction_id, agent_id, queue, reason, state, disposition, duration_ms, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, path: path)
        interactionExists = try RawStatement(db, name: "find interaction", sql: "SELECT 1 FROM interactions WHERE id = ?", path: path)
        insertInteraction = try RawStatement(db, name: "insert interaction", sql: InteractionRow.insertSQL, path: path)
        updateInteraction = try RawStatement(db, name: "update interaction", sql: InteractionRow.updateSQL, path: path)
        updateInteractionKeepingQueue = try RawStatement(
            db, name: "update interaction in its queue", sql: InteractionRow.updateKeepingQueueSQL, path: path)
        upsertAgent = try RawStatement(db, name: "write agent", sql: """
            INSERT INTO agents (agent_id, state, reason, changed_at, logged_in) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(agent_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                changed_at = excluded.changed_at, logged_in = excluded.logged_in
            """, path: path)
        openSession = try RawStatement(db, name: "open agent session", sql: "INSERT INTO agent_sessions (agent_id, login_at) VALUES (?, ?)", path: path)
        closeSessions = try RawStatement(db, name: "close agent sessions", sql: """
            UPDATE agent_sessions SET logout_at = ?, logout_reason = ? WHERE agent_id = ? AND logout_at IS NULL
            """, path: path)
        writeSpan = try RawStatement(db, name: "write event span", sql: """
            INSERT INTO event_spans (first_seq, last_seq, min_at, max_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(first_seq) DO UPDATE SET last_seq = excluded.last_seq, min_at = excluded.min_at, max_at = excluded.max_at
            """, path: path)
        writeOpenMark = try RawStatement(db, name: "write open mark", sql: """
            INSERT INTO store_marks (name, value) VALUES ('oldest_open_seq', ?)
            ON CONFLICT(name) DO UPDATE SET value = excluded.value
            """, path: path)
    }

    /// Drops every binding: they point into arenas that go away with these statements.
    func clearBindings() {
        for statement in [insertEvent, interactionExists, insertInteraction, updateInteraction, updateInteractionKeepingQueue, upsertAgent, openSession, closeSessions,
                          writeSpan, writeOpenMark] {
            statement.clearBindings()
        }
    }
}

/// The statements of the alert events, prepared only for a batch that holds one (most hold none).
struct AlertStatements {
    let insert: RawStatement
    let clear: RawStatement
    let acknowledge: RawStatement

    init(_ db: Database, path: String) throws {
        insert = try RawStatement(db, name: "insert alert", sql: AlertRow.insertSQL, path: path, arenaBytes: 4 * 1024)
        // A second clear keeps the first instant.
        clear = try RawStatement(db, name: "clear alert", sql: "UPDATE alerts SET cleared_at = coalesce(cleared_at, ?) WHERE id = ?",
                                 path: path, arenaBytes: 1024)
        acknowledge = try RawStatement(db, name: "acknowledge alert", sql: """
            UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, acknowledgement_note = ? WHERE id = ?
            """, path: path, arenaBytes: 2 * 1024)
    }

    /// Drops every binding, as ``WriterStatements/clearBindings()`` does.
    func clearBindings() {
        for statement in [insert, clear, acknowledge] { statement.clearBindings() }
    }
}
