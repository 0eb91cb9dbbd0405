import GRDB

extension Store {
    /// Computes the KPIs of ``Report`` for `query` from the log (aggregates in SQL, the agent
    /// timeline in Swift). Reads through a WAL reader: the writer is never held up.
    public func report(_ query: ReportQuery) async throws(StoreError) -> Report {
        do {
            return try await pool.read { db in try ReportBuilder(query: query, path: path).build(db) }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }
}

/// The SQL and arithmetic behind ``Store/report(_:)``.
struct ReportBuilder {
    var query: ReportQuery
    /// The database file, for errors.
    var path: String

    static let handlingStates: Set<String> = ["active", "busy", "wrap_up"]
    static let availableStates: Set<String> = ["available", "reserved"]

    func build(_ db: Database) throws -> Report {
        // The period's events as a primary-key range (the log has no index by time); empty when none.
        let range = try StoreSchema.eventRange(db, from: query.from, to: query.to).map { (lo: $0.lowerBound, hi: $0.upperBound) } ?? (lo: 1, hi: 0)
        return Report(from: query.from, to: query.to, queue: query.queue,
                      queues: try queues(db, range: range), agents: try agents(db, range: range), alerts: try alerts(db))
    }

    /// Alerts raised in the period (`?1`–`?2`), then those raised before it and not cleared by its end;
    /// three disjoint ranges of `alerts_by_raised_at` and `alerts_by_state`. With a queue (`?3`), alerts
    /// whose subject names another queue are left out.
    private func alerts(_ db: Database) throws -> [AlertRow] {
        let queueFilter = query.queue == nil ? "" : """
             AND coalesce(CASE WHEN json_valid(subject) THEN json_extract(subject, '$.queue') END, ?3) = ?3
            """
        let alerts = try statement(db, "report alerts", """
            SELECT \(AlertRow.columns) FROM alerts WHERE raised_at >= ?1 AND raised_at < ?2\(queueFilter)
            UNION ALL
            SELECT \(AlertRow.columns) FROM alerts WHERE cleared_at IS NULL AND raised_at < ?1\(queueFilter)
            UNION ALL
            SELECT \(AlertRow.columns) FROM alerts WHERE cleared_at >= ?2 AND raised_at < ?1\(queueFilter)
            ORDER BY raised_at, id
            """)
        defer { alerts.clearBindings() }
        try alerts.bind(1, query.from)
        try alerts.bind(2, query.to)
        if let queue = query.queue { try alerts.bind(3, queue) }
        var rows: [AlertRow] = []
        try alerts.forEachRow { row in rows.append(try AlertRow(row: row)) }
        return rows
    }

    /// Filters on the report's queue, parameter 5 of the queries that take the period as 1–4.
    private var queueFilter: String { query.queue == nil ? "" : "AND queue = ?5" }

    /// A query through SQLite's C API, so that names holding a NUL are bound and read whole (``RawRow``).
    private func statement(_ db: Database, _ name: String, _ sql: String) throws -> RawStatement {
        try RawStatement(db, name: name, sql: sql, path: path, arenaBytes: 0)
    }

    /// Binds the period (`?1`–`?4`: lo, hi, from, to) and the queue filter (`?5`) when there is one.
    private func bindPeriod(_ statement: RawStatement, range: (lo: Int64, hi: Int64)) throws {
        try statement.bind(1, range.lo)
        try statement.bind(2, range.hi)
        try statement.bind(3, query.from)
        try statement.bind(4, query.to)
        if let queue = query.queue { try statement.bind(5, queue) }
    }

