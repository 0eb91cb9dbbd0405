import SwitchboardRouter
import SwitchboardSignals
import Testing

@Suite struct TopicSurgeDetectorTests {
    static let minute: Int64 = 60_000
    static let billing = SurgeKey.topic("billing")

    private func detector(
        floor: Int = 20, multiple: Double = 3, clearRatio: Double = 0.7, halfLifeMinutes: Int64 = 24 * 60, maxTopics: Int = 1000
    ) -> TopicSurgeDetector {
        TopicSurgeDetector(settings: SurgeSettings(
            windowMs: 15 * Self.minute, floor: floor, multiple: multiple, clearRatio: clearRatio,
            baselineHalfLifeMs: halfLifeMinutes * Self.minute, maxTopics: maxTopics
        ))
    }

    /// Records `n` arrivals spread over minute `m`, returning the changes.
    private func record(_ d: inout TopicSurgeDetector, _ n: Int, inMinute m: Int64, key: SurgeKey = billing) -> [SurgeChange] {
        var changes: [SurgeChange] = []
        for k in 0..<n { d.record(key, at: m * Self.minute + Int64(k % 60) * 1_000, into: &changes) }
        return changes
    }

    struct Threshold: Sendable, CustomTestStringConvertible {
        var floor: Int
        var arrivals: Int
        var raised: Bool
        var testDescription: String { "\(arrivals) arrivals against a floor of \(floor)" }
    }

    @Test(arguments: [
        Threshold(floor: 20, arrivals: 19, raised: false),
        Threshold(floor: 20, arrivals: 20, raised: true),
        Threshold(floor: 5, arrivals: 5, raised: true),
        Threshold(floor: 1, arrivals: 1, raised: true),
    ])
    func raisesWhenTheCountReachesTheThreshold(_ row: Threshold) {
        var d = detector(floor: row.floor)
        let changes = record(&d, row.arrivals, inMinute: 0)
        #expect(changes == (row.raised ? [SurgeChange(key: Self.billing, raised: true, count: row.floor, expected: 0, threshold: Double(row.floor))] : []))
        #expect(d.isRaised(Self.billing) == row.raised)
        #expect(d.nextBoundary == (row.raised ? Self.minute : nil))
    }

