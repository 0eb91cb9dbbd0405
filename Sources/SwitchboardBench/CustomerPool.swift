import DequeModule

/// Chooses the customer of each arrival from a ``CustomerPopulation``, in the arrivals' own (virtual)
/// time, so a seed gives the same customers whatever the server does.
///
/// A repeat (drawn with probability `repeatShare`) reuses the customer of a contact within the last
/// `repeatWithinSeconds`, each such contact equally likely; with none in the window it is a first
/// contact after all. A first contact takes the next customer never seen, and once all have been seen,
/// the one seen least recently (whose earlier contacts the server may still remember: make the
/// population larger than the arrivals of the server's window to avoid that).
///
/// - Complexity: amortized O(1) per arrival; memory grows with the contacts until the population is
///   used up (one entry per contact), then stays bounded by the population.
public struct CustomerPool: Sendable {
    public let population: CustomerPopulation
    private var random: SeededRandom
    /// Each customer's latest contact, by number − 1; its count is the customers seen so far.
    private var lastSeen: [Double] = []
    /// Contacts within the repeat window, oldest first.
    private var recent: Deque<(customer: Int, time: Double)> = []
    /// Contacts oldest first, for the least recently seen customer; an entry older than its customer's
    /// latest contact is stale and skipped.
    private var byAge: Deque<(customer: Int, time: Double)> = []

    public init(population: CustomerPopulation, seed: UInt64) {
        self.population = population
        random = SeededRandom(seed: seed)
    }

    /// The customer of an arrival at `time` (not before the previous one's): its number (`c-<n>`) and
    /// whether it is a repeat within the window.
    public mutating func next(at time: Double) -> (customer: Int, isRepeat: Bool) {
        while let first = recent.first, time - first.time > population.repeatWithinSeconds { recent.removeFirst() }
        let customer: Int
        var isRepeat = false
        if population.repeatShare > 0, !recent.isEmpty, random.unit() < population.repeatShare {
            customer = recent[Int(random.next(upperBound: UInt64(recent.count)))].customer
            isRepeat = true
        } else if lastSeen.count < population.population {
            lastSeen.append(time)
            customer = lastSeen.count
        } else {
            customer = leastRecentlySeen()
        }
        lastSeen[customer - 1] = time
        recent.append((customer, time))
        byAge.append((customer, time))
        return (customer, isRepeat)
    }

    private mutating func leastRecentlySeen() -> Int {
        while let entry = byAge.popFirst() {
            if lastSeen[entry.customer - 1] == entry.time { return entry.customer }
        }
        return 1  // Unreachable: every seen customer has a current entry.
    }

    public static func id(_ customer: Int) -> String { "c-\(customer)" }
}
