import Synchronization

/// A cap on the output queued by all the connections of one server together, so many peers that
/// stop reading cannot make the process hold gigabytes of unsent bytes even when each stays under
/// its own budget (``Connection/outputBudget``).
///
/// Connections report only the output they could not hand to the kernel, once per write batch
/// (a reader that keeps up never touches the counter). When a connection's report leaves the
/// total above ``maxBytes`` and that connection holds at least the average queue of the
/// connections still waiting, it is closed as a slow reader: the largest queues go first, and a
/// peer that keeps up is spared.
public final class QueuedOutputLimit: Sendable {
    /// Total queued bytes allowed across the connections sharing this limit (a reload may change it).
    public var maxBytes: Int { limit.load(ordering: .relaxed) }
    private let limit: Atomic<Int>
    /// Queued bytes in the low 40 bits, connections with a queue above them: one atomic per report.
    private let packed = Atomic<Int>(0)
    private static let countShift = 40
    private static let byteMask = (1 << countShift) - 1

    /// - Parameter maxBytes: total queued bytes allowed (at least 1; up to 2^40 − 1).
    public init(maxBytes: Int) {
        limit = Atomic(min(max(1, maxBytes), Self.byteMask))
    }

    /// Takes a new cap; it applies from the next report.
    public func update(maxBytes: Int) {
        limit.store(min(max(1, maxBytes), Self.byteMask), ordering: .relaxed)
    }

    /// Bytes queued by all connections, as last reported.
    public var queuedBytes: Int { packed.load(ordering: .relaxed) & Self.byteMask }
    /// Connections with queued output, as last reported.
    public var queuedConnections: Int { packed.load(ordering: .relaxed) >> Self.countShift }

    /// Records that one connection's queue went from `old` to `new` bytes; returns whether that
    /// connection should be closed (the total is over the cap and its queue is at least the average).
    func report(from old: Int, to new: Int) -> Bool {
        let countDelta = (new > 0 ? 1 : 0) - (old > 0 ? 1 : 0)
        let value = packed.wrappingAdd((countDelta << Self.countShift) + (new - old), ordering: .relaxed).newValue
        let total = value & Self.byteMask
        guard new > 0, total > maxBytes else { return false }
        return new * (value >> Self.countShift) >= total
    }
}
