import GRDB

extension Store {
    /// One page of a customer's contacts on every channel, newest first (enqueue instant, then `seq`).
    ///
    /// Reads `interactions_by_customer`: a page costs one search and `limit` rows, however long the
    /// history. Everything handed in before the call is committed first, so the page includes the
    /// contact being routed now.
    ///
    /// - Parameters:
    ///   - limit: the most contacts on the page (at least 1).
    ///   - before: the previous page's ``CustomerHistoryPage/next``; `nil` for the newest page.
    ///   - topicAttribute: the interaction attribute whose text value is each contact's `topic`.
    /// - Throws: `invalid_input` for a limit below 1 or a topic attribute holding `"`; what SQLite reports.
    public func customerHistory(
        _ customerId: String, limit: Int, before: CustomerCursor? = nil, topicAttribute: String = "topic"
    ) async throws(StoreError) -> CustomerHistoryPage {
        let path = self.path
        guard limit >= 1 else {
            throw StoreError(code: .invalidInput, path: path, message: "customer history limit must be at least 1, got \(limit)")
        }
        let topicPath = try TopicAttribute.path(topicAttribute, storePath: path)
        do {
            if isAcceptingWork { try await flush() }
            return try await pool.read { db in
                let query = try RawStatement(db, name: "read customer history", sql: Self.customerHistorySQL, path: path, arenaBytes: 0)
                defer { query.clearBindings() }
                try query.bind(1, customerId)
                try query.bind(2, before?.enqueuedAt ?? Int64.max)
                try query.bind(3, before?.seq ?? Int64.max)
                try query.bind(4, topicPath)
                // One more than the page: whether an older page exists, without a query that finds it empty.
                try query.bind(5, Int64(min(limit, Int(Int32.max))) + 1)
                var contacts: [CustomerContactRow] = []
                var lastSeq: Int64 = 0
                var more = false
                try query.forEachRow { row in
                    guard contacts.count < limit else {
                        more = true
                        return
                    }
                    contacts.append(try CustomerContactRow(row: row))
                    lastSeq = try row.int64(0)
                }
                let next = more ? contacts.last.map { CustomerCursor(enqueuedAt: $0.enqueuedAt, seq: lastSeq) } : nil
                return CustomerHistoryPage(contacts: contacts, next: next)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The history page's query: `?1` customer, `?2`/`?3` the cursor (enqueue instant, `seq`), `?4` the
    /// topic path, `?5` the row limit. The cursor's instant bounds the index range; `seq` splits equal
    /// instants (every index entry ends with it, so the order needs no sort). `INDEXED BY` keeps the
    /// plan whatever statistics the file holds (and fails, rather than read the table, without the index).
    static let customerHistorySQL = """
        SELECT \(CustomerContactRow.columns(topicParameter: 4)) FROM interactions AS i INDEXED BY interactions_by_customer
        WHERE i.customer_id = ?1 AND i.enqueued_at <= ?2 AND (i.enqueued_at < ?2 OR i.seq < ?3)
        ORDER BY i.enqueued_at DESC, i.seq DESC
        LIMIT ?5
        """

    /// Every contact of a customer enqueued at or after `since`, oldest first (enqueue instant, then
    /// `seq`): what the customer memory is rebuilt from at start.
    ///
    /// Reads the interactions created since then, queue by queue, through `interactions_by_queue_created`
    /// (``CreatedSinceQuery``), never the whole table. (`interactions_by_customer` leads with the
    /// customer: a period over all customers would read every customer's entries of all time.) The
    /// server writes an interaction's enqueue instant as its creation, or earlier for one re-created in
    /// an older place; a row whose enqueue instant lies after its creation is not found.
    ///
    /// - Parameter since: wall-clock milliseconds since the epoch.
    /// - Throws: `invalid_input` for a topic attribute holding `"`; what SQLite reports.
    public func recentContacts(since: Int64, topicAttribute: String = "topic") async throws(StoreError) -> [CustomerContactRow] {
        let path = self.path
        let topicPath = try TopicAttribute.path(topicAttribute, storePath: path)
        do {
            if isAcceptingWork { try await flush() }
            return try await pool.read { db in
                let query = try CreatedSinceQuery(db, path: path, name: "read recent contacts", columns: Self.recentContactsColumns,
                                                  filter: Self.recentContactsFilter)
                var contacts: [(seq: Int64, row: CustomerContactRow)] = []
                try query.forEach(since: since, bind: { try $0.bind(3, topicPath) }) { row in
                    contacts.append((try row.int64(0), try CustomerContactRow(row: row)))
                }
                contacts.sort { ($0.row.enqueuedAt, $0.seq) < ($1.row.enqueuedAt, $1.seq) }
                return contacts.map(\.row)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The columns (topic path `?3`) and condition of ``recentContacts(since:topicAttribute:)``'s rows.
    static let recentContactsColumns = CustomerContactRow.columns(topicParameter: 3)
    static let recentContactsFilter = "i.enqueued_at >= ?2 AND i.customer_id IS NOT NULL"
}
