import GRDB

extension Store {
    /// Reads back what the server needs to resume: waiting interactions in their original order,
    /// assigned ones with their agents, and agents' last states.
    ///
    /// An offer does not survive a restart: interactions found `offered` are logged as `requeued`
    /// (reason `restart`, at `now`) before they are returned as waiting. On a read-only store they are
    /// returned as queued without logging.
    ///
    /// - Parameter now: wall-clock milliseconds since the epoch, for the `requeued` events.
    public func recover(now: Int64) async throws(StoreError) -> RecoveredState {
        let path = self.path
        let offered: [String]
        do {
            if isAcceptingWork { try await flush() }
            offered = try await pool.read { db in
                let query = try RawStatement(db, name: "find offered interactions", sql: """
                    SELECT id FROM interactions \(StoreSchema.openInteractions("'offered'")) ORDER BY enqueued_at, seq
                    """, path: path, arenaBytes: 0)
                var ids: [String] = []
                try query.forEachRow { row in ids.append(try row.text(0)) }
                return ids
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
        if !offered.isEmpty && isAcceptingWork {
            try await append(offered.map { StoreEvent.interaction(.requeued, $0, at: now, reason: "restart") })
        }
        do {
            var state = try await pool.read { db in
                RecoveredState(
                    waiting: try InteractionRow.fetchAll(
                        db, path: path, whereClause: StoreSchema.openInteractions("'queued', 'offered'") + " ORDER BY enqueued_at, seq"),
                    assigned: try InteractionRow.fetchAll(
                        db, path: path, whereClause: StoreSchema.openInteractions("'active', 'wrap_up'") + " ORDER BY assigned_at, seq"),
                    agents: try AgentRow.fetchAll(db, path: path, orderBy: "ORDER BY agent_id")
                )
            }
            for index in state.waiting.indices where state.waiting[index].state == .offered {
                state.waiting[index].state = .queued
                state.waiting[index].agentId = nil
            }
            return state
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The current row of one interaction, after everything handed in so far is committed.
    public func interaction(id: String) async throws(StoreError) -> InteractionRow? {
        let path = self.path
        do {
            if isAcceptingWork { try await flush() }
            return try await pool.read { db in
                try InteractionRow.fetchAll(db, path: path, whereClause: "WHERE id = ?", texts: [id]).first
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Number of rows in the event log.
    public func eventCount() async throws(StoreError) -> Int {
        do {
            return try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }
}

/// How a finished interaction ended, for answering a re-sent `enqueue` after a restart.
public struct FinishedRecord: Sendable, Hashable {
    public var id: String
    public var source: String
    public var state: InteractionState

    public init(id: String, source: String, state: InteractionState) {
        self.id = id
        self.source = source
        self.state = state
    }
}

extension Store {
    /// The last `limit` interactions to enter the store that have finished, newest first.
    public func recentlyFinished(limit: Int) async throws(StoreError) -> [FinishedRecord] {
        let path = self.path
        do {
            return try await pool.read { db in
                let query = try RawStatement(db, name: "read finished interactions", sql: """
                    SELECT id, source, state FROM interactions
                    WHERE state IN ('completed', 'abandoned', 'ended') ORDER BY seq DESC LIMIT ?
                    """, path: path, arenaBytes: 0)
                try query.bind(1, Int64(max(0, limit)))
                var finished: [FinishedRecord] = []
                try query.forEachRow { row in
                    guard let state = InteractionState(rawValue: try row.text(2)) else { return }
                    finished.append(FinishedRecord(id: try row.text(0), source: try row.text(1), state: state))
                }
                return finished
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }
}
