import GRDB

extension Store {
    /// Sets the one observer told of the log rows of every committed batch, in `seq` order, on the
    /// writer thread, after the commit. It must return quickly: the next batch waits for it. Set it
    /// before any event is handed in: batches committed before it are not reported.
    public func observeLog(_ observer: @escaping @Sendable ([LoggedEvent]) -> Void) {
        intake.withLock { intake.logObserver = observer }
    }

    /// The oldest and newest `seq` of the log (the newest committed; retention never removes it).
    public func eventLogBounds() async throws(StoreError) -> EventLogBounds {
        let path = self.path
        do {
            return try await pool.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM events")
                return EventLogBounds(oldest: row?["lo"], newest: row?["hi"] ?? 0)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The interaction and agent events after `seq` `after`, up to `through` (inclusive), at most
    /// `limit` rows examined, oldest first, each with its interaction's source; alert events are
    /// left out (subscribers of `alerts` get those).
    ///
    /// Reads one primary-key window of the log on a WAL reader (the writer never waits for it) and
    /// the interactions' unique index for the sources. ``LoggedEventPage/through`` says where the next
    /// page starts.
    public func readEvents(after: Int64, through: Int64, limit: Int) async throws(StoreError) -> LoggedEventPage {
        let path = self.path
        let limit = max(1, limit)
        guard through > after else { return LoggedEventPage(events: [], through: max(after, through)) }
        do {
            return try await pool.read { db in
                let query = try RawStatement(db, name: "read events", sql: Self.readEventsSQL, path: path, arenaBytes: 0)
                defer { query.clearBindings() }
                try query.bind(1, after)
                try query.bind(2, through)
                try query.bind(3, Int64(limit))
                var events: [LoggedEvent] = []
                var last = after
                var examined = 0
                try query.forEachRow { row in
                    examined += 1
                    let seq = try row.int64(0)
                    last = seq
                    guard let kind = StoreEvent.Kind(rawValue: try row.text(1)), !kind.isAlertEvent else { return }
                    events.append(LoggedEvent(
                        seq: seq, kind: kind, at: try row.int64(2), interactionId: row.optionalText(3), agentId: row.optionalText(4),
                        queue: row.optionalText(5), reason: row.optionalText(6), state: row.optionalText(7),
                        disposition: row.optionalText(8), source: row.optionalText(9)))
                }
                // Fewer rows than asked for: the window is read to its end.
                return LoggedEventPage(events: events, through: examined < limit ? through : last)
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    static let readEventsSQL = """
        SELECT e.seq, e.kind, e.at, e.interaction_id, e.agent_id, e.queue, e.reason, e.state, e.disposition, i.source
        FROM events e LEFT JOIN interactions i ON i.id = e.interaction_id
        WHERE e.seq > ? AND e.seq <= ? ORDER BY e.seq LIMIT ?
        """
}