    private func queues(_ db: Database, range: (lo: Int64, hi: Int64)) throws -> [QueueReport] {
        let totals = try statement(db, "report queues", """
            SELECT queue,
                SUM(kind IN ('enqueued', 'transferred', 'overflowed')) AS offered,
                SUM(kind = 'accepted' AND duration_ms IS NOT NULL) AS answered,
                SUM(kind IN ('cancelled', 'abandoned') AND duration_ms IS NOT NULL) AS abandoned,
                AVG(CASE WHEN kind = 'accepted' THEN duration_ms END) AS asa,
                SUM(kind = 'wrap_up_ended' AND interaction_id IS NOT NULL AND duration_ms IS NOT NULL) AS handled,
                AVG(CASE WHEN kind = 'wrap_up_ended' AND interaction_id IS NOT NULL THEN duration_ms END) AS aht
            FROM events
            WHERE seq BETWEEN ?1 AND ?2 AND at >= ?3 AND at < ?4 AND queue IS NOT NULL \(queueFilter)
              AND kind IN ('enqueued', 'transferred', 'overflowed', 'accepted', 'cancelled', 'abandoned', 'wrap_up_ended')
            GROUP BY queue ORDER BY queue
            """)
        defer { totals.clearBindings() }
        try bindPeriod(totals, range: range)
        var partial: [QueueReport] = []
        try totals.forEachRow { row in
            partial.append(QueueReport(
                queue: try row.text(0), offered: Int(try row.int64(1)), answered: Int(try row.int64(2)),
                abandoned: Int(try row.int64(3)), answeredWithinThreshold: 0, serviceLevelThresholdMs: 0,
                serviceLevelPercent: nil, averageSpeedOfAnswerMs: row.optionalDouble(4), handled: Int(try row.int64(5)),
                averageHandleTimeMs: row.optionalDouble(6)))
        }
        let within = try statement(db, "report service level", """
            SELECT COUNT(*) FROM events
            WHERE seq BETWEEN ?1 AND ?2 AND kind = 'accepted' AND queue = ?3 AND at >= ?4 AND at < ?5 AND duration_ms <= ?6
            """)
        defer { within.clearBindings() }
        return try partial.map { report in
            var report = report
            report.serviceLevelThresholdMs = query.serviceLevelThresholdMs(for: report.queue)
            try within.bind(1, range.lo)
            try within.bind(2, range.hi)
            try within.bind(3, report.queue)
            try within.bind(4, query.from)
            try within.bind(5, query.to)
            try within.bind(6, report.serviceLevelThresholdMs)
            try within.forEachRow { row in report.answeredWithinThreshold = Int(try row.int64(0)) }
            report.serviceLevelPercent = report.answered == 0 ? nil : Double(report.answeredWithinThreshold) * 100 / Double(report.answered)
            return report
        }
    }

    /// The period's handled contacts (`?1`–`?4`, queue `?5`) in log order, each with its agent, its
    /// handle time and what makes it demanding: one pass over the log's primary-key range, and one
    /// search of `interactions` by its unique id per contact (the log has no index to join on). Each
    /// contact is a row, not a group: the streaks need the order.
    static func handledSQL(queueFilter: String) -> String {
        """
        SELECT e.agent_id, e.duration_ms, i.demanding, i.disposition FROM (
            SELECT seq, agent_id, interaction_id, duration_ms FROM events
            WHERE kind = 'wrap_up_ended' AND interaction_id IS NOT NULL AND duration_ms IS NOT NULL
              AND agent_id IS NOT NULL AND seq BETWEEN ?1 AND ?2 AND at >= ?3 AND at < ?4 \(queueFilter)
        ) e LEFT JOIN interactions i ON i.id = e.interaction_id
        ORDER BY e.seq
        """
    }

    /// One agent's handled contacts, counted one by one in log order.
    private struct HandledTally {
        var handled = 0
        var handleMs: Int64 = 0
        var demanding = 0
        var streak = 0
        var longestStreak = 0

        mutating func add(handleMs: Int64, demanding isDemanding: Bool) {
            handled += 1
            self.handleMs += handleMs
            if isDemanding {
                demanding += 1
                streak += 1
                longestStreak = max(longestStreak, streak)
            } else {
                streak = 0
            }
        }
    }

