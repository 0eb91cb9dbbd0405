import GRDB

/// Writes batches of events in one transaction each, keeping the `interactions` and `agents` rows in
/// step with the log.
///
/// Owned by the writer thread only. It caches the rows of unfinished interactions and every agent's row
/// so that applying an event costs no read. Within a batch, events go to the log one row each, in order;
/// the interaction and agent rows they change are written once, at the end of the batch, with the state
/// the batch left them in (the file is the same as if every event had its own batch). The caches change
/// only after the transaction that produced the change commits.
/// `@unchecked Sendable` only to be handed to the writer thread, which is then its sole user.
final class BatchWriter: @unchecked Sendable {
    /// An unfinished interaction's row as the file holds it, and where (`seq`).
    struct Cached {
        var record: InteractionRow
        var seq: Int64
    }

    private let pool: DatabasePool
    private let path: String
    private var live: [String: Cached] = [:]
    private var agents: [String: AgentRow] = [:]
    private var openMark: OpenMark
    /// Reused for every `enqueued` payload.
    private var payload: [UInt8] = []
    /// The events the transaction being written appended (nil until its first).
    private var span: EventSpan?
    /// The latest `event_spans` row as committed, which the next transaction extends while it can.
    private var latestSpan: EventSpan?
    /// The alert statements of the transaction being written, prepared at its first alert event.
    private var alertStatements: AlertStatements?
    /// Whether the rows of each transaction are kept for ``committedLog`` (an event stream listens).
    private var collectsLog = false
    /// The log rows of the transaction being written (only while ``collectsLog``).
    private var writtenLog: [LoggedEvent] = []
    /// The log rows of the last transaction committed, for the event stream; empty unless collected.
    private(set) var committedLog: [LoggedEvent] = []

    init(pool: DatabasePool, path: String) throws {
        self.pool = pool
        self.path = path
        let path = path
        let (open, agentRows, highest, mark) = try pool.read { db in
            (try InteractionRow.fetchAllWithSeq(db, path: path, whereClause: StoreSchema.openInteractions("'queued', 'offered', 'active', 'wrap_up'")),
             try AgentRow.fetchAll(db, path: path),
             try Int64.fetchOne(db, sql: "SELECT coalesce(MAX(seq), 0) FROM interactions") ?? 0,
             try Int64.fetchOne(db, sql: "SELECT value FROM store_marks WHERE name = 'oldest_open_seq'") ?? 1)
        }
        for (seq, record) in open { live[record.id] = Cached(record: record, seq: seq) }
        openMark = OpenMark(openSeqs: open.map(\.seq), highestSeq: highest, stored: mark)
        for agent in agentRows { agents[agent.agentId] = agent }
    }

    /// Commits `batch` in one transaction, or throws and changes nothing.
    func commit(_ batch: [StoreEvent]) throws {
        try commit([batch[...]])
    }

    /// Commits the events of `pieces`, in order, in one transaction (read in place from the callers'
    /// buffers), or throws and changes nothing. With `collecting`, the rows written are then in
    /// ``committedLog``.
    func commit(_ pieces: [ArraySlice<StoreEvent>], collecting: Bool = false) throws {
        collectsLog = collecting
        committedLog = []
        var stage = BatchStage()
        var ended: Set<Int64> = []
        var created: [(seq: Int64, open: Bool)] = []
        var mark = openMark.stored
        var spanRow = latestSpan
        try pool.write { db in
            stage = BatchStage()
            span = nil
            writtenLog.removeAll(keepingCapacity: true)
            let statements = try WriterStatements(db, path: path)
            alertStatements = nil
            defer {
                statements.clearBindings()
                alertStatements?.clearBindings()
                alertStatements = nil
            }
            for piece in pieces {
                for event in piece {
                    try write(event, db: db, statements: statements, stage: &stage)
                }
            }
            try writeRows(&stage, statements: statements)
            if let span {
                spanRow = latestSpan?.extended(by: span) ?? span
                try spanRow?.write(with: statements.writeSpan)
            }
            (ended, created) = Self.openChanges(stage)
            mark = openMark.proposed(ended: ended, created: created)
            if mark != openMark.stored {
                try statements.writeOpenMark.bind(1, mark)
                try statements.writeOpenMark.run()
            }
        }
        for staged in stage.interactions {
            let record = staged.record
            if record.state.isTerminal {
                live[record.id] = nil
            } else if let seq = staged.seq {
                live[record.id] = Cached(record: record, seq: seq)
            }
        }
        openMark.commit(ended: ended, created: created, mark: mark)
        latestSpan = spanRow
        if collecting {
            committedLog = writtenLog
            writtenLog.removeAll(keepingCapacity: true)
        }
        for agent in stage.agents { agents[agent.agentId] = agent }
    }

