/// One arrival as the scenario makes it: when, who, and about what.
public struct Contact: Sendable, Equatable {
    /// Seconds since arrivals started.
    public var time: Double
    /// `c-<n>` from the scenario's ``CustomerPopulation``; nil without one.
    public var customerId: String?
    /// The customer contacted within the population's repeat window before.
    public var isRepeat: Bool
    /// Drawn from the scenario's topics by weight; the spike's topic for the spike's arrivals.
    public var topic: String?
    /// One of the ``TopicSpike``'s extra arrivals.
    public var isSpike: Bool

    public init(time: Double, customerId: String? = nil, isRepeat: Bool = false, topic: String? = nil, isSpike: Bool = false) {
        self.time = time
        self.customerId = customerId
        self.isRepeat = isRepeat
        self.topic = topic
        self.isSpike = isSpike
    }
}

/// The scenario's arrivals in time order: the base process and the spike's arrivals merged, each with
/// its customer and topic. Seeded: the same scenario and seed give the same contacts, and the base
/// arrival times are those of ``ArrivalGenerator`` with the same seed.
public struct ContactGenerator: Sendable {
    private var base: ArrivalGenerator
    private var spike: ArrivalGenerator?
    private var nextBase: Double?
    private var nextSpike: Double?
    private let spikeTopic: String?
    private var pool: CustomerPool?
    private let topics: [TopicWeight]
    private let topicCumulative: [Double]
    private var topicRandom: SeededRandom

    public init(scenario: Scenario, seed: UInt64) {
        base = ArrivalGenerator(process: scenario.arrivals, seed: seed)
        spike = scenario.spike.map { ArrivalGenerator(process: $0.process, seed: seed ^ 0x5B1C_E5B1_CE00_0001) }
        spikeTopic = scenario.spike?.topic
        pool = scenario.customers.map { CustomerPool(population: $0, seed: seed ^ 0xC057_0EE5_0000_0002) }
        topics = scenario.topics
        var total = 0.0
        topicCumulative = scenario.topics.map { total += $0.weight; return total }
        topicRandom = SeededRandom(seed: seed ^ 0x70B1_C500_0000_0003)
        nextBase = base.next()
        nextSpike = spike?.next()
    }

    /// The next contact; nil when neither process has another arrival.
    public mutating func next() -> Contact? {
        let fromSpike: Bool
        let time: Double
        switch (nextBase, nextSpike) {
        case let (b?, s?): fromSpike = s < b; time = min(b, s)
        case let (b?, nil): fromSpike = false; time = b
        case let (nil, s?): fromSpike = true; time = s
        case (nil, nil): return nil
        }
        if fromSpike { nextSpike = spike?.next() } else { nextBase = base.next() }
        var contact = Contact(time: time, isSpike: fromSpike)
        if let customer = pool?.next(at: time) {
            contact.customerId = CustomerPool.id(customer.customer)
            contact.isRepeat = customer.isRepeat
        }
        if fromSpike {
            contact.topic = spikeTopic
        } else if let total = topicCumulative.last {
            let pick = topicRandom.unit() * total
            contact.topic = topics[topicCumulative.firstIndex { pick < $0 } ?? (topics.count - 1)].name
        }
        return contact
    }
}
