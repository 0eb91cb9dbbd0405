import SwitchboardRouter
import SwitchboardSignals
import Testing

@Suite struct ServiceLevelWindowTests {
    static let minute: Int64 = 60_000
    static let threshold: Int64 = 20_000

    private func window(minContacts: Int = 20, targets: [QueueID: Double] = [:]) -> ServiceLevelWindow {
        ServiceLevelWindow(settings: ServiceLevelSettings(windowMs: 30 * Self.minute, minContacts: minContacts, clearMargin: 0.05, defaultTarget: 0.8, targets: targets))
    }

    private struct Feed {
        var within = 0
        var late = 0
        var lateAbandons = 0
        var shortAbandons = 0
    }

    /// Feeds the contacts at minute `m`, returning the changes.
    private func feed(_ w: inout ServiceLevelWindow, _ f: Feed, inMinute m: Int64, queue: QueueID = "support") -> [ServiceLevelChange] {
        var changes: [ServiceLevelChange] = []
        let at = m * Self.minute
        for _ in 0..<f.within { w.answered(queue, waitedMs: Self.threshold, thresholdMs: Self.threshold, at: at, into: &changes) }
        for _ in 0..<f.late { w.answered(queue, waitedMs: Self.threshold + 1, thresholdMs: Self.threshold, at: at, into: &changes) }
        for _ in 0..<f.lateAbandons { w.abandoned(queue, waitedMs: Self.threshold + 1, thresholdMs: Self.threshold, at: at, into: &changes) }
        for _ in 0..<f.shortAbandons { w.abandoned(queue, waitedMs: Self.threshold, thresholdMs: Self.threshold, at: at, into: &changes) }
        return changes
    }

    struct Verdict: Sendable, CustomTestStringConvertible {
        var within: Int
        var late: Int
        var lateAbandons: Int
        var shortAbandons: Int
        var contacts: Int
        var raised: Bool
        var testDescription: String { "\(within) within, \(late) late, \(lateAbandons) late abandons, \(shortAbandons) short abandons" }
    }

    @Test(arguments: [
        Verdict(within: 16, late: 4, lateAbandons: 0, shortAbandons: 0, contacts: 20, raised: false),
        Verdict(within: 15, late: 5, lateAbandons: 0, shortAbandons: 0, contacts: 20, raised: true),
        // Below the target but on too few contacts: no verdict.
        Verdict(within: 15, late: 4, lateAbandons: 0, shortAbandons: 0, contacts: 19, raised: false),
        Verdict(within: 15, late: 0, lateAbandons: 5, shortAbandons: 0, contacts: 20, raised: true),
        // Abandons within the threshold count on neither side.
        Verdict(within: 16, late: 4, lateAbandons: 0, shortAbandons: 10, contacts: 20, raised: false),
        Verdict(within: 0, late: 0, lateAbandons: 0, shortAbandons: 30, contacts: 0, raised: false),
    ])
    func raisesBelowTargetOnEnoughContacts(_ row: Verdict) {
        var w = window()
        let changes = feed(&w, Feed(within: row.within, late: row.late, lateAbandons: row.lateAbandons, shortAbandons: row.shortAbandons), inMinute: 0)
        #expect(changes.map(\.raised) == (row.raised ? [true] : []))
        #expect(w.isRaised("support") == row.raised)
        let level = w.level("support", at: 0)
        #expect(level.contacts == row.contacts)
        #expect(level.level == (row.contacts == 0 ? nil : Double(row.within) / Double(row.contacts)))
    }

    @Test func clearsOnlyAtTargetPlusMargin() {
        var w = window()
        do { let changes = feed(&w, Feed(within: 15, late: 5), inMinute: 0); #expect(changes.map(\.raised) == [true]) }
        var clearedAfter: [Int] = []
        for k in 1...20 {
            let changes = feed(&w, Feed(within: 1), inMinute: 1)
            if !changes.isEmpty { clearedAfter.append(k) }
            #expect(changes.allSatisfy { !$0.raised })
        }
        // 20/25 is the target itself (still raised); 28/33 ≈ 0.848 is short of 0.85; 29/34 ≈ 0.853 clears.
        #expect(clearedAfter == [14])
    }

    @Test func minutesLeavingTheWindowRaiseAndClear() {
        var w = window()
        do { let changes = feed(&w, Feed(within: 100), inMinute: 0); #expect(changes.isEmpty) }
        do { let changes = feed(&w, Feed(late: 25), inMinute: 10); #expect(changes.isEmpty) }  // 100 / 125: on target
        #expect(w.nextBoundary == 11 * Self.minute)
        var changes: [ServiceLevelChange] = []
        w.advance(to: 29 * Self.minute + 59_999, into: &changes)
        #expect(changes.isEmpty && w.level("support", at: 29 * Self.minute + 59_999).contacts == 125)
        // Minute 0 leaves at 30: 0 / 25.
        w.advance(to: 30 * Self.minute, into: &changes)
        #expect(changes == [ServiceLevelChange(queue: "support", raised: true, level: 0, contacts: 25, target: 0.8)])
        changes = []
        do { let changes = feed(&w, Feed(within: 10), inMinute: 35); #expect(changes.isEmpty) }
        // Minute 10 leaves at 40: 10 contacts, all within, too few for a verdict: still raised.
        w.advance(to: 40 * Self.minute, into: &changes)
        #expect(changes.isEmpty && w.isRaised("support") && w.level("support", at: 40 * Self.minute) == (1, 10))
        // The window empties at 65: nothing left to judge, cleared.
        while let next = w.nextBoundary, next <= 65 * Self.minute { w.advance(to: next, into: &changes) }
        #expect(changes == [ServiceLevelChange(queue: "support", raised: false, level: nil, contacts: 0, target: 0.8)])
        #expect(w.nextBoundary == nil && w.raisedQueues.isEmpty)
    }

    @Test func eachQueueHasItsOwnTarget() {
        var w = window(targets: ["sales": 0.5])
        do { let changes = feed(&w, Feed(within: 15, late: 5), inMinute: 0, queue: "sales"); #expect(changes.isEmpty) }
        do { let changes = feed(&w, Feed(within: 15, late: 5), inMinute: 0, queue: "support"); #expect(changes.map(\.queue) == ["support"]) }
        #expect(w.raisedQueues == ["support"])
    }

    @Test func reconfigureAndForgetApplyAtOnce() {
        var w = window()
        _ = feed(&w, Feed(within: 5, late: 5), inMinute: 0)
        var changes: [ServiceLevelChange] = []
        w.reconfigure(ServiceLevelSettings(windowMs: 30 * Self.minute, minContacts: 10), into: &changes)
        #expect(changes.map(\.raised) == [true] && changes.first?.level == 0.5)
        changes = []
        w.forget("support", into: &changes)
        #expect(changes.map(\.raised) == [false] && w.raisedQueues.isEmpty && w.nextBoundary == nil)
    }
}
