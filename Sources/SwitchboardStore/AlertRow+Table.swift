import GRDB

/// Mapping between ``AlertRow`` and the `alerts` table, text read byte for byte (``RawRow``).
extension AlertRow {
    static let columns = """
        id, kind, severity, subject, message, raised_at, cleared_at, acknowledged_at, acknowledged_by, acknowledgement_note
        """

    /// Does nothing for a known id (`changes` is then 0): raising is idempotent.
    static let insertSQL = """
        INSERT INTO alerts (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
        """

    /// Decodes a row selected with ``columns``, starting at column `first`.
    init(row: RawRow, first: Int32 = 0) throws(StoreError) {
        func column(_ offset: Int32) -> Int32 { first + offset }
        self.init(
            id: try row.text(column(0)), kind: try row.text(column(1)), severity: try row.text(column(2)),
            subject: try row.text(column(3)), message: try row.text(column(4)), raisedAt: try row.int64(column(5)),
            clearedAt: row.optionalInt64(column(6)), acknowledgedAt: row.optionalInt64(column(7)),
            acknowledgedBy: row.optionalText(column(8)), acknowledgementNote: row.optionalText(column(9)))
    }

    func bindInsert(to statement: RawStatement) throws {
        try statement.bind(1, id)
        try statement.bind(2, kind)
        try statement.bind(3, severity)
        try statement.bind(4, subject)
        try statement.bind(5, message)
        try statement.bind(6, raisedAt)
        try statement.bind(7, clearedAt)
        try statement.bind(8, acknowledgedAt)
        try statement.bind(9, acknowledgedBy)
        try statement.bind(10, acknowledgementNote)
    }

    /// Rows matching `whereClause` (which may order them), its `?` parameters bound to `values` in order.
    static func fetchAll(_ db: Database, path: String, name: String, whereClause: String, values: [Int64] = []) throws -> [AlertRow] {
        let query = try RawStatement(db, name: name, sql: "SELECT \(columns) FROM alerts \(whereClause)", path: path, arenaBytes: 0)
        defer { query.clearBindings() }
        for (index, value) in values.enumerated() { try query.bind(Int32(index + 1), value) }
        var rows: [AlertRow] = []
        try query.forEachRow { row in rows.append(try AlertRow(row: row)) }
        return rows
    }
}
