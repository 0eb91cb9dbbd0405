import GRDB

extension Store {
    /// Every interaction enqueued at or after `since`, oldest first, with its queue and topic: what the
    /// surge detector learns the usual rate of contacts from at start.
    ///
    /// Read like ``recentContacts(since:topicAttribute:)``, queue by queue through
    /// `interactions_by_queue_created` (``CreatedSinceQuery``), never the whole table.
    ///
    /// - Throws: `invalid_input` for a topic attribute holding `"`; what SQLite reports.
    public func arrivals(since: Int64, topicAttribute: String = "topic") async throws(StoreError) -> [ArrivalRow] {
        let path = self.path
        let topicPath = try TopicAttribute.path(topicAttribute, storePath: path)
        do {
            if isAcceptingWork { try await flush() }
            return try await pool.read { db in
                let query = try CreatedSinceQuery(db, path: path, name: "read arrivals", columns: Self.arrivalsColumns,
                                                  filter: Self.arrivalsFilter)
                var arrivals: [(seq: Int64, row: ArrivalRow)] = []
                try query.forEach(since: since, bind: { try $0.bind(3, topicPath) }) { row in
                    arrivals.append((try row.int64(0), ArrivalRow(enqueuedAt: try row.int64(1), queue: try row.text(2), topic: row.optionalText(3))))
                }
                arrivals.sort { ($0.row.enqueuedAt, $0.seq) < ($1.row.enqueuedAt, $1.seq) }
                return arrivals.map(\.row)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The columns (topic path `?3`) and condition of ``arrivals(since:topicAttribute:)``'s rows.
    static let arrivalsColumns = "i.seq, i.enqueued_at, i.queue, \(TopicAttribute.sql(column: "i.attributes", parameter: 3))"
    static let arrivalsFilter = "i.enqueued_at >= ?2"
}
