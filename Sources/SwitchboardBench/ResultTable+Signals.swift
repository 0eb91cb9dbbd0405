/// The summary's lines about customers, topics, alerts, customer tiers and the agents' days.
extension ResultTable {
    /// Alerts listed one per line in the summary; `--json` keeps more (``AlertLog/keptEntries``).
    public static let listedAlerts = 20
    /// Agents listed in the summary, most strained first; `--json` keeps every one.
    public static let listedAgents = 10

    static func signalLines(_ r: BenchResult) -> [String] {
        var lines: [String] = []
        if let topics = r.topics {
            let byCount = topics.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            lines.append("topics  " + (byCount.isEmpty ? "none" : byCount.joined(separator: ", "))
                         + (r.spikeArrivals.map { "  (spike arrivals \($0))" } ?? ""))
        }
        if let c = r.customers {
            lines.append("customers  \(c.customers) distinct, \(c.repeatArrivals) repeat arrivals  offers with customer \(c.offersWithCustomer)  repeat offers: \(c.repeatOffers) (last agent first: \(c.repeatOffersToLastAgent))")
        }
        if let alerts = r.alerts { lines += alertLines(alerts) }
        if let tiers = r.tiers { lines += tierLines(tiers, serviceLevelSeconds: r.serviceLevelSeconds) }
        if let days = r.agentDays { lines += agentDayLines(days) }
        return lines
    }

    /// One line per tier (then the work without one): offered, answered, waits, service level, and the
    /// agent groups that answered it, most first.
    static func tierLines(_ tiers: [TierCounts], serviceLevelSeconds: Double) -> [String] {
        guard !tiers.isEmpty else { return ["Tiers: no interactions"] }
        var lines = ["Tiers (enqueue → assigned):"]
        lines.append("  " + pad("tier", 12) + ["offered", "answered", "mean wait", "max wait"].map { lpad($0, 11) }.joined()
                     + lpad("within \(f(serviceLevelSeconds, 0)) s", 13)
                     + "  answered by group")
        for tier in tiers {
            let groups = tier.answeredByGroup.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  " + pad(tier.tier ?? "(none)", 12) + lpad(String(tier.offered), 11) + lpad(String(tier.answered), 11)
                         + lpad(tier.meanWaitSeconds.map { f($0, 2) + " s" } ?? "-", 11) + lpad(tier.answered > 0 ? f(tier.maxWaitSeconds, 2) + " s" : "-", 11)
                         + lpad(percent(tier.serviceLevel), 13) + "  " + (groups.isEmpty ? "-" : groups))
        }
        return lines
    }

    /// The agents' day: totals, then the ``listedAgents`` with the most demanding contacts and longest streaks.
    static func agentDayLines(_ days: AgentDays) -> [String] {
        guard !days.agents.isEmpty else { return ["Agents' day: no figures received (\(days.statsReceived) stats pushes)"] }
        var lines = ["Agents' day (\(days.statsReceived) stats pushes, \(days.agents.count) agents): cool-down seen for \(days.agentsWithCoolDown), longest streak \(days.maxStreak), mean occupancy \(percent(days.meanOccupancy))"]
        lines.append("  " + pad("agent", 14) + pad("group", 10) + pad("stage", 12) + ["handled", "demanding", "streak", "longest", "last hour", "occupancy", "AHT (s)"].map { lpad($0, 10) }.joined()
                     + "  cool-down  not ready")
        for agent in days.agents.prefix(listedAgents) {
            let notReady = agent.notReadyMs.sorted { $0.key < $1.key }.map { "\($0.key) \(f(Double($0.value) / 1000, 1)) s" }.joined(separator: ", ")
            lines.append("  " + pad(agent.id, 14) + pad(agent.group, 10) + pad(agent.stage ?? "-", 12)
                         + [String(agent.handled), String(agent.demandingHandled), String(agent.streak), String(agent.longestStreak),
                            String(agent.demandingLastHour), percent(agent.occupancy), agent.averageHandleMs.map { f(Double($0) / 1000, 1) } ?? "-"].map { lpad($0, 10) }.joined()
                         + "  " + pad(agent.coolDownSeen ? "seen" : "-", 9) + "  " + (notReady.isEmpty ? "-" : notReady))
        }
        if days.agents.count > listedAgents {
            lines.append("  …and \(days.agents.count - listedAgents) more (--json lists every agent)")
        }
        return lines
    }

    /// The "Alerts" section: counts by kind and state, what was still raised at the end, then the first
    /// ``listedAlerts`` in order with their time since arrivals started.
    static func alertLines(_ log: AlertLog) -> [String] {
        guard log.received > 0 else { return ["Alerts: none received"] }
        let counts = log.counts.sorted { $0.key < $1.key }.map { kind, states in
            "\(kind) " + ["raised", "acknowledged", "cleared"].compactMap { state in states[state].map { "\(state) \($0)" } }.joined(separator: ", ")
        }
        var lines = ["Alerts: \(log.received) received  " + counts.joined(separator: "; ")]
        if !log.stillRaised.isEmpty {
            lines.append("  still raised at the end: " + log.stillRaised.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        lines.append("  " + lpad("at (s)", 8) + "  " + pad("state", 13) + pad("severity", 10) + pad("kind", 19) + pad("subject", 33) + " message")
        for entry in log.entries.prefix(listedAlerts) {
            let subject = entry.subject.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append("  " + lpad(f(entry.second, 1), 8) + "  " + pad(entry.state, 13) + pad(entry.severity, 10) + pad(entry.kind, 19)
                         + pad(subject, 33) + " " + entry.message)
        }
        if log.received > listedAlerts {
            lines.append("  …and \(log.received - listedAlerts) more (--json keeps the first \(AlertLog.keptEntries))")
        }
        return lines
    }
}
