import GRDB

extension Store {
    /// The alerts not cleared yet (acknowledged or not), oldest raise first: what the server restores
    /// at start, so that an alert is neither lost nor raised twice across a restart.
    ///
    /// Everything handed in before the call is committed first. Reads `alerts_by_state`.
    public func raisedAlerts() async throws(StoreError) -> [AlertRow] {
        let path = self.path
        do {
            if isAcceptingWork { try await flush() }
            return try await pool.read { db in
                try AlertRow.fetchAll(db, path: path, name: "read raised alerts", whereClause: Self.raisedAlertsWhere)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    static let raisedAlertsWhere = "WHERE cleared_at IS NULL ORDER BY raised_at, id"
}
