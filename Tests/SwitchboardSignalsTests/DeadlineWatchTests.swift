@testable import SwitchboardSignals
import Testing

@Suite struct DeadlineWatchTests {
    @Test func popsDueIdsEarliestFirstAndTiesInWatchOrder() {
        var watch = DeadlineWatch<String>()
        for (id, due) in [("c", 300), ("a", 100), ("b2", 200), ("b1", 200), ("d", 400)] { watch.watch(id, due: Int64(due)) }
        #expect(watch.nextDue == 100 && watch.count == 5)
        let early = watch.popDue(now: 99)
        // A deadline falls due at its instant, not after it.
        let first = watch.popDue(now: 100)
        let ties = watch.popDue(now: 300)
        #expect(early == [] && first == ["a"] && ties == ["b2", "b1", "c"])
        #expect(watch.nextDue == 400 && watch.count == 1)
        let last = watch.popDue(now: 10_000)
        #expect(last == ["d"] && watch.nextDue == nil && watch.isEmpty)
    }

    @Test func unwatchedIdsNeverFallDue() {
        var watch = DeadlineWatch<Int>()
        watch.watch(1, due: 10)
        watch.watch(2, due: 20)
        let removed = watch.unwatch(1)
        let removedAgain = watch.unwatch(1)
        #expect(removed && !removedAgain)
        #expect(watch.nextDue == 20 && watch.due(of: 1) == nil)
        let due = watch.popDue(now: 30)
        #expect(due == [2])
        let popped = watch.unwatch(2)
        #expect(!popped)
    }

    struct ReWatch: Sendable, CustomTestStringConvertible {
        var newDue: Int64
        var firstPop: [String]
        var secondPop: [String]
        var testDescription: String { "re-watched at \(newDue)" }
    }

    @Test(arguments: [
        ReWatch(newDue: 5, firstPop: ["x"], secondPop: ["y"]),
        ReWatch(newDue: 25, firstPop: [], secondPop: ["y", "x"]),
    ])
    func reWatchingReplacesTheDeadline(_ row: ReWatch) {
        var watch = DeadlineWatch<String>()
        watch.watch("x", due: 10)
        watch.watch("y", due: 15)
        watch.watch("x", due: row.newDue)
        #expect(watch.count == 2 && watch.due(of: "x") == row.newDue && watch.nextDue == min(row.newDue, 15))
        let first = watch.popDue(now: 10)
        let second = watch.popDue(now: 100)
        // The replaced deadline never surfaces on its own.
        let rest = watch.popDue(now: 1_000)
        #expect(first == row.firstPop && second == row.secondPop && rest.isEmpty && watch.nextDue == nil)
    }

    @Test func staleEntriesStayBoundedByTheIdsWatched() {
        var watch = DeadlineWatch<Int>()
        for round in 0..<1_000 {
            watch.watch(round % 7, due: Int64(1_000 - round))
            if round % 3 == 0 { watch.unwatch((round + 1) % 7) }
            #expect(watch.heapCount <= 2 * watch.count + 33)
        }
        let dues = (0..<7).compactMap { watch.due(of: $0) }
        #expect(watch.nextDue == dues.min())
        var popped: [Int] = []
        watch.popDue(now: .max, into: &popped)
        #expect(popped.count == dues.count && Set(popped).count == popped.count)
    }
}
