import GRDB

/// Writes batches of events in one transaction each, keeping the `interactions` rows in step with the log.
///
/// Owned by the writer thread only. It caches the rows of unfinished interactions so that applying an
/// event costs no read; the cache changes only after the transaction that produced the change commits.
/// `@unchecked Sendable` only to be handed to the writer thread, which is then its sole user.
final class BatchWriter: @unchecked Sendable {
    private let pool: DatabasePool
    private let path: String
    private var live: [String: InteractionRecord] = [:]

    init(pool: DatabasePool, path: String) throws {
        self.pool = pool
        self.path = path
        let path = path
        let open = try pool.read { db in
            try InteractionRecord.fetchAll(db, path: path, whereClause: "WHERE state NOT IN ('completed', 'abandoned', 'ended')")
        }
        for record in open { live[record.id] = record }
    }

    /// Commits `batch` in one transaction, or throws and changes nothing.
    func commit(_ batch: [StoreEvent]) throws {
        var staged: [String: InteractionRecord] = [:]
        try pool.write { db in
            staged = [:]
            for event in batch {
                try write(event, db: db, staged: &staged)
            }
        }
        for (id, record) in staged {
            if record.state.isTerminal { live[id] = nil } else { live[id] = record }
        }
    }

    private func lookup(_ id: String, db: Database, staged: [String: InteractionRecord]) throws -> InteractionRecord? {
        if let record = staged[id] ?? live[id] { return record }
        // Finished interactions are not cached; an event about one is rare (a late duplicate).
        let statement = try db.cachedStatement(sql: "SELECT \(InteractionRecord.columns) FROM interactions WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return try InteractionRecord(row: row, path: path)
    }

    private func write(_ event: StoreEvent, db: Database, staged: inout [String: InteractionRecord]) throws {
        switch event.kind {
        case .enqueued:
            guard let new = event.interaction else {
                // Rejected at intake; kept in the log without effect should one slip through.
                try insertLog(event, interactionId: event.interactionId, agentId: event.agentId, queue: event.queue, duration: nil, db: db)
                return
            }
            // Re-sending a client-given id is idempotent: the first enqueue stands.
            if staged[new.id] != nil || live[new.id] != nil { return }
            let record = InteractionRecord(new, at: event.at)
            try db.cachedStatement(sql: InteractionRecord.insertSQL).execute(arguments: record.insertArguments)
            if db.changesCount == 0 { return }  // a finished interaction with that id
            staged[record.id] = record
            try insertLog(event, interactionId: new.id, agentId: event.agentId, queue: new.queue, duration: nil, payload: new.jsonText, db: db)

        case .agentState:
            try insertLog(event, interactionId: event.interactionId, agentId: event.agentId, queue: event.queue, duration: nil, db: db)
            guard let agent = event.agentId else { return }
            try db.cachedStatement(sql: """
                INSERT INTO agents (agent_id, state, reason, changed_at, logged_in) VALUES (?, ?, ?, ?, 1)
                ON CONFLICT(agent_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, changed_at = excluded.changed_at
                """).execute(arguments: [agent, event.state ?? "unknown", event.reason, event.at])

        case .agentLogin:
            try insertLog(event, interactionId: nil, agentId: event.agentId, queue: event.queue, duration: nil, db: db)
            guard let agent = event.agentId else { return }
            try db.cachedStatement(sql: """
                INSERT INTO agents (agent_id, state, reason, changed_at, logged_in) VALUES (?, 'not_ready', NULL, ?, 1)
                ON CONFLICT(agent_id) DO UPDATE SET logged_in = 1
                """).execute(arguments: [agent, event.at])
            try db.cachedStatement(sql: "INSERT INTO agent_sessions (agent_id, login_at) VALUES (?, ?)")
                .execute(arguments: [agent, event.at])

        case .agentLogout:
            try insertLog(event, interactionId: nil, agentId: event.agentId, queue: event.queue, duration: nil, db: db)
            guard let agent = event.agentId else { return }
            try db.cachedStatement(sql: """
                INSERT INTO agents (agent_id, state, reason, changed_at, logged_in) VALUES (?, 'offline', ?, ?, 0)
                ON CONFLICT(agent_id) DO UPDATE SET state = 'offline', reason = excluded.reason, changed_at = excluded.changed_at, logged_in = 0
                """).execute(arguments: [agent, event.reason, event.at])
            try db.cachedStatement(sql: """
                UPDATE agent_sessions SET logout_at = ?, logout_reason = ? WHERE agent_id = ? AND logout_at IS NULL
                """).execute(arguments: [event.at, event.reason, agent])

        case .wrapUpEnded where event.interactionId == nil:
            // An agent's wrap-up ended: it ends for every interaction that agent is wrapping up.
            guard let agent = event.agentId else {
                try insertLog(event, interactionId: nil, agentId: nil, queue: event.queue, duration: nil, db: db)
                return
            }
            var wrapping = staged.values.filter { $0.agentId == agent && $0.state == .wrapUp }
            for record in live.values where staged[record.id] == nil && record.agentId == agent && record.state == .wrapUp {
                wrapping.append(record)
            }
            wrapping.sort { $0.id < $1.id }
            if wrapping.isEmpty {
                try insertLog(event, interactionId: nil, agentId: agent, queue: event.queue, duration: nil, db: db)
            }
            for record in wrapping {
                var one = event
                one.interactionId = record.id
                try applyToInteraction(one, db: db, staged: &staged)
            }

        default:
            try applyToInteraction(event, db: db, staged: &staged)
        }
    }

    private func applyToInteraction(_ event: StoreEvent, db: Database, staged: inout [String: InteractionRecord]) throws {
        guard let id = event.interactionId, var record = try lookup(id, db: db, staged: staged) else {
            // An event about an unknown interaction is kept in the log but changes no row.
            try insertLog(event, interactionId: event.interactionId, agentId: event.agentId, queue: event.queue, duration: nil, db: db)
            return
        }
        let before = record
        let previousAgent = record.agentId
        let duration = record.apply(event)
        let queue = (event.kind == .transferred || event.kind == .overflowed) ? (event.queue ?? record.queue) : before.queue
        try insertLog(event, interactionId: id, agentId: event.agentId ?? previousAgent, queue: queue, duration: duration, db: db)
        if record != before {
            try db.cachedStatement(sql: InteractionRecord.updateSQL).execute(arguments: record.updateArguments)
            staged[id] = record
        }
    }

    private func insertLog(
        _ event: StoreEvent, interactionId: String?, agentId: String?, queue: String?, duration: Int64?,
        payload: String? = nil, db: Database
    ) throws {
        try db.cachedStatement(sql: """
            INSERT INTO events (kind, at, interaction_id, agent_id, queue, reason, state, disposition, duration_ms, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.kind.rawValue, event.at, interactionId, agentId, queue, event.reason, event.state,
                event.disposition, duration, payload,
            ])
    }
}
