/// Who contacts: a pool of customers, some of whom come back soon after their last contact (on any
/// channel the mix draws), so that the server's customer memory sees repeats.
public struct CustomerPopulation: Sendable, Equatable {
    /// Distinct customers, `c-1` … `c-<population>`. A first contact takes a customer not seen yet in
    /// the run; once every one has been seen, the one seen least recently.
    public var population: Int
    /// Share of arrivals that reuse a customer who contacted within the last ``repeatWithinSeconds``.
    public var repeatShare: Double
    public var repeatWithinSeconds: Double

    public init(population: Int, repeatShare: Double = 0, repeatWithinSeconds: Double = 60) {
        self.population = population
        self.repeatShare = repeatShare
        self.repeatWithinSeconds = repeatWithinSeconds
    }
}

/// One topic of the steady mix, drawn with probability `weight / total weight`.
public struct TopicWeight: Sendable, Equatable {
    public var name: String
    public var weight: Double

    public init(name: String, weight: Double = 1) {
        self.name = name
        self.weight = weight
    }
}

/// Extra arrivals about one topic, on top of the base rate, for a while: what the server's topic-surge
/// alert should catch.
public struct TopicSpike: Sendable, Equatable {
    public var topic: String
    public var startSeconds: Double
    public var durationSeconds: Double
    public var ratePerSecond: Double

    public init(topic: String, startSeconds: Double, durationSeconds: Double, ratePerSecond: Double) {
        self.topic = topic
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.ratePerSecond = ratePerSecond
    }

    /// The spike's arrivals as a process of their own: nothing outside the window.
    public var process: ArrivalProcess {
        ArrivalProcess(ratePerSecond: 0, bursts: [.init(startSeconds: startSeconds, durationSeconds: durationSeconds, ratePerSecond: ratePerSecond)])
    }

    public func contains(_ t: Double) -> Bool { t >= startSeconds && t < startSeconds + durationSeconds }
}
