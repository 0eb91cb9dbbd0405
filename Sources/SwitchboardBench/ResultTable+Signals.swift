/// The summary's lines about customers, topics and alerts.
extension ResultTable {
    /// Alerts listed one per line in the summary; `--json` keeps more (``AlertLog/keptEntries``).
    public static let listedAlerts = 20

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
