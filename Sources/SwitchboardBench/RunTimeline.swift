import Foundation

/// One second of a run, to tell a steady tail from stalls and to place a stall on the bench's side or
/// the server's.
public struct TimelineSecond: Sendable, Equatable, Codable {
    /// Seconds since arrivals started (second 0 covers [0, 1)); the drain follows the last running second.
    public var second: Int
    /// Interactions enqueued in this second.
    public var enqueued: Int
    /// First offers received in this second, with their enqueue → offer percentiles.
    public var offers: Int
    public var enqueueToOfferP50Ms: Double
    public var enqueueToOfferP99Ms: Double
    public var enqueueToOfferMaxMs: Double
    /// Accept round trips completed in this second (the server's reply time alone).
    public var acceptRoundTripP99Ms: Double
    public var acceptRoundTripMaxMs: Double
    /// Frames sent and received by the floor.
    public var messages: Int
    /// How late the bench's own timers fired at worst: a bench-side stall (its thread descheduled or
    /// busy) shows here; a server-side stall does not.
    public var benchTimerLagMaxMs: Double
    /// The longest the bench spent on one received frame or timer batch (decode, floor, encode, write).
    public var benchBusyMaxMs: Double
    /// CPU time the bench's loop thread used, and how often the kernel took the CPU from it while it
    /// could run: lag with little CPU and many preemptions means the thread waited for a core.
    public var benchCpuMs: Double
    public var benchPreemptions: Int
    /// How late a thread of the bench that does nothing but sleep 2 ms at a time woke at worst: when it
    /// is late together with `lag max`, nothing on the machine (or in the bench process) ran — the
    /// stall is the machine's, not the bench's work nor the server's.
    public var machineStallMaxMs: Double

    public init(second: Int) {
        self.second = second
        enqueued = 0
        offers = 0
        enqueueToOfferP50Ms = 0
        enqueueToOfferP99Ms = 0
        enqueueToOfferMaxMs = 0
        acceptRoundTripP99Ms = 0
        acceptRoundTripMaxMs = 0
        messages = 0
        benchTimerLagMaxMs = 0
        benchBusyMaxMs = 0
        benchCpuMs = 0
        benchPreemptions = 0
        machineStallMaxMs = 0
    }

    private enum CodingKeys: String, CodingKey {
        case second, enqueued, offers, enqueueToOfferP50Ms, enqueueToOfferP99Ms, enqueueToOfferMaxMs, acceptRoundTripP99Ms
        case acceptRoundTripMaxMs, messages, benchTimerLagMaxMs, benchBusyMaxMs, benchCpuMs, benchPreemptions, machineStallMaxMs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(second: try c.decode(Int.self, forKey: .second))
        enqueued = try c.decode(Int.self, forKey: .enqueued)
        offers = try c.decode(Int.self, forKey: .offers)
        enqueueToOfferP50Ms = try c.decode(Double.self, forKey: .enqueueToOfferP50Ms)
        enqueueToOfferP99Ms = try c.decode(Double.self, forKey: .enqueueToOfferP99Ms)
        enqueueToOfferMaxMs = try c.decode(Double.self, forKey: .enqueueToOfferMaxMs)
        acceptRoundTripP99Ms = try c.decode(Double.self, forKey: .acceptRoundTripP99Ms)
        acceptRoundTripMaxMs = try c.decode(Double.self, forKey: .acceptRoundTripMaxMs)
        messages = try c.decode(Int.self, forKey: .messages)
        benchTimerLagMaxMs = try c.decode(Double.self, forKey: .benchTimerLagMaxMs)
        benchBusyMaxMs = try c.decode(Double.self, forKey: .benchBusyMaxMs)
        benchCpuMs = try c.decodeIfPresent(Double.self, forKey: .benchCpuMs) ?? 0
        benchPreemptions = try c.decodeIfPresent(Int.self, forKey: .benchPreemptions) ?? 0
        machineStallMaxMs = try c.decodeIfPresent(Double.self, forKey: .machineStallMaxMs) ?? 0
    }

