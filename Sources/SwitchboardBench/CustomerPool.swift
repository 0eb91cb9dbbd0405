import DequeModule

/// Chooses the customer of each arrival from a ``CustomerPopulation``, in the arrivals' own (virtual)
/// time, so a seed gives the same customers whatever the server does.
///
/// A repeat (drawn with probability `repeatShare`) reuses a customer whose last contact was within the
/// last `repeatWithinSeconds`, each such customer equally likely (so no customer snowballs); with none
/// in the window it is a first contact after all. A first contact takes the next customer never seen,
/// and once all have been seen, the one seen least recently (whose earlier contacts the server may still
/// remember: make the population larger than the arrivals of the server's window to avoid that).
///
/// - Complexity: amortized O(1) per arrival; memory: a few words per customer seen, plus one entry per
///   contact within the window (per contact since the population was used up, until it is seen again).
public struct CustomerPool: Sendable {
    public let population: CustomerPopulation
    private var random: SeededRandom
    /// Each customer's latest contact, by number − 1; its count is the customers seen so far.
    private var lastSeen: [Double] = []
    /// Customers whose latest contact is within the repeat window, in no order, and each one's place
    /// in it (by number − 1; −1 when not in it), so that one is drawn, added or removed in O(1).
    private var recent: [Int] = []
    private var place: [Int] = []
    /// Contacts oldest first; an entry older than its customer's latest contact is stale. The front
    /// ages customers out of ``recent``, and gives the least recently seen customer.
    private var byAge: Deque<(customer: Int, time: Double)> = []
    /// Entries of ``byAge`` before this index are out of the repeat window already.
    private var agedOut = 0

    public init(population: CustomerPopulation, seed: UInt64) {
        self.population = population
        random = SeededRandom(seed: seed)
    }

    /// The customer of an arrival at `time` (not before the previous one's): its number (`c-<n>`) and
    /// whether it is a repeat within the window.
    public mutating func next(at time: Double) -> (customer: Int, isRepeat: Bool) {
        ageOut(before: time - population.repeatWithinSeconds)
        let customer: Int
        var isRepeat = false
        if population.repeatShare > 0, !recent.isEmpty, random.unit() < population.repeatShare {
            customer = recent[Int(random.next(upperBound: UInt64(recent.count)))]
            isRepeat = true
        } else if lastSeen.count < population.population {
            lastSeen.append(time)
            place.append(-1)
            customer = lastSeen.count
        } else {
            customer = leastRecentlySeen()
        }
        lastSeen[customer - 1] = time
        if place[customer - 1] < 0 {
            place[customer - 1] = recent.count
            recent.append(customer)
        }
        byAge.append((customer, time))
        return (customer, isRepeat)
    }

    /// Takes customers whose latest contact is before `limit` out of ``recent``.
    private mutating func ageOut(before limit: Double) {
        while agedOut < byAge.count, byAge[agedOut].time < limit {
            let entry = byAge[agedOut]
            agedOut += 1
            guard lastSeen[entry.customer - 1] == entry.time, place[entry.customer - 1] >= 0 else { continue }
            let index = place[entry.customer - 1]
            let moved = recent.removeLast()
            if moved != entry.customer {
                recent[index] = moved
                place[moved - 1] = index
            }
            place[entry.customer - 1] = -1
        }
        // Entries out of the window matter only for the least recently seen customer, once all were seen.
        if lastSeen.count < population.population {
            byAge.removeFirst(agedOut)
            agedOut = 0
        }
    }

    private mutating func leastRecentlySeen() -> Int {
        while let entry = byAge.popFirst() {
            agedOut = max(0, agedOut - 1)
            if lastSeen[entry.customer - 1] == entry.time { return entry.customer }
        }
        return 1  // Unreachable: every seen customer has a current entry.
    }

    public static func id(_ customer: Int) -> String { "c-\(customer)" }
}
