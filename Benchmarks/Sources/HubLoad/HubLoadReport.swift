import Foundation

/// The outcome of one run, from the start of routing to the store's final flush.
public struct HubLoadReport: Sendable {
    public var layout: HubLoadLayout
    public var storeOn: Bool
    /// Routing cycles (enqueue → offer → accept → complete) finished.
    public var cycles: Int
    /// From the first routed request to the end of the store's final flush (or of the drain, store off).
    public var elapsed: Duration
    /// Events the store committed during `elapsed`, and in how many transactions.
    public var committedEvents: Int
    public var commits: Int
    /// Events the store dropped (refused or failed batches): must be 0.
    public var droppedEvents: Int
    /// CPU time of the hub's thread while routing: requests, the store's commit notices and the
    /// replies they release. Unlike wall time, it does not count waiting for acknowledgements.
    public var hubCPU: Duration
    public var tally: HubLoadTally
    /// The run stopped because nothing moved for several seconds.
    public var stalled: Bool

    var seconds: Double { elapsed.seconds }

    /// Hub CPU per routing cycle, in microseconds.
    public var hubMicrosecondsPerCycle: Double { cycles > 0 ? hubCPU.seconds * 1e6 / Double(cycles) : 0 }

    public var cyclesPerSecond: Double { seconds > 0 ? Double(cycles) / seconds : 0 }
    /// Events the store committed per second of wall time.
    public var eventsPerSecond: Double { seconds > 0 ? Double(committedEvents) / seconds : 0 }
    public var eventsPerCycle: Double { cycles > 0 ? Double(committedEvents) / Double(cycles) : 0 }
    public var eventsPerCommit: Double { commits > 0 ? Double(committedEvents) / Double(commits) : 0 }

    /// Everything answered, nothing dropped, nothing stalled.
    public var isClean: Bool { tally.isComplete && droppedEvents == 0 && !stalled }

    public var summary: String {
        var text = "store \(storeOn ? "on " : "off"): \(cycles) cycles in \(String(format: "%.2f", seconds)) s"
            + " = \(Int(cyclesPerSecond)) cycles/s, hub CPU \(String(format: "%.1f", hubMicrosecondsPerCycle)) µs/cycle"
        if storeOn {
            text += "; store committed \(committedEvents) events in \(commits) commits"
                + " = \(Int(eventsPerSecond)) events/s (\(String(format: "%.2f", eventsPerCycle)) per cycle,"
                + " \(Int(eventsPerCommit)) per commit), dropped \(droppedEvents)"
        }
        text += "; \(tally.summary)"
        if stalled { text += "; STALLED" }
        if !tally.isComplete { text += "; MISSING ACKNOWLEDGEMENTS: \(tally.missingAcknowledgements)" }
        return text
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