    /// One line for the table, e.g. ` 31  504  502   0.61   1.20   3.10   1.00   2.00  7012   0.98   0.12`.
    public var row: String {
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        let cells: [(String, Int)] = [
            (String(second), 5), (String(enqueued), 7), (String(offers), 7), (f(enqueueToOfferP50Ms), 9),
            (f(enqueueToOfferP99Ms), 9), (f(enqueueToOfferMaxMs), 9), (f(acceptRoundTripP99Ms), 9), (f(acceptRoundTripMaxMs), 9),
            (String(messages), 8), (f(benchTimerLagMaxMs), 9), (f(benchBusyMaxMs), 9), (String(Int(benchCpuMs.rounded())), 8),
            (String(benchPreemptions), 8), (f(machineStallMaxMs), 9),
        ]
        return cells.map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined()
    }

    public static let header = ["s", "enq", "offers", "e→o p50", "e→o p99", "e→o max", "acc p99", "acc max", "msgs", "lag max",
                                "busy max", "cpu ms", "preempt", "machine"]
        .enumerated().map { index, name in
            let width = [5, 7, 7, 9, 9, 9, 9, 9, 8, 9, 9, 8, 8, 9][index]
            return String(repeating: " ", count: max(0, width - name.count)) + name
        }.joined()
}

/// Builds the per-second ``TimelineSecond``s of a run as events arrive in time order.
struct RunTimeline {
    private(set) var seconds: [TimelineSecond] = []
    private var current = TimelineSecond(second: 0)
    private var enqueueToOffer = LatencyRecorder(highestTrackableSeconds: 600)
    private var acceptRoundTrip = LatencyRecorder(highestTrackableSeconds: 600)
    private var origin: Double?

    /// Starts second 0 at `time`.
    mutating func start(at time: Double) {
        origin = time
    }

    /// The bucket of `time`, closing earlier seconds; nil before the start.
    private mutating func roll(to time: Double) -> Bool {
        guard let origin else { return false }
        let second = max(0, Int((time - origin).rounded(.down)))
        while current.second < second {
            close()
            current = TimelineSecond(second: current.second + 1)
        }
        return true
    }

    private mutating func close() {
        if enqueueToOffer.count > 0 {
            current.enqueueToOfferP50Ms = enqueueToOffer.milliseconds(atPercentile: 50)
            current.enqueueToOfferP99Ms = enqueueToOffer.milliseconds(atPercentile: 99)
            current.enqueueToOfferMaxMs = enqueueToOffer.milliseconds(atPercentile: 100)
            enqueueToOffer.reset()
        }
        if acceptRoundTrip.count > 0 {
            current.acceptRoundTripP99Ms = acceptRoundTrip.milliseconds(atPercentile: 99)
            current.acceptRoundTripMaxMs = acceptRoundTrip.milliseconds(atPercentile: 100)
            acceptRoundTrip.reset()
        }
        seconds.append(current)
    }

    mutating func enqueued(at time: Double) {
        if roll(to: time) { current.enqueued += 1 }
    }

    mutating func offered(latency: Double, at time: Double) {
        guard roll(to: time) else { return }
        current.offers += 1
        enqueueToOffer.record(seconds: latency)
    }

    mutating func acceptAnswered(latency: Double, at time: Double) {
        if roll(to: time) { acceptRoundTrip.record(seconds: latency) }
    }

    mutating func messages(_ count: Int, at time: Double) {
        if roll(to: time) { current.messages += count }
    }

    mutating func benchTimerLag(_ lag: Double, at time: Double) {
        if roll(to: time) { current.benchTimerLagMaxMs = max(current.benchTimerLagMaxMs, lag * 1000) }
    }

    mutating func benchBusy(_ duration: Double, at time: Double) {
        if roll(to: time) { current.benchBusyMaxMs = max(current.benchBusyMaxMs, duration * 1000) }
    }

    mutating func benchCpu(_ seconds: Double, preemptions: Int, at time: Double) {
        guard roll(to: time) else { return }
        current.benchCpuMs += seconds * 1000
        current.benchPreemptions += preemptions
    }

    /// Every second up to and including the one in progress.
    mutating func finish() -> [TimelineSecond] {
        guard origin != nil else { return [] }
        close()
        origin = nil
        return seconds
    }
}