    private func agents(_ db: Database, range: (lo: Int64, hi: Int64)) throws -> [AgentReport] {
        var reports: [String: AgentReport] = [:]
        func report(_ agent: String) -> AgentReport {
            reports[agent] ?? AgentReport(agentId: agent, handled: 0, averageHandleTimeMs: nil, handlingMs: 0,
                                          availableMs: 0, occupancyPercent: nil, notReadyMs: [:])
        }

        // A contact is demanding when the server marked it so at enqueue, or by its final disposition
        // (the completing agent's: a transfer ends no handling with `wrap_up_ended`). Its row may be
        // gone (deleted by hand): then only the log counts it, as ordinary work.
        let handled = try statement(db, "report handled", Self.handledSQL(queueFilter: queueFilter))
        defer { handled.clearBindings() }
        try bindPeriod(handled, range: range)
        let dispositions = query.demandingDispositions
        var tallies: [String: HandledTally] = [:]
        try handled.forEachRow { row in
            let demanding = (row.optionalInt64(2) ?? 0) != 0
                || (!dispositions.isEmpty && row.optionalText(3).map(dispositions.contains) == true)
            tallies[try row.text(0), default: HandledTally()].add(handleMs: try row.int64(1), demanding: demanding)
        }
        for (agent, tally) in tallies {
            var entry = report(agent)
            entry.handled = tally.handled
            entry.averageHandleTimeMs = Double(tally.handleMs) / Double(tally.handled)
            entry.demandingHandled = tally.demanding
            entry.longestDemandingStreak = tally.longestStreak
            reports[agent] = entry
        }

        // Each state lasts until the agent's next state change; the one in force at `from` counts too.
        // A change is an `agent_state` row or the row of the agent's event that caused it (`state` set).
        // An agent's state at `from` was set after the login `from` falls in, so the log before the
        // earliest such login cannot matter: the timeline reads from there, as a primary-key range.
        let end = min(query.to, query.now ?? query.to)
        let since = try Int64.fetchOne(db, sql: """
            SELECT MIN(login_at) FROM agent_sessions WHERE login_at <= :from AND (logout_at IS NULL OR logout_at > :from)
            """, arguments: ["from": query.from]) ?? query.from
        guard let scan = try StoreSchema.eventRange(db, from: min(since, query.from), to: end) else {
            return Self.finished(reports)
        }
        let timeline = try statement(db, "report agent timeline", """
            SELECT agent_id, kind, state, reason, at, next_at FROM (
                SELECT agent_id, kind, state, reason, at,
                    LEAD(at) OVER (PARTITION BY agent_id ORDER BY seq) AS next_at
                FROM events
                WHERE seq BETWEEN ?1 AND ?2 AND (state IS NOT NULL OR kind = 'agent_logout') AND agent_id IS NOT NULL AND at < ?3
            ) WHERE next_at IS NULL OR next_at > ?4
            """)
        defer { timeline.clearBindings() }
        try timeline.bind(1, scan.lowerBound)
        try timeline.bind(2, scan.upperBound)
        try timeline.bind(3, end)
        try timeline.bind(4, query.from)
        try timeline.forEachRow { row in
            let agent = try row.text(0)
            let kind = try row.text(1)
            let start = max(query.from, try row.int64(4))
            let stop = min(end, row.optionalInt64(5) ?? end)
            guard stop > start, kind != "agent_logout", let state = row.optionalText(2) else { return }
            let span = stop - start
            var entry = report(agent)
            if Self.handlingStates.contains(state) {
                entry.handlingMs += span
            } else if Self.availableStates.contains(state) {
                entry.availableMs += span
            } else if state == "not_ready" {
                entry.notReadyMs[row.optionalText(3) ?? "unspecified", default: 0] += span
            } else {
                return
            }
            reports[agent] = entry
        }
        return Self.finished(reports)
    }

    /// The agents' reports in name order, with occupancy from the time they handled and were available.
    private static func finished(_ reports: [String: AgentReport]) -> [AgentReport] {
        reports.values.sorted { $0.agentId < $1.agentId }.map { entry in
            var entry = entry
            let busyOrIdle = entry.handlingMs + entry.availableMs
            entry.occupancyPercent = busyOrIdle == 0 ? nil : Double(entry.handlingMs) * 100 / Double(busyOrIdle)
            return entry
        }
    }
}
