/// Arrival times of a (piecewise-constant rate) Poisson process, seeded and reproducible.
///
/// Within a constant-rate stretch the gaps are exponential; when a gap would cross a change of rate the
/// draw restarts at the change, which is exact because the exponential distribution is memoryless.
public struct ArrivalGenerator: Sendable {
    public let process: ArrivalProcess
    private var random: SeededRandom
    /// Seconds since the start of the last arrival handed out.
    public private(set) var time: Double = 0

    public init(process: ArrivalProcess, seed: UInt64) {
        self.process = process
        self.random = SeededRandom(seed: seed)
    }

    /// The next arrival, in seconds since the start; nil when the rate is zero for ever from now.
    public mutating func next() -> Double? {
        var t = time
        while true {
            let (rate, until) = process.rate(at: t)
            if rate <= 0 {
                guard until.isFinite else { return nil }
                t = until
                continue
            }
            let gap = Distribution.exponential(mean: 1 / rate).sample(&random)
            if t + gap < until {
                time = t + gap
                return time
            }
            t = until
        }
    }
}
