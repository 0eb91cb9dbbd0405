/// A key's surge was raised or cleared.
public struct SurgeChange: Sendable, Hashable {
    public var key: SurgeKey
    /// True when raised, false when cleared.
    public var raised: Bool
    /// Contacts in the window.
    public var count: Int
    /// The usual count for the window (the baseline per minute × the window's minutes).
    public var expected: Double
    /// The raise threshold: max(floor, multiple × expected).
    public var threshold: Double

    public init(key: SurgeKey, raised: Bool, count: Int, expected: Double, threshold: Double) {
        self.key = key
        self.raised = raised
        self.count = count
        self.expected = expected
        self.threshold = threshold
    }
}

/// Where one key stands.
public struct SurgeStatus: Sendable, Hashable {
    public var key: SurgeKey
    public var count: Int
    public var expected: Double
    public var threshold: Double
    public var raised: Bool

    public init(key: SurgeKey, count: Int, expected: Double, threshold: Double, raised: Bool) {
        self.key = key
        self.count = count
        self.expected = expected
        self.threshold = threshold
        self.raised = raised
    }
}