    @Test func neverRaisesBelowTheFloorHoweverQuietTheUsualRate() {
        var d = detector(halfLifeMinutes: 60)
        // One contact an hour for two days: a baseline far below the floor's share.
        for hour in Int64(0)..<48 { d.learn(Self.billing, at: hour * 60 * Self.minute) }
        d.endLearning(at: 48 * 60 * Self.minute)
        let status = d.status(of: Self.billing)!
        #expect(status.expected > 0 && status.threshold == 20)
        do { let changes = record(&d, 19, inMinute: 48 * 60); #expect(changes.isEmpty) }
        do { let changes = record(&d, 1, inMinute: 48 * 60); #expect(changes.map(\.raised) == [true]) }
    }

    @Test func hysteresisKeepsARaisedKeyUntilTheClearThreshold() {
        var d = detector()  // raise at 20, clear below 14
        do { let changes = record(&d, 6, inMinute: 0); #expect(changes.isEmpty) }
        do { let changes = record(&d, 14, inMinute: 1); #expect(changes.map(\.raised) == [true]) }
        // Minute 0 leaves the window: 14 left, not below 0.7 × 20, so still raised.
        do { let changes = d.advance(to: 15 * Self.minute); #expect(changes.isEmpty) }
        #expect(d.isRaised(Self.billing) && d.status(of: Self.billing)?.count == 14)
        do { let changes = record(&d, 5, inMinute: 15); #expect(changes.isEmpty) }
        // Minute 1 leaves: 5 left, cleared.
        let cleared = d.advance(to: 16 * Self.minute)
        #expect(cleared.map(\.raised) == [false] && cleared.first?.count == 5)
        // Back between the thresholds: a cleared key stays cleared until the raise threshold.
        do { let changes = record(&d, 14, inMinute: 16); #expect(changes.isEmpty) }
        do { let changes = record(&d, 1, inMinute: 16); #expect(changes.map(\.raised) == [true]) }
    }

    @Test func advanceClearsWhatSubsidedAndThenStopsAskingForTime() {
        var d = detector()
        _ = record(&d, 25, inMinute: 100)
        var boundaries: [Int64] = []
        var changes: [SurgeChange] = []
        while let next = d.nextBoundary, boundaries.count < 100 {
            boundaries.append(next)
            d.advance(to: next, into: &changes)
        }
        // Raised from minute 100; the count drops to zero (and clears) when minute 100 leaves, at 115.
        #expect(boundaries == (101...115).map { $0 * Self.minute })
        #expect(changes == [SurgeChange(key: Self.billing, raised: false, count: 0, expected: changes.first?.expected ?? -1, threshold: 20)])
        #expect(d.raisedKeys.isEmpty && d.nextBoundary == nil)
    }

    @Test func aLearntUsualRateIsNoSurge() {
        var learnt = detector(halfLifeMinutes: 60)
        var fresh = detector(halfLifeMinutes: 60)
        // Twelve hours of three contacts a minute.
        for m in Int64(0)..<720 {
            for k in Int64(0)..<3 { learnt.learn(Self.billing, at: m * Self.minute + k * 20_000) }
        }
        learnt.endLearning(at: 720 * Self.minute)
        #expect(learnt.raisedKeys.isEmpty)
        let expected = learnt.status(of: Self.billing)!.expected
        #expect(abs(expected - 45) < 0.1)
        // The same fifteen minutes of the usual rate live: a surge only to the detector that knows nothing.
        var learntChanges: [SurgeChange] = []
        var freshChanges: [SurgeChange] = []
        for m in Int64(720)..<735 {
            learntChanges += record(&learnt, 3, inMinute: m)
            freshChanges += record(&fresh, 3, inMinute: m)
        }
        #expect(learntChanges.isEmpty)
        #expect(freshChanges.map(\.raised) == [true])
        // A real spike still shows: the 42 of minutes 721–734 and 100 more reach 3 × 45.
        let spike = record(&learnt, 100, inMinute: 735)
        #expect(spike.map(\.raised) == [true] && spike.first.map { $0.count >= 135 && $0.threshold > 134 } == true)
    }

    @Test func aLastingShiftBecomesTheNewNormal() {
        var d = detector(halfLifeMinutes: 30)
        var raisedAt: [Int64] = []
        var clearedAt: [Int64] = []
        for m in Int64(0)..<180 {
            for change in d.advance(to: m * Self.minute) + record(&d, 10, inMinute: m) {
                if change.raised { raisedAt.append(m) } else { clearedAt.append(m) }
            }
        }
        #expect(raisedAt == [1])
        #expect(clearedAt.count == 1 && (20...60).contains(clearedAt[0]))
    }

    @Test func topicsBeyondTheCapWaitForAnIdleOne() {
        var d = detector(maxTopics: 2)
        _ = record(&d, 1, inMinute: 0, key: .topic("a"))
        _ = record(&d, 1, inMinute: 0, key: .topic("b"))
        // Both tracked topics had a contact in the window: the new one is not tracked.
        _ = record(&d, 3, inMinute: 1, key: .topic("c"))
        #expect(d.untrackedContacts == 3 && d.status(of: .topic("c")) == nil && d.trackedTopics == 2)
        // Queues are not topics: always tracked.
        _ = record(&d, 1, inMinute: 1, key: .queue("support"))
        #expect(d.trackedKeys == 3 && d.status(of: .queue("support"))?.count == 1)
        // At minute 15 "a", recorded least recently, is idle: "c" takes its place.
        _ = record(&d, 1, inMinute: 15, key: .topic("c"))
        #expect(d.status(of: .topic("a")) == nil && d.status(of: .topic("b")) != nil && d.status(of: .topic("c"))?.count == 1)
        #expect(d.forgottenTopics == 1 && d.trackedTopics == 2 && d.untrackedContacts == 3)
    }

    @Test func anIdleRaisedTopicClearsBeforeItIsForgotten() {
        var d = detector(floor: 2, maxTopics: 1)
        do { let changes = record(&d, 2, inMinute: 0, key: .topic("x")); #expect(changes.map(\.raised) == [true]) }
        // No advance in between: the clear comes when the cap needs the place.
        let changes = record(&d, 1, inMinute: 15, key: .topic("y"))
        #expect(changes.map(\.key) == [.topic("x")] && changes.map(\.raised) == [false])
        #expect(d.status(of: .topic("y"))?.count == 1 && d.forgottenTopics == 1)
    }

    @Test func learningYieldsNoChangeButKnowsWhatIsRaised() {
        var d = detector()
        d.learn((0..<25).map { (key: Self.billing, at: Int64($0) * 1_000) }, now: 5 * Self.minute)
        #expect(d.raisedKeys == [Self.billing] && d.nextBoundary == 6 * Self.minute)
        // Live from here: the clear is a change.
        do { let changes = d.advance(to: 15 * Self.minute); #expect(changes.map(\.raised) == [false]) }
        var quiet = detector()
        quiet.learn((0..<25).map { (key: Self.billing, at: Int64($0) * 1_000) }, now: 20 * Self.minute)
        #expect(quiet.raisedKeys.isEmpty && quiet.nextBoundary == nil)
    }

    @Test func reconfigureAppliesToTheNextDecisionAtOnce() {
        var d = detector()
        do { let changes = record(&d, 10, inMinute: 0); #expect(changes.isEmpty) }
        var changes: [SurgeChange] = []
        d.reconfigure(SurgeSettings(windowMs: 15 * Self.minute, floor: 10), into: &changes)
        #expect(changes.map(\.raised) == [true])
        changes = []
        d.reconfigure(SurgeSettings(windowMs: 15 * Self.minute, floor: 30), into: &changes)
        #expect(changes.map(\.raised) == [false] && changes.first?.threshold == 30)
    }
}