    /// The rows a batch finished (existing ones, by `seq`) and created (with whether they are unfinished).
    private static func openChanges(_ stage: BatchStage) -> (ended: Set<Int64>, created: [(seq: Int64, open: Bool)]) {
        var ended: Set<Int64> = []
        var created: [(seq: Int64, open: Bool)] = []
        for staged in stage.interactions {
            guard let seq = staged.seq else { continue }
            if staged.storedQueue == nil {
                created.append((seq, !staged.record.state.isTerminal))
            } else if staged.record.state.isTerminal {
                ended.insert(seq)
            }
        }
        return (ended, created)
    }

    /// Writes each row the batch changed once: new interactions in the order they were enqueued.
    private func writeRows(_ stage: inout BatchStage, statements: WriterStatements) throws {
        for position in stage.interactions.indices {
            let staged = stage.interactions[position]
            guard let storedQueue = staged.storedQueue, let seq = staged.seq else {
                try staged.record.bindInsert(to: statements.insertInteraction)
                try statements.insertInteraction.run()
                // `ON CONFLICT DO NOTHING` keeps a row of that id as the file has it (the batch checked
                // the id was new, so this does not happen): such a row is neither cached nor counted new.
                if statements.insertInteraction.changes > 0 {
                    stage.inserted(at: position, seq: statements.insertInteraction.lastInsertedRowID)
                }
                continue
            }
            let update = staged.record.queue == storedQueue ? statements.updateInteractionKeepingQueue : statements.updateInteraction
            try staged.record.bindUpdate(to: update, seq: seq)
            try update.run()
        }
        for agent in stage.agents where agent != agents[agent.agentId] {
            let upsert = statements.upsertAgent
            try upsert.bind(1, agent.agentId)
            try upsert.bind(2, agent.state)
            try upsert.bind(3, agent.reason)
            try upsert.bind(4, agent.changedAt)
            try upsert.bind(5, Int64(agent.loggedIn ? 1 : 0))
            try upsert.run()
        }
    }

    /// The interaction as the file holds it, and its `seq`: cached when unfinished, read for a finished one.
    private func stored(_ id: String, db: Database) throws -> Cached? {
        if let cached = live[id] { return cached }
        // Finished interactions are not cached; an event about one is rare (a late duplicate).
        let query = try RawStatement(db, name: "find finished interaction",
                                     sql: "SELECT seq, \(InteractionRow.columns) FROM interactions WHERE id = ?", path: path, arenaBytes: 0)
        defer { query.clearBindings() }
        try query.bind(1, id)
        var found: Cached?
        try query.forEachRow { row in found = Cached(record: try InteractionRow(row: row, first: 1), seq: try row.int64(0)) }
        return found
    }

    /// The agent's row as the batch left it so far.
    private func agent(_ id: String, stage: BatchStage) -> AgentRow? {
        stage.agent(id) ?? agents[id]
    }

    /// Stages the agent's row when the state the agent chose changed with this line. The row keeps
    /// what a restart needs: the chosen state (available, not ready with its reason, offline) and the
    /// login. The working line (busy, wrap-up) changes with every contact and is in the log
    /// (`events.state`); writing it here too rewrote a page of the `agents` table twice per contact.
    /// A new agent's row says logged in; a known agent's login flag is left as it is.
    private func stageLine(of id: String, _ line: String, reason: String?, at: Int64, stage: inout BatchStage) {
        let known = agent(id, stage: stage)
        let chosen = AgentRow.chosenState(line: line, reason: reason)
        if let known, known.state == chosen, known.reason == reason { return }
        stage.stage(AgentRow(agentId: id, state: chosen, reason: reason, changedAt: at, loggedIn: known?.loggedIn ?? true))
    }

