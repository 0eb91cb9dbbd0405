import SwitchboardRouter
import Testing

/// Rebuilding routing after a restart: recovered interactions keep their place, their wait and their agent.
@Suite struct RestoreTests {
    @Test func restoredWaitingInteractionsKeepTheirOriginalOrderAheadOfNewArrivals() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        // Restored out of order on purpose: the original enqueue instants decide, not the call order.
        try r.handle(.restoreWaiting(request("late"), enqueuedAt: t(-10), queueEnteredAt: t(-10)), at: t(100))
        try r.handle(.restoreWaiting(request("early"), enqueuedAt: t(-50), queueEnteredAt: t(-50)), at: t(100))
        try r.handle(.enqueue(request("new")), at: t(101))
        #expect(r.position(of: "early", at: t(101)) == 1)
        #expect(r.position(of: "late", at: t(101)) == 2)
        #expect(r.position(of: "new", at: t(101)) == 3)
        // The wait counts from the original arrival, not from the restart.
        #expect(r.statistics(for: "q")?.longestWait(at: t(101)) == .seconds(151))
        #expect(offers(try r.handle(.login("a1"), at: t(102))) == ["early→a1"])
    }

    @Test func aRecoveredCustomerIsNeverTurnedAwayByTheQueueSize() throws {
        var r = try router([QueueConfiguration(id: "q", maxSize: 1)], [])
        try r.handle(.restoreWaiting(request("i1"), enqueuedAt: t(1), queueEnteredAt: t(1)), at: t(10))
        try r.handle(.restoreWaiting(request("i2"), enqueuedAt: t(2), queueEnteredAt: t(2)), at: t(10))
        #expect(r.statistics(for: "q")?.waiting == 2)
        #expect(throws: RoutingError.queueFull("q", maxSize: 1)) { try r.handle(.enqueue(request("i3")), at: t(11)) }
    }

    @Test func relaxationAlreadyDueAtRestoreAppliesAtTheNextAdvance() throws {
        let queue = QueueConfiguration(id: "q", requirements: ["sales": 8],
                                       relaxation: [RelaxationStep(after: .seconds(10), lowerLevelsBy: 5)])
        var r = try router([queue], [agent("a1", ["sales": 4])])
        try r.handle(.login("a1"), at: t(100))
        #expect(offers(try r.handle(.restoreWaiting(request("i1"), enqueuedAt: t(50), queueEnteredAt: t(50)), at: t(100))) == [])
        #expect(offers(try r.handle(.advance, at: t(100))) == ["i1→a1"])
    }

    @Test(arguments: [(PreferredAgentPresence.loggedIn, [String]()), (.available, ["i1→a1"])])
    func aRestoredInteractionWaitsForItsPreferredAgentUnderItsOwnPresence(_ presence: PreferredAgentPresence, _ expected: [String]) throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(100))
        try r.handle(.login("a2", state: .notReady(reason: "break")), at: t(100))
        let restored = request("i1", preferred: "a2", fallback: .seconds(60), presence: presence)
        #expect(offers(try r.handle(.restoreWaiting(restored, enqueuedAt: t(90), queueEnteredAt: t(90)), at: t(100))) == expected)
        #expect(r.interaction("i1")?.preferredAgentPresence == presence)
    }

    @Test func aRestoredActiveInteractionHoldsItsAgentsCapacityUntilCompleted() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        #expect(try r.handle(.restoreActive(request("held"), agent: "a1", enqueuedAt: t(-30), assignedAt: t(-20)), at: t(0)).isEmpty)
        #expect(r.agent("a1")?.active == ["held"])
        #expect(r.agent("a1")?.state == .offline)
        // Back within the grace: a1 is busy on voice, so new work goes to a2.
        try r.handle(.login("a1"), at: t(1))
        try r.handle(.login("a2"), at: t(1))
        #expect(offers(try r.handle(.enqueue(request("next")), at: t(2))) == ["next→a2"])
        let done = try r.handle(.complete("held", by: "a1"), at: t(3))
        #expect(events(done, of: "held").contains { if case .completed(by: "a1", _, customerLeft: false) = $0 { true } else { false } })
        #expect(r.agent("a1")?.active == [])
    }

    @Test func anAgentMissingFromTheRosterCannotGetWorkBack() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        #expect(throws: RoutingError.unknownAgent("gone")) {
            try r.handle(.restoreActive(request("held"), agent: "gone", enqueuedAt: t(0), assignedAt: t(1)), at: t(2))
        }
        #expect(r.interaction("held") == nil)
    }

    @Test func aRestoredActiveInteractionCanBeRequeuedWithItsOriginalPlace() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        try r.handle(.restoreActive(request("held"), agent: "a1", enqueuedAt: t(-60), assignedAt: t(-20)), at: t(0))
        try r.handle(.enqueue(request("new")), at: t(1))
        // The agent never came back: the hub moves the work back into its queue.
        try r.handle(.transfer("held", to: "q"), at: t(61))
        #expect(r.position(of: "held", at: t(61)) == 1)
        #expect(offers(try r.handle(.login("a2"), at: t(62))) == ["held→a2"])
    }

    @Test func workOfAnAgentWhoNeverCameBackReturnsToItsPlaceWithoutCountingAsOfferedAgain() throws {
        var r = try router([QueueConfiguration(id: "q", wrapUp: .seconds(30))], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("held")), at: t(1))
        try r.handle(.accept("held", by: "a1"), at: t(2))
        try r.handle(.logout("a1"), at: t(3))
        try r.handle(.enqueue(request("later")), at: t(4))
        let effects = try r.handle(.returnToQueue("held"), at: t(63))
        #expect(events(effects, of: "held") == [.requeued("q")])
        // No wrap-up for an agent who is gone, and the capacity is free again.
        #expect(!effects.contains { if case .wrapUpStarted = $0 { true } else { false } })
        #expect(r.agent("a1")?.active == [])
        #expect(r.position(of: "held", at: t(63)) == 1)
        #expect(r.statistics(for: "q")?.offered == 2)
        #expect(offers(try r.handle(.login("a2"), at: t(64))) == ["held→a2"])
        #expect(throws: RoutingError.notTransferable("later", reason: "nobody is handling it")) {
            try r.handle(.returnToQueue("later"), at: t(65))
        }
    }
}
