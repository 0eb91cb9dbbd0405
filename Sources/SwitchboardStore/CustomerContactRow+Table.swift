import GRDB

/// Mapping between ``CustomerContactRow`` and the `interactions` table.
extension CustomerContactRow {
    /// The columns, after the row's `seq`; `i` is the table's alias. The topic's JSON path is parameter
    /// `?topicParameter` (``TopicAttribute``).
    static func columns(topicParameter: Int) -> String {
        """
        i.seq, i.id, i.customer_id, i.channel, i.queue, i.agent_id, i.disposition, i.state, i.enqueued_at, i.answered_at, \
        CASE WHEN i.state IN ('queued', 'offered', 'active') THEN NULL ELSE coalesce(i.completed_at, i.abandoned_at, i.ended_at) END, \
        \(TopicAttribute.sql(column: "i.attributes", parameter: topicParameter))
        """
    }

    /// Decodes a row selected with ``columns(topicParameter:)`` (column 0 is the `seq`).
    init(row: RawRow) throws(StoreError) {
        let id = try row.text(1)
        let stateText = try row.text(7)
        guard let state = InteractionState(rawValue: stateText) else {
            throw StoreError(code: .corrupt, path: row.path, message: "interaction \(id) has unknown state '\(stateText)'")
        }
        self.init(id: id, customerId: try row.text(2), channel: try row.text(3), queue: try row.text(4),
                  agentId: row.optionalText(5), disposition: row.optionalText(6), state: state,
                  enqueuedAt: try row.int64(8), answeredAt: row.optionalInt64(9), finishedAt: row.optionalInt64(10),
                  topic: row.optionalText(11))
    }
}

/// The interaction attribute that names a contact's topic, read in SQL as text only.
enum TopicAttribute {
    /// The attribute's value in `column` (JSON text) when it is a JSON string, else NULL (a number,
    /// object, array, `null`, an absent attribute, or attributes that are not JSON at all). The JSON
    /// path is parameter `?parameter`. (Nested `CASE`s, not `AND`: the branches are then evaluated
    /// only when needed, and `json_type` of malformed JSON would fail the whole query.)
    static func sql(column: String, parameter: Int) -> String {
        """
        CASE WHEN json_valid(\(column)) THEN CASE WHEN json_type(\(column), ?\(parameter)) = 'text' \
        THEN json_extract(\(column), ?\(parameter)) END END
        """
    }

    /// The JSON path of the member `attribute` (`$."topic"`).
    ///
    /// - Throws: `invalid_input` for a name SQLite's JSON paths cannot quote (one holding `"`).
    static func path(_ attribute: String, storePath: String) throws(StoreError) -> String {
        guard !attribute.contains("\"") else {
            throw StoreError(code: .invalidInput, path: storePath,
                             message: "topic attribute '\(attribute)' holds a double quote, which a JSON path cannot name")
        }
        return "$.\"\(attribute)\""
    }
}

/// Reads the interactions created at or after an instant queue by queue through
/// `interactions_by_queue_created`: the queues are found by skipping from one to the next in the index
/// (one search each; a few dozen in all), then each queue's rows since the instant are one range of it.
/// The cost follows the rows returned, not the table, which keeps every interaction ever made
/// (retention deletes only the log). A row is in the index under its current queue, so it is found once.
///
/// Two plain statements rather than one join: given a join, the planner of an `ANALYZE`d file builds an
/// automatic index or a Bloom filter over the whole table first.
struct CreatedSinceQuery {
    private let firstQueue: RawStatement
    private let nextQueue: RawStatement
    private let rows: RawStatement

    /// - Parameters:
    ///   - columns: the selected columns of `interactions AS i`.
    ///   - filter: a further condition on `i`; `?1` is the queue, `?2` the instant, `?3` and on are the caller's.
    init(_ db: Database, path: String, name: String, columns: String, filter: String) throws {
        firstQueue = try RawStatement(db, name: "find the first queue", sql: Self.firstQueueSQL, path: path, arenaBytes: 0)
        nextQueue = try RawStatement(db, name: "find the next queue", sql: Self.nextQueueSQL, path: path, arenaBytes: 0)
        rows = try RawStatement(db, name: name, sql: Self.rowsSQL(columns: columns, filter: filter), path: path, arenaBytes: 0)
    }

    static let firstQueueSQL = "SELECT MIN(queue) FROM interactions"
    static let nextQueueSQL = "SELECT MIN(queue) FROM interactions WHERE queue > ?1"

    static func rowsSQL(columns: String, filter: String) -> String {
        """
        SELECT \(columns) FROM interactions AS i INDEXED BY interactions_by_queue_created
        WHERE i.queue = ?1 AND i.created_at >= ?2 AND \(filter)
        """
    }

    /// Hands `body` every row created at or after `since`, queue after queue (in no useful order within
    /// one); `bind` binds the caller's parameters (`?3` and on) for each queue (a run reuses the
    /// memory of its bindings).
    func forEach(since: Int64, bind: (RawStatement) throws -> Void, _ body: (RawRow) throws -> Void) throws {
        defer {
            nextQueue.clearBindings()
            rows.clearBindings()
        }
        var queue: String?
        try firstQueue.forEachRow { queue = $0.optionalText(0) }
        while let current = queue {
            try rows.bind(1, current)
            try rows.bind(2, since)
            try bind(rows)
            try rows.forEachRow(body)
            try nextQueue.bind(1, current)
            queue = nil
            try nextQueue.forEachRow { queue = $0.optionalText(0) }
        }
    }
}