    private func write(_ event: StoreEvent, db: Database, statements: WriterStatements, stage: inout BatchStage) throws {
        if !event.kind.isAgentEvent, let line = event.state, let id = event.agentId {
            // The agent's line changed with this event (e.g. busy with an accept): its row follows.
            stageLine(of: id, line, reason: nil, at: event.at, stage: &stage)
        }
        switch event.kind {
        case .enqueued:
            guard let new = event.interaction else {
                // Rejected at intake; kept in the log without effect should one slip through.
                try insertLog(event, interactionId: event.interactionId, agentId: event.agentId, queue: event.queue, duration: nil, statements: statements)
                return
            }
            // Re-sending a client-given id is idempotent: the first enqueue stands, even a finished one.
            if stage.contains(new.id) || live[new.id] != nil { return }
            try statements.interactionExists.bind(1, new.id)
            if try statements.interactionExists.returnsRow() { return }
            stage.add(InteractionRow(new, at: event.at), storedQueue: nil, seq: nil)
            try insertLog(event, interactionId: new.id, agentId: event.agentId, queue: new.queue, duration: nil, payload: new, source: new.source,
                          statements: statements)

        case .agentState:
            try insertLog(event, interactionId: event.interactionId, agentId: event.agentId, queue: event.queue, duration: nil, statements: statements)
            guard let id = event.agentId else { return }
            stageLine(of: id, event.state ?? "unknown", reason: event.reason, at: event.at, stage: &stage)

        case .agentLogin:
            try insertLog(event, interactionId: nil, agentId: event.agentId, queue: event.queue, duration: nil, statements: statements)
            guard let id = event.agentId else { return }
            if var known = agent(id, stage: stage) {
                known.loggedIn = true
                stage.stage(known)
            } else {
                stage.stage(AgentRow(agentId: id, state: "not_ready", reason: nil, changedAt: event.at, loggedIn: true))
            }
            try statements.openSession.bind(1, id)
            try statements.openSession.bind(2, event.at)
            try statements.openSession.run()

        case .agentLogout:
            try insertLog(event, interactionId: nil, agentId: event.agentId, queue: event.queue, duration: nil, statements: statements)
            guard let id = event.agentId else { return }
            stage.stage(AgentRow(agentId: id, state: "offline", reason: event.reason, changedAt: event.at, loggedIn: false))
            try statements.closeSessions.bind(1, event.at)
            try statements.closeSessions.bind(2, event.reason)
            try statements.closeSessions.bind(3, id)
            try statements.closeSessions.run()

        case .alertRaised, .alertCleared, .alertAcknowledged:
            try applyAlert(event, db: db, statements: statements)

        case .wrapUpEnded where event.interactionId == nil:
            // An agent's wrap-up ended: it ends for every interaction that agent is wrapping up.
            guard let agent = event.agentId else {
                try insertLog(event, interactionId: nil, agentId: nil, queue: event.queue, duration: nil, statements: statements)
                return
            }
            var wrapping = stage.wrappingUp(by: agent)
            for cached in live.values where !stage.contains(cached.record.id) && cached.record.agentId == agent && cached.record.state == .wrapUp {
                wrapping.append(cached.record)
            }
            wrapping.sort { $0.id < $1.id }
            if wrapping.isEmpty {
                try insertLog(event, interactionId: nil, agentId: agent, queue: event.queue, duration: nil, statements: statements)
            }
            for record in wrapping {
                var one = event
                one.interactionId = record.id
                try applyToInteraction(one, db: db, statements: statements, stage: &stage)
            }

        default:
            try applyToInteraction(event, db: db, statements: statements, stage: &stage)
        }
    }

