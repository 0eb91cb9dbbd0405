/// What a KPI report covers: the period `[from, to)` in wall-clock milliseconds since the epoch,
/// optionally one queue, and each queue's service-level threshold.
public struct ReportQuery: Sendable, Hashable {
    public var from: Int64
    public var to: Int64
    public var queue: String?
    /// Service-level threshold per queue name, in milliseconds.
    public var serviceLevelThresholdsMs: [String: Int64]
    /// Threshold for queues not in ``serviceLevelThresholdsMs`` (20 s: the common 80/20 target).
    public var defaultServiceLevelThresholdMs: Int64
    /// The present, if it lies inside the period: agent state time is counted up to here, not beyond.
    public var now: Int64?

    public init(
        from: Int64, to: Int64, queue: String? = nil, serviceLevelThresholdsMs: [String: Int64] = [:],
        defaultServiceLevelThresholdMs: Int64 = 20_000, now: Int64? = nil
    ) {
        self.from = from
        self.to = to
        self.queue = queue
        self.serviceLevelThresholdsMs = serviceLevelThresholdsMs
        self.defaultServiceLevelThresholdMs = defaultServiceLevelThresholdMs
        self.now = now
    }

    /// The threshold that applies to `queue`.
    public func serviceLevelThresholdMs(for queue: String) -> Int64 {
        serviceLevelThresholdsMs[queue] ?? defaultServiceLevelThresholdMs
    }
}
