import GRDB

/// Mapping between ``AgentRow`` and the `agents` table, text read byte for byte (``RawRow``).
extension AgentRow {
    static let selectSQL = "SELECT agent_id, state, reason, changed_at, logged_in FROM agents"

    /// Decodes a row selected with ``selectSQL``.
    init(row: RawRow) throws(StoreError) {
        self.init(agentId: try row.text(0), state: try row.text(1), reason: row.optionalText(2),
                  changedAt: try row.int64(3), loggedIn: try row.int64(4) != 0)
    }

    /// Every agent's row, in the order `orderBy` gives (`""` for none).
    static func fetchAll(_ db: Database, path: String, orderBy: String = "") throws -> [AgentRow] {
        let query = try RawStatement(db, name: "read agents", sql: "\(selectSQL) \(orderBy)", path: path, arenaBytes: 0)
        var agents: [AgentRow] = []
        try query.forEachRow { row in agents.append(try AgentRow(row: row)) }
        return agents
    }
}