    /// Applies an alert event to the `alerts` table and logs it, its change as the payload. A raise of
    /// a known id changes nothing and is not logged (as a repeated `enqueued`); a clear or an
    /// acknowledgement of an unknown id is logged and changes nothing (as an event about an unknown
    /// interaction).
    private func applyAlert(_ event: StoreEvent, db: Database, statements: WriterStatements) throws {
        guard let change = event.alertChange else {
            // Rejected at intake; kept in the log without effect should one slip through.
            try insertLog(event, interactionId: nil, agentId: nil, queue: nil, duration: nil, statements: statements)
            return
        }
        let alerts = try alertStatements ?? AlertStatements(db, path: path)
        alertStatements = alerts
        switch change {
        case .raised(let row):
            try row.bindInsert(to: alerts.insert)
            try alerts.insert.run()
            guard alerts.insert.changes > 0 else { return }
        case .cleared(let id):
            try alerts.clear.bind(1, event.at)
            try alerts.clear.bind(2, id)
            try alerts.clear.run()
        case .acknowledged(let id, let by, let note):
            try alerts.acknowledge.bind(1, event.at)
            try alerts.acknowledge.bind(2, by)
            try alerts.acknowledge.bind(3, note)
            try alerts.acknowledge.bind(4, id)
            try alerts.acknowledge.run()
        }
        try insertLog(event, interactionId: nil, agentId: nil, queue: nil, duration: nil, alert: change, statements: statements)
    }

    private func applyToInteraction(_ event: StoreEvent, db: Database, statements: WriterStatements, stage: inout BatchStage) throws {
        guard let id = event.interactionId else {
            try insertLog(event, interactionId: nil, agentId: event.agentId, queue: event.queue, duration: nil, statements: statements)
            return
        }
        let duration: Int64?
        let agentBefore: String?
        let queueBefore: String
        let queueAfter: String
        let source: String
        if let position = stage.position(of: id) {
            (duration, agentBefore, queueBefore) = stage.apply(event, at: position)
            queueAfter = stage.interactions[position].record.queue
            source = stage.interactions[position].record.source
        } else if let cached = try stored(id, db: db) {
            var record = cached.record
            duration = record.apply(event)
            agentBefore = cached.record.agentId
            queueBefore = cached.record.queue
            queueAfter = record.queue
            source = record.source
            if record != cached.record { stage.add(record, storedQueue: cached.record.queue, seq: cached.seq) }
        } else {
            // An event about an unknown interaction is kept in the log but changes no row.
            try insertLog(event, interactionId: id, agentId: event.agentId, queue: event.queue, duration: nil, statements: statements)
            return
        }
        let queue = (event.kind == .transferred || event.kind == .overflowed) ? (event.queue ?? queueAfter) : queueBefore
        try insertLog(event, interactionId: id, agentId: event.agentId ?? agentBefore, queue: queue, duration: duration, source: source,
                      statements: statements)
    }

    private func insertLog(
        _ event: StoreEvent, interactionId: String?, agentId: String?, queue: String?, duration: Int64?,
        payload interaction: NewInteraction? = nil, alert: StoreEvent.AlertChange? = nil, source: String? = nil, statements: WriterStatements
    ) throws {
        let insert = statements.insertEvent
        try insert.bind(1, event.kind.rawValue)
        try insert.bind(2, event.at)
        try insert.bind(3, interactionId)
        try insert.bind(4, agentId)
        try insert.bind(5, queue)
        try insert.bind(6, event.reason)
        try insert.bind(7, event.state)
        try insert.bind(8, event.disposition)
        try insert.bind(9, duration)
        if let interaction {
            payload.removeAll(keepingCapacity: true)
            interaction.appendJSON(to: &payload)
            try payload.withUnsafeBufferPointer { try insert.bind(10, utf8: $0) }
        } else if let alert {
            payload.removeAll(keepingCapacity: true)
            alert.appendJSON(to: &payload)
            try payload.withUnsafeBufferPointer { try insert.bind(10, utf8: $0) }
        } else {
            try insert.bind(10, nil as String?)
        }
        try insert.run()
        let seq = insert.lastInsertedRowID
        if collectsLog {
            writtenLog.append(LoggedEvent(seq: seq, kind: event.kind, at: event.at, interactionId: interactionId, agentId: agentId, queue: queue,
                                          reason: event.reason, state: event.state, disposition: event.disposition, source: source))
        }
        if span == nil { span = EventSpan(seq: seq, at: event.at) } else { span?.add(seq: seq, at: event.at) }
    }
}
