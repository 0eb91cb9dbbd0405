import Foundation

/// The human-readable summary printed at the end of a run, and the comparison with an earlier run.
public enum ResultTable {
    public static func render(_ r: BenchResult) -> String {
        var lines: [String] = []
        lines.append("scenario \(r.scenario)  seed \(r.seed)  agents \(r.agents)  sources \(r.sources)  started \(r.startedAt)")
        lines.append("arrivals ran \(f(r.runSeconds, 1)) s (total \(f(r.totalSeconds, 1)) s), offered \(f(r.offeredRatePerSecond, 1))/s")
        if let before = r.loadAverageBefore, let after = r.loadAverageAfter {
            lines.append("load average before \(before.map { f($0, 2) }.joined(separator: " ")), after \(after.map { f($0, 2) }.joined(separator: " ")) (1, 5, 15 min; bench and server share the machine)")
        }
        lines.append("")
        lines.append(pad("latency (ms)", 22) + ["count", "p50", "p90", "p99", "p99.9", "max"].map { lpad($0, 10) }.joined())
        for (name, s) in [("enqueue → offer", r.enqueueToOffer), ("offer → accept", r.offerToAccept),
                          ("accept round trip", r.acceptRoundTrip), ("enqueue → assigned", r.enqueueToAssigned),
                          ("reload round trip", r.reloadRoundTrip)] where s.count > 0 || name.hasPrefix("enqueue") {
            lines.append(pad(name, 22) + lpad(String(s.count), 10)
                         + [s.p50Ms, s.p90Ms, s.p99Ms, s.p999Ms, s.maxMs].map { lpad(f($0, 3), 10) }.joined())
        }
        lines.append("")
        lines.append("interactions  enqueued \(r.enqueued)  refused \(r.refused)  assigned \(r.assigned)  completed \(r.completed)  abandoned \(r.abandoned)  drained \(r.drained)  ended \(r.ended)")
        lines.append("offers \(r.offers)  rejects \(r.rejects)  offer timeouts \(r.offerTimeouts)" + (r.reloads + r.reloadFailures > 0 ? "  reloads \(r.reloads) (failed \(r.reloadFailures))" : ""))
        lines.append("service level (\(f(r.serviceLevelSeconds, 0)) s) \(percent(r.serviceLevel))  abandon rate \(percent(r.abandonRate))  occupancy \(percent(r.occupancy))")
        lines.append("messages \(r.messagesSent) sent, \(r.messagesReceived) received, \(f(r.messagesPerSecond, 0))/s")
        if !r.protocolErrors.isEmpty {
            lines.append("protocol errors: " + r.protocolErrors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let signals = r.signalReloads, signals > 0 { lines.append("reloads by SIGHUP \(signals)") }
        if let c = r.churn {
            lines.append("churn  log-outs \(c.logOuts)  drops \(c.drops)  returns \(c.returns)  work kept over a drop \(c.keptOverDrop)  handed back \(c.handedBack)  let go at the grace \(c.lostAtGrace)  agent_lost \(c.agentLost)"
                         + (c.reconnectFailures > 0 ? "  reconnect failures \(c.reconnectFailures)" : "")
                         + (c.loginsRefused > 0 ? "  LOGINS REFUSED \(c.loginsRefused)" : ""))
        }
        if let memory = r.memory { lines.append("server memory: \(memory.summary)") }
        lines += signalLines(r)
        if let setup = r.setupError { lines.append("SETUP FAILED: \(setup)") }
        if let timeline = r.timeline, !timeline.isEmpty {
            let worst = timeline.filter { $0.offers > 0 }.sorted { $0.enqueueToOfferMaxMs > $1.enqueueToOfferMaxMs }.prefix(3)
            if let top = worst.first {
                let seconds = worst.map { "\($0.second) (\(f($0.enqueueToOfferMaxMs, 1)) ms)" }.joined(separator: ", ")
                let lag = timeline.map(\.benchTimerLagMaxMs).max() ?? 0
                lines.append("worst seconds by enqueue → offer max: \(seconds); bench timer lag max \(f(lag, 1)) ms over the run, \(f(top.benchTimerLagMaxMs, 1)) ms in second \(top.second), machine stall \(f(top.machineStallMaxMs, 1)) ms (--timeline prints every second)")
            }
        }
        if r.correctnessPassed {
            lines.append("correctness: PASSED (every interaction reached exactly one terminal event; no offer broke skills or capacity; no double assignment)")
        } else {
            lines.append("correctness: FAILED " + r.violations.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            for example in r.violationExamples.prefix(10) { lines.append("  \(example)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Every second of the run: what arrived, enqueue → offer and accept round-trip tails, and the
    /// bench's own timer lag and longest busy stretch (a stall with low lag is the server's).
    public static func timeline(_ r: BenchResult) -> String {
        ([TimelineSecond.header] + (r.timeline ?? []).map(\.row)).joined(separator: "\n")
    }

    /// Ratios current ÷ earlier for the headline numbers (below 1 is better for latencies).
    public static func compare(_ current: BenchResult, to earlier: BenchResult) -> String {
        var lines = ["compared with \(earlier.scenario) started \(earlier.startedAt) (ratio = now ÷ then)"]
        func row(_ name: String, _ now: Double?, _ then: Double?, unit: String) {
            let ratio: String
            if let now, let then, then != 0 { ratio = f(now / then, 2) + "×" } else { ratio = "-" }
            lines.append(pad(name, 26) + lpad(then.map { f($0, 3) } ?? "-", 12) + lpad(now.map { f($0, 3) } ?? "-", 12) + " \(pad(unit, 6))" + lpad(ratio, 9))
        }
        lines.append(pad("", 26) + lpad("then", 12) + lpad("now", 12))
        for (name, n, t) in [("enqueue → offer", current.enqueueToOffer, earlier.enqueueToOffer),
                             ("offer → accept", current.offerToAccept, earlier.offerToAccept),
                             ("accept round trip", current.acceptRoundTrip, earlier.acceptRoundTrip),
                             ("enqueue → assigned", current.enqueueToAssigned, earlier.enqueueToAssigned)] {
            row("\(name) p50", n.p50Ms, t.p50Ms, unit: "ms")
            row("\(name) p99", n.p99Ms, t.p99Ms, unit: "ms")
            row("\(name) max", n.maxMs, t.maxMs, unit: "ms")
        }
        row("messages/s", current.messagesPerSecond, earlier.messagesPerSecond, unit: "/s")
        row("service level", current.serviceLevel, earlier.serviceLevel, unit: "")
        row("abandon rate", current.abandonRate, earlier.abandonRate, unit: "")
        row("occupancy", current.occupancy, earlier.occupancy, unit: "")
        row("violations", Double(current.violations.values.reduce(0, +)), Double(earlier.violations.values.reduce(0, +)), unit: "")
        return lines.joined(separator: "\n")
    }

    static func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func percent(_ value: Double?) -> String { value.map { f($0 * 100, 1) + "%" } ?? "-" }
    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
    static func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s }
}
