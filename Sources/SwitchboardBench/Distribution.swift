import Foundation

/// A distribution of durations in seconds.
public enum Distribution: Sendable, Equatable, CustomStringConvertible {
    case constant(Double)
    case exponential(mean: Double)
    /// Lognormal with the given mean and the standard deviation `sigma` of the underlying normal.
    case lognormal(mean: Double, sigma: Double)
    case uniform(min: Double, max: Double)

    public var mean: Double {
        switch self {
        case .constant(let value): value
        case .exponential(let mean), .lognormal(let mean, _): mean
        case .uniform(let low, let high): (low + high) / 2
        }
    }

    /// One draw, never negative.
    public func sample(_ random: inout SeededRandom) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return mean <= 0 ? 0 : -mean * log(random.unitOpen())
        case .lognormal(let mean, let sigma):
            guard mean > 0 else { return 0 }
            // E[X] = exp(mu + sigma²/2), so mu follows from the mean.
            let mu = log(mean) - sigma * sigma / 2
            return exp(mu + sigma * random.standardNormal())
        case .uniform(let low, let high):
            return low + (high - low) * random.unit()
        }
    }

    public var description: String {
        switch self {
        case .constant(let value): "\(value) s"
        case .exponential(let mean): "exponential, mean \(mean) s"
        case .lognormal(let mean, let sigma): "lognormal, mean \(mean) s, sigma \(sigma)"
        case .uniform(let low, let high): "uniform \(low)–\(high) s"
        }
    }
}
