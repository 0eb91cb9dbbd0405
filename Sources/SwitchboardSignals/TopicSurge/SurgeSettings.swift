/// How `TopicSurgeDetector` tells a surge (the `alerts.topic_surge` keys, in milliseconds and fractions).
public struct SurgeSettings: Sendable, Hashable {
    /// The sliding window counted, kept in one-minute buckets (rounded up to whole minutes).
    public var windowMs: Int64
    /// Never a surge below this many contacts in the window.
    public var floor: Int
    /// …nor below this multiple of the usual count for the window.
    public var multiple: Double
    /// Cleared when the count falls below `clearRatio` × the raise threshold.
    public var clearRatio: Double
    /// How fast the usual rate follows change: a bucket's weight halves over this span.
    public var baselineHalfLifeMs: Int64
    /// Topics tracked at once (queues are not counted: the configuration bounds them).
    public var maxTopics: Int

    public init(
        windowMs: Int64 = 15 * 60_000, floor: Int = 20, multiple: Double = 3, clearRatio: Double = 0.7,
        baselineHalfLifeMs: Int64 = 24 * 3_600_000, maxTopics: Int = 1000
    ) {
        self.windowMs = max(1, windowMs)
        self.floor = max(1, floor)
        self.multiple = max(0, multiple)
        self.clearRatio = min(1, max(0, clearRatio))
        self.baselineHalfLifeMs = max(1, baselineHalfLifeMs)
        self.maxTopics = max(0, maxTopics)
    }
}
