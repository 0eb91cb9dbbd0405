import Histogram

/// Latencies of one kind, recorded in microseconds into an HdrHistogram (3 significant digits).
public struct LatencyRecorder: Sendable {
    private var histogram: Histogram<UInt64>
    private let highest: UInt64

    /// - Parameter highestTrackableSeconds: larger values are recorded as this.
    public init(highestTrackableSeconds: Double = 3600) {
        highest = UInt64(max(1, highestTrackableSeconds) * 1_000_000)
        histogram = Histogram<UInt64>(highestTrackableValue: highest, numberOfSignificantValueDigits: .three)
    }

    /// Forgets every value, keeping the storage.
    public mutating func reset() {
        histogram.reset()
    }

    public var count: Int { Int(histogram.totalCount) }

    /// Records a latency given in seconds; negative values (clock steps) count as zero.
    public mutating func record(seconds: Double) {
        let micros = UInt64(max(0, min(seconds * 1_000_000, Double(highest))).rounded())
        _ = histogram.record(micros)
    }

    /// The percentile (0–100) in milliseconds.
    public func milliseconds(atPercentile percentile: Double) -> Double {
        count == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1000
    }

    /// The summary written to reports.
    public var summary: LatencySummary {
        guard count > 0 else { return LatencySummary(count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0) }
        return LatencySummary(
            count: count, meanMs: histogram.mean / 1000,
            p50Ms: milliseconds(atPercentile: 50), p90Ms: milliseconds(atPercentile: 90),
            p99Ms: milliseconds(atPercentile: 99), p999Ms: milliseconds(atPercentile: 99.9),
            maxMs: Double(histogram.max) / 1000)
    }
}

/// Percentiles of one latency, in milliseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var count: Int
    public var meanMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var p999Ms: Double
    public var maxMs: Double

    public init(count: Int, meanMs: Double, p50Ms: Double, p90Ms: Double, p99Ms: Double, p999Ms: Double, maxMs: Double) {
        self.count = count
        self.meanMs = meanMs
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.p999Ms = p999Ms
        self.maxMs = maxMs
    }
}
