import GRDB

/// Mapping between ``InteractionRecord`` and the `interactions` table.
extension InteractionRecord {
    static let columns = """
        id, source, queue, channel, priority, customer_id, tier, attributes, requirements, preferred_agent, \
        state, agent_id, created_at, enqueued_at, wait_started_at, first_offered_at, answered_at, assigned_at, \
        completed_at, abandoned_at, ended_at, wait_ms, handle_ms, disposition, final_reason
        """

    /// Does nothing for a known id (`changesCount` is then 0): enqueue is idempotent.
    static let insertSQL = """
        INSERT INTO interactions (\(columns)) VALUES (\(Array(repeating: "?", count: 25).joined(separator: ", "))) \
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

    /// Decodes a row selected with ``columns``; an unknown state string is a damaged file.
    init(row: Row, path: String) throws(StoreError) {
        let stateText: String = row["state"]
        guard let state = InteractionState(rawValue: stateText) else {
            throw StoreError(code: .corrupt, path: path, message: "interaction \(row["id"] as String? ?? "?") has unknown state '\(stateText)'")
        }
        self.init(
            NewInteraction(
                id: row["id"], source: row["source"], queue: row["queue"], channel: row["channel"],
                priority: row["priority"], customerId: row["customer_id"], tier: row["tier"],
                attributes: row["attributes"], requirements: row["requirements"], preferredAgent: row["preferred_agent"],
                enqueuedAt: row["enqueued_at"]
            ),
            at: row["created_at"]
        )
        self.state = state
        self.agentId = row["agent_id"]
        self.waitStartedAt = row["wait_started_at"]
        self.firstOfferedAt = row["first_offered_at"]
        self.answeredAt = row["answered_at"]
        self.assignedAt = row["assigned_at"]
        self.completedAt = row["completed_at"]
        self.abandonedAt = row["abandoned_at"]
        self.endedAt = row["ended_at"]
        self.waitMs = row["wait_ms"]
        self.handleMs = row["handle_ms"]
        self.disposition = row["disposition"]
        self.finalReason = row["final_reason"]
    }

    /// Rows with their `seq`, for the writer's cache of unfinished interactions.
    static func fetchAllWithSeq(_ db: Database, path: String, whereClause: String) throws -> [(seq: Int64, record: InteractionRecord)] {
        try decodeAll(db, sql: "SELECT seq, \(columns) FROM interactions \(whereClause) ORDER BY seq", arguments: [], path: path) { row, record in
            (row["seq"], record)
        }
    }

    static func fetchAll(_ db: Database, path: String, whereClause: String, arguments: StatementArguments = []) throws -> [InteractionRecord] {
        try decodeAll(db, sql: "SELECT \(columns) FROM interactions \(whereClause)", arguments: arguments, path: path) { _, record in record }
    }

    private static func decodeAll<T>(
        _ db: Database, sql: String, arguments: StatementArguments, path: String, _ make: (Row, InteractionRecord) -> T
    ) throws -> [T] {
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        var results: [T] = []
        results.reserveCapacity(rows.count)
        for row in rows { results.append(make(row, try InteractionRecord(row: row, path: path))) }
        return results
    }
}
