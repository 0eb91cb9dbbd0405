import Foundation

/// The server's resident memory over a run and whether it stayed flat: the least-squares slope of the
/// samples taken after the warm-up until arrivals stopped (the drain frees work and would flatter it).
///
/// A leak grows with the work done, so at a steady rate it shows as a steady slope; caches that fill
/// up (the last 10,000 ended interactions, SQLite's page cache) flatten out during the warm-up.
public struct MemoryTrend: Sendable, Equatable, Codable {
    /// One sample: seconds since arrivals started (negative while the floor logged in), VmRSS and RssAnon.
    public struct Sample: Sendable, Equatable, Codable {
        public var second: Double
        public var residentKB: Int
        public var anonymousKB: Int?

        public init(second: Double, residentKB: Int, anonymousKB: Int? = nil) {
            self.second = second
            self.residentKB = residentKB
            self.anonymousKB = anonymousKB
        }
    }

    public var samples: [Sample]
    public var warmUpSeconds: Double
    /// When arrivals stopped (seconds since they started); later samples are the drain's.
    public var arrivalsEndedAt: Double
    /// MB (10⁶ bytes) per minute over the samples after the warm-up; nil with fewer than two of them.
    public var slopeMBPerMinute: Double?
    /// The same for RssAnon alone (heap and stacks, without file pages).
    public var anonymousSlopeMBPerMinute: Double?
    public var maxGrowthMBPerMinute: Double?

    public init(samples: [Sample], warmUpSeconds: Double, arrivalsEndedAt: Double, maxGrowthMBPerMinute: Double?) {
        self.samples = samples
        self.warmUpSeconds = warmUpSeconds
        self.arrivalsEndedAt = arrivalsEndedAt
        self.maxGrowthMBPerMinute = maxGrowthMBPerMinute
        let judged = samples.filter { $0.second >= warmUpSeconds && $0.second <= arrivalsEndedAt }
        slopeMBPerMinute = Self.slope(judged.map { ($0.second, Self.megabytes($0.residentKB)) }).map { $0 * 60 }
        let anonymous = judged.compactMap { sample in sample.anonymousKB.map { (sample.second, Self.megabytes($0)) } }
        anonymousSlopeMBPerMinute = anonymous.count == judged.count ? Self.slope(anonymous).map { $0 * 60 } : nil
    }

    static func megabytes(_ kilobytes: Int) -> Double { Double(kilobytes) * 1024 / 1e6 }

    /// The samples the slope is fitted to.
    public var judged: [Sample] { samples.filter { $0.second >= warmUpSeconds && $0.second <= arrivalsEndedAt } }

    /// False when the slope is over the limit, or when there is a limit but too few samples to judge.
    public var passed: Bool {
        guard let limit = maxGrowthMBPerMinute else { return true }
        guard let slope = slopeMBPerMinute else { return false }
        return slope <= limit
    }

    /// Least-squares slope of y over x; nil without two distinct x.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        let meanY = points.reduce(0) { $0 + $1.y } / n
        let sxx = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        guard sxx > 0 else { return nil }
        let sxy = points.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) }
        return sxy / sxx
    }

    /// `RSS 41.2 → 44.0 MB (min 40.9, max 44.3), 61 samples; after 120 s warm-up +0.012 MB/min (limit 1) passed`.
    public var summary: String {
        guard let first = samples.first, let last = samples.last else { return "RSS not sampled" }
        func mb(_ kb: Int) -> String { String(format: "%.1f", Self.megabytes(kb)) }
        let values = samples.map(\.residentKB)
        var text = "RSS \(mb(first.residentKB)) → \(mb(last.residentKB)) MB (min \(mb(values.min() ?? 0)), max \(mb(values.max() ?? 0))), \(samples.count) samples"
        let judgedCount = judged.count
        if let slope = slopeMBPerMinute {
            text += String(format: "; after %g s warm-up %+.3f MB/min over %d samples", warmUpSeconds, slope, judgedCount)
            if let anonymous = anonymousSlopeMBPerMinute { text += String(format: " (anonymous %+.3f MB/min)", anonymous) }
        } else {
            text += String(format: "; after %g s warm-up only %d samples, no slope", warmUpSeconds, judgedCount)
        }
        if let limit = maxGrowthMBPerMinute {
            text += String(format: " (limit %g MB/min) ", limit) + (passed ? "passed" : "FAILED")
        }
        return text
    }
}
