import SwitchboardRouter

/// Picks for the randomized tests, on the core's seeded generator so a seed replays the same traffic.
extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { next(below: n) }

    mutating func element<C: Collection>(of collection: C) -> C.Element? {
        guard !collection.isEmpty else { return nil }
        return collection[collection.index(collection.startIndex, offsetBy: below(collection.count))]
    }
}
