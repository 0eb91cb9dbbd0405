/// What a KPI report covers: the period `[from, to)` in wall-clock milliseconds since the epoch,
/// optionally one queue, each queue's service-level threshold, and the dispositions that make a
/// contact demanding.
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
    /// Dispositions that make a handled contact demanding after the fact (the configuration's
    /// `wellbeing.demanding.dispositions`), beside the interactions the server marked demanding at enqueue.
    public var demandingDispositions: Set<String>

    public init(
        from: Int64, to: Int64, queue: String? = nil, serviceLevelThresholdsMs: [String: Int64] = [:],
        defaultServiceLevelThresholdMs: Int64 = 20_000, now: Int64? = nil, demandingDispositions: Set<String> = []
    ) {
        self.from = from
        self.to = to
        self.queue = queue
        self.serviceLevelThresholdsMs = serviceLevelThresholdsMs
        self.defaultServiceLevelThresholdMs = defaultServiceLevelThresholdMs
        self.now = now
        self.demandingDispositions = demandingDispositions
    }

    /// The threshold that applies to `queue`.
    public func serviceLevelThresholdMs(for queue: String) -> Int64 {
        serviceLevelThresholdsMs[queue] ?? defaultServiceLevelThresholdMs
    }
}
