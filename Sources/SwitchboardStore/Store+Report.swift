import GRDB

extension Store {
    /// Computes the KPIs of ``Report`` for `query` from the log (aggregates in SQL, the agent
    /// timeline in Swift). Reads through a WAL reader: the writer is never held up.
    public func report(_ query: ReportQuery) async throws(StoreError) -> Report {
        do {
            return try await pool.read { db in try ReportBuilder(query: query).build(db) }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }
}

/// The SQL and arithmetic behind ``Store/report(_:)``.
struct ReportBuilder {
    var query: ReportQuery

    static let handlingStates: Set<String> = ["active", "busy", "wrap_up"]
    static let availableStates: Set<String> = ["available", "reserved"]

    func build(_ db: Database) throws -> Report {
        // The period's events as a primary-key range (the log has no index by time); empty when none.
        let range = try StoreSchema.eventRange(db, from: query.from, to: query.to).map { (lo: $0.lowerBound, hi: $0.upperBound) } ?? (lo: 1, hi: 0)
        return Report(from: query.from, to: query.to, queue: query.queue,
                      queues: try queues(db, range: range), agents: try agents(db, range: range))
    }

    private var queueFilter: String { query.queue == nil ? "" : "AND queue = :queue" }

    private func arguments(_ range: (lo: Int64, hi: Int64)) -> StatementArguments {
        var values: [String: (any DatabaseValueConvertible)?] = [
            "from": query.from, "to": query.to, "lo": range.lo, "hi": range.hi,
        ]
        if let queue = query.queue { values["queue"] = queue }
        return StatementArguments(values)
    }

    private func queues(_ db: Database, range: (lo: Int64, hi: Int64)) throws -> [QueueReport] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT queue,
                SUM(kind IN ('enqueued', 'transferred', 'overflowed')) AS offered,
                SUM(kind = 'accepted' AND duration_ms IS NOT NULL) AS answered,
                SUM(kind IN ('cancelled', 'abandoned') AND duration_ms IS NOT NULL) AS abandoned,
                AVG(CASE WHEN kind = 'accepted' THEN duration_ms END) AS asa,
                SUM(kind = 'wrap_up_ended' AND interaction_id IS NOT NULL AND duration_ms IS NOT NULL) AS handled,
                AVG(CASE WHEN kind = 'wrap_up_ended' AND interaction_id IS NOT NULL THEN duration_ms END) AS aht
            FROM events
            WHERE seq BETWEEN :lo AND :hi AND at >= :from AND at < :to AND queue IS NOT NULL \(queueFilter)
              AND kind IN ('enqueued', 'transferred', 'overflowed', 'accepted', 'cancelled', 'abandoned', 'wrap_up_ended')
            GROUP BY queue ORDER BY queue
            """, arguments: arguments(range))
        return try rows.map { row in
            let queue: String = row["queue"]
            let threshold = query.serviceLevelThresholdMs(for: queue)
            let answered: Int = row["answered"]
            let within = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM events
                WHERE seq BETWEEN ? AND ? AND kind = 'accepted' AND queue = ? AND at >= ? AND at < ? AND duration_ms <= ?
                """, arguments: [range.lo, range.hi, queue, query.from, query.to, threshold]) ?? 0
            return QueueReport(
                queue: queue, offered: row["offered"], answered: answered, abandoned: row["abandoned"],
                answeredWithinThreshold: within, serviceLevelThresholdMs: threshold,
                serviceLevelPercent: answered == 0 ? nil : Double(within) * 100 / Double(answered),
                averageSpeedOfAnswerMs: row["asa"], handled: row["handled"], averageHandleTimeMs: row["aht"]
            )
        }
    }

    private func agents(_ db: Database, range: (lo: Int64, hi: Int64)) throws -> [AgentReport] {
        var reports: [String: AgentReport] = [:]
        func report(_ agent: String) -> AgentReport {
            reports[agent] ?? AgentReport(agentId: agent, handled: 0, averageHandleTimeMs: nil, handlingMs: 0,
                                          availableMs: 0, occupancyPercent: nil, notReadyMs: [:])
        }

        let handledRows = try Row.fetchAll(db, sql: """
            SELECT agent_id, COUNT(*) AS handled, AVG(duration_ms) AS aht FROM events
            WHERE kind = 'wrap_up_ended' AND interaction_id IS NOT NULL AND duration_ms IS NOT NULL
              AND agent_id IS NOT NULL AND seq BETWEEN :lo AND :hi AND at >= :from AND at < :to \(queueFilter)
            GROUP BY agent_id
            """, arguments: arguments(range))
        for row in handledRows {
            let agent: String = row["agent_id"]
            var entry = report(agent)
            entry.handled = row["handled"]
            entry.averageHandleTimeMs = row["aht"]
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
        let timeline = try Row.fetchAll(db, sql: """
            SELECT agent_id, kind, state, reason, at, next_at FROM (
                SELECT agent_id, kind, state, reason, at,
                    LEAD(at) OVER (PARTITION BY agent_id ORDER BY seq) AS next_at
                FROM events
                WHERE seq BETWEEN :lo AND :hi AND (state IS NOT NULL OR kind = 'agent_logout') AND agent_id IS NOT NULL AND at < :end
            ) WHERE next_at IS NULL OR next_at > :from
            """, arguments: ["lo": scan.lowerBound, "hi": scan.upperBound, "end": end, "from": query.from])
        for row in timeline {
            let agent: String = row["agent_id"]
            let kind: String = row["kind"]
            let start = max(query.from, row["at"] as Int64)
            let stop = min(end, (row["next_at"] as Int64?) ?? end)
            guard stop > start, kind != "agent_logout", let state = row["state"] as String? else { continue }
            let span = stop - start
            var entry = report(agent)
            if Self.handlingStates.contains(state) {
                entry.handlingMs += span
            } else if Self.availableStates.contains(state) {
                entry.availableMs += span
            } else if state == "not_ready" {
                entry.notReadyMs[(row["reason"] as String?) ?? "unspecified", default: 0] += span
            } else {
                continue
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
