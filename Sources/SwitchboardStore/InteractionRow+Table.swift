import GRDB

/// Mapping between ``InteractionRow`` and the `interactions` table.
extension InteractionRow {
    static let columns = """
        id, source, queue, channel, priority, customer_id, tier, attributes, requirements, preferred_agent, \
        state, agent_id, created_at, enqueued_at, wait_started_at, first_offered_at, answered_at, assigned_at, \
        completed_at, abandoned_at, ended_at, wait_ms, handle_ms, disposition, final_reason, demanding
        """

    /// Does nothing for a known id (`changesCount` is then 0): enqueue is idempotent.
    static let insertSQL = """
        INSERT INTO interactions (\(columns)) VALUES (\(Array(repeating: "?", count: 26).joined(separator: ", "))) \
        ON CONFLICT(id) DO NOTHING
        """

    /// Finds the row by its `seq` (the writer knows it): one b-tree search, not two through `id`.
    static let updateSQL = """
        UPDATE interactions SET queue = ?, state = ?, agent_id = ?, wait_started_at = ?, first_offered_at = ?, \
        answered_at = ?, assigned_at = ?, completed_at = ?, abandoned_at = ?, ended_at = ?, wait_ms = ?, \
        handle_ms = ?, disposition = ?, final_reason = ? WHERE seq = ?
        """

    /// ``updateSQL`` for a row whose queue did not change: SQLite rewrites the entry of every index on a
    /// column the statement sets, so leaving `queue` out spares `interactions_by_queue_created`.
    static let updateKeepingQueueSQL = """
        UPDATE interactions SET state = ?2, agent_id = ?3, wait_started_at = ?4, first_offered_at = ?5, \
        answered_at = ?6, assigned_at = ?7, completed_at = ?8, abandoned_at = ?9, ended_at = ?10, wait_ms = ?11, \
        handle_ms = ?12, disposition = ?13, final_reason = ?14 WHERE seq = ?15
        """

    /// Decodes a row selected with ``columns``, starting at column `first`; an unknown state string is
    /// a damaged file. Reads text byte for byte (``RawRow``): an id with a NUL must not come back cut.
    init(row: RawRow, first: Int32 = 0) throws(StoreError) {
        func column(_ offset: Int32) -> Int32 { first + offset }
        let id = try row.text(column(0))
        let stateText = try row.text(column(10))
        guard let state = InteractionState(rawValue: stateText) else {
            throw StoreError(code: .corrupt, path: row.path, message: "interaction \(id) has unknown state '\(stateText)'")
        }
        self.init(
            NewInteraction(
                id: id, source: try row.text(column(1)), queue: try row.text(column(2)), channel: try row.text(column(3)),
                priority: Int(try row.int64(column(4))), customerId: row.optionalText(column(5)), tier: row.optionalText(column(6)),
                attributes: try row.text(column(7)), requirements: try row.text(column(8)),
                preferredAgent: row.optionalText(column(9)), enqueuedAt: try row.int64(column(13)),
                demanding: try row.int64(column(25)) != 0
            ),
            at: try row.int64(column(12))
        )
        self.state = state
        self.agentId = row.optionalText(column(11))
        self.waitStartedAt = try row.int64(column(14))
        self.firstOfferedAt = row.optionalInt64(column(15))
        self.answeredAt = row.optionalInt64(column(16))
        self.assignedAt = row.optionalInt64(column(17))
        self.completedAt = row.optionalInt64(column(18))
        self.abandonedAt = row.optionalInt64(column(19))
        self.endedAt = row.optionalInt64(column(20))
        self.waitMs = row.optionalInt64(column(21))
        self.handleMs = row.optionalInt64(column(22))
        self.disposition = row.optionalText(column(23))
        self.finalReason = row.optionalText(column(24))
    }

    /// Rows with their `seq`, for the writer's cache of unfinished interactions.
    static func fetchAllWithSeq(_ db: Database, path: String, whereClause: String) throws -> [(seq: Int64, record: InteractionRow)] {
        let query = try RawStatement(db, name: "read interactions", sql: "SELECT seq, \(columns) FROM interactions \(whereClause) ORDER BY seq",
                                     path: path, arenaBytes: 0)
        var results: [(seq: Int64, record: InteractionRow)] = []
        try query.forEachRow { row in
            results.append((try row.int64(0), try InteractionRow(row: row, first: 1)))
        }
        return results
    }

    /// Rows matching `whereClause`, whose `?` parameters are bound to `texts` in order.
    static func fetchAll(_ db: Database, path: String, whereClause: String, texts: [String] = []) throws -> [InteractionRow] {
        let query = try RawStatement(db, name: "read interactions", sql: "SELECT \(columns) FROM interactions \(whereClause)",
                                     path: path, arenaBytes: 0)
        defer { query.clearBindings() }
        for (index, text) in texts.enumerated() { try query.bind(Int32(index + 1), text) }
        var results: [InteractionRow] = []
        try query.forEachRow { row in results.append(try InteractionRow(row: row)) }
        return results
    }
}
