import SwitchboardRouter
import Testing

@Suite struct OfferLifecycleTests {
    /// Two agents not ready; i1 and i2 wait; a1 takes i1 and i3 arrives before a1 answers.
    private func twoWaitingAndOneOffered() throws -> Router {
        var r = try router([QueueConfiguration(id: "q", offerTimeout: .seconds(10))], [agent("a1"), agent("a2")])
        try r.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("a2", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.enqueue(request("i2")), at: t(2))
        #expect(offers(try r.handle(.setState("a1", .available), at: t(3))) == ["i1→a1"])
        try r.handle(.enqueue(request("i3")), at: t(4))
        return r
    }

    @Test func rejectedOfferKeepsThePlaceInQueue() throws {
        var r = try twoWaitingAndOneOffered()
        let effects = try r.handle(.reject("i1", by: "a1"), at: t(5))
        #expect(events(effects, of: "i1").contains(.requeued("q")))
        #expect(offers(effects) == ["i2→a1"])  // a1 is skipped for i1
        #expect(r.interaction("i1")?.enqueuedAt == t(1))
        #expect(r.position(of: "i1", at: t(5)) == 1)
        #expect(offers(try r.handle(.setState("a2", .available), at: t(6))) == ["i1→a2"])  // ahead of i3
    }

    @Test func timedOutOfferKeepsThePlaceInQueue() throws {
        var r = try twoWaitingAndOneOffered()
        #expect(r.nextDeadline == t(13))
        #expect(offers(try r.handle(.advance, at: t(12))) == [])
        let effects = try r.handle(.advance, at: t(13))
        #expect(revocations(effects) == ["i1→a1:timed_out"])
        #expect(events(effects, of: "i1") == [.missed(by: "a1"), .requeued("q")])
        #expect(offers(try r.handle(.setState("a2", .available), at: t(14))) == ["i1→a2"])  // ahead of i2 and i3
    }

    @Test func timeoutPutsTheAgentNotReadyWithNoAnswer() throws {
        var r = try router([QueueConfiguration(id: "q", offerTimeout: .seconds(10))], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        let effects = try r.handle(.advance, at: t(11))
        #expect(effects.contains(.agentStateChanged(agent: "a1", state: .notReady(reason: "no_answer"))))
        #expect(r.agent("a1")?.state == .notReady(reason: "no_answer"))
        #expect(offers(effects) == [])
        #expect(r.interaction("i1")?.status == .waiting)
    }

    @Test func chosenNotReadyIsNotOverwrittenByATimeout() throws {
        var r = try router([QueueConfiguration(id: "q", offerTimeout: .seconds(10))], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.setState("a1", .notReady(reason: "lunch")), at: t(2))
        let effects = try r.handle(.advance, at: t(11))
        #expect(!effects.contains { if case .agentStateChanged = $0 { true } else { false } })
        #expect(r.agent("a1")?.state == .notReady(reason: "lunch"))
    }

    @Test func rejectingAgentIsSkippedOnlyForTheConfiguredTime() throws {
        var r = try router([QueueConfiguration(id: "q", rejectionSkip: .seconds(30))], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        #expect(offers(try r.handle(.reject("i1", by: "a1"), at: t(2))) == [])
        #expect(offers(try r.handle(.advance, at: t(31))) == [])
        #expect(offers(try r.handle(.advance, at: t(32))) == ["i1→a1"])
    }

    @Test func cancelWhileQueuedRemovesTheInteraction() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.enqueue(request("i1")), at: t(1))
        let effects = try r.handle(.cancel("i1"), at: t(5))
        #expect(events(effects, of: "i1") == [.abandoned(waited: .seconds(4))])
        #expect(r.interaction("i1") == nil)
        #expect(r.statistics(for: "q")?.waiting == 0)
        #expect(r.statistics(for: "q")?.abandoned == 1)
        #expect(offers(try r.handle(.login("a1"), at: t(6))) == [])
        #expect(throws: RoutingError.unknownInteraction("i1")) { try r.handle(.cancel("i1"), at: t(7)) }
    }

    @Test func cancelWhileOfferedRevokesAndFreesTheAgent() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.enqueue(request("i2")), at: t(2))
        let effects = try r.handle(.cancel("i1"), at: t(3))
        #expect(revocations(effects) == ["i1→a1:cancelled"])
        #expect(offers(effects) == ["i2→a1"])
        #expect(throws: RoutingError.unknownInteraction("i1")) { try r.handle(.accept("i1", by: "a1"), at: t(4)) }
    }

    @Test func completionStartsWrapUpThenTheAgentIsAvailable() throws {
        var r = try router([QueueConfiguration(id: "q", wrapUp: .seconds(30))], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.accept("i1", by: "a1"), at: t(2))
        try r.handle(.enqueue(request("i2")), at: t(3))
        let done = try r.handle(.complete("i1", by: "a1"), at: t(10))
        #expect(done.contains(.wrapUpStarted(agent: "a1", interaction: "i1", until: t(40))))
        #expect(offers(done) == [])
        #expect(offers(try r.handle(.advance, at: t(39))) == [])
        let end = try r.handle(.advance, at: t(40))
        #expect(end.first == .wrapUpEnded(agent: "a1", interaction: "i1"))
        #expect(offers(end) == ["i2→a1"])
    }

    @Test func choosingAvailableEndsWrapUpEarly() throws {
        var r = try router([QueueConfiguration(id: "q", wrapUp: .seconds(30))], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.accept("i1", by: "a1"), at: t(2))
        try r.handle(.enqueue(request("i2")), at: t(3))
        try r.handle(.complete("i1", by: "a1"), at: t(10))
        let effects = try r.handle(.setState("a1", .available), at: t(12))
        #expect(effects.contains(.wrapUpEnded(agent: "a1", interaction: "i1")))
        #expect(offers(effects) == ["i2→a1"])
    }

    @Test func parallelOfferFirstAcceptWinsAndTheOthersAreRevoked() throws {
        var r = try router([QueueConfiguration(id: "q", parallelOffers: 3)], [agent("a1"), agent("a2"), agent("a3"), agent("a4")])
        for (k, a) in ["a1", "a2", "a3"].enumerated() { try r.handle(.login(AgentID(a)), at: t(Int64(k))) }
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(5))) == ["i1→a1", "i1→a2", "i1→a3"])
        // a2 and a1 accept "at the same time": the router serializes them; a2's arrives first.
        let won = try r.handle(.accept("i1", by: "a2"), at: t(6))
        #expect(revocations(won) == ["i1→a1:accepted_elsewhere", "i1→a3:accepted_elsewhere"])
        #expect(throws: RoutingError.notOffered("i1", to: "a1")) { try r.handle(.accept("i1", by: "a1"), at: t(6)) }
        #expect(r.interaction("i1")?.status == .active("a2"))
        // Nobody is left reserved: the two losers take the next call together.
        #expect(r.agent("a1")?.offers == [] && r.agent("a3")?.offers == [])
        #expect(offers(try r.handle(.enqueue(request("i2")), at: t(7))) == ["i2→a1", "i2→a3"])
    }

    @Test func transferKeepsTheTotalWait() throws {
        var r = try router([QueueConfiguration(id: "q1"), QueueConfiguration(id: "q2", requirements: ["billing": 1])],
                           [agent("a1"), agent("b1", ["billing": 5])])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1", "q1")), at: t(10))
        try r.handle(.accept("i1", by: "a1"), at: t(12))
        let moved = try r.handle(.transfer("i1", to: "q2"), at: t(20))
        #expect(events(moved, of: "i1") == [.transferred(from: "q1", to: "q2")])
        let answered = try r.handle(.login("b1"), at: t(25))
        #expect(offers(answered) == ["i1→b1"])
        #expect(events(try r.handle(.accept("i1", by: "b1"), at: t(26)), of: "i1") == [.assigned("b1", waited: .seconds(16))])
    }

    @Test func anOfferCarriesWhatTheAgentIsToldAboutTheInteraction() throws {
        var r = try router([QueueConfiguration(id: "q", channels: [.chat], offerTimeout: .seconds(10))], [agent("a1", voice: 0, chat: 1)])
        let call = InteractionRequest(id: "i1", queue: "q", channel: .chat, priority: 30, customerId: "c-77", tier: "gold")
        try r.handle(.login("a1"), at: t(0))
        #expect(try r.handle(.enqueue(call), at: t(5)) == [
            .interaction("i1", .queued("q")),
            offer(call, enqueuedAt: t(5), to: "a1", expiresAt: t(15)),
        ])
    }

    @Test func anOfferAfterARequeueOrATransferStillCarriesTheOriginalEnqueueInstant() throws {
        var r = try router([QueueConfiguration(id: "q1", offerTimeout: .seconds(10)), QueueConfiguration(id: "q2", offerTimeout: .seconds(20))],
                           [agent("a1"), agent("a2")])
        let call = InteractionRequest(id: "i1", queue: "q1", priority: 10, customerId: "c-1")
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(call), at: t(3))
        try r.handle(.login("a2"), at: t(4))
        // Rejected by a1: offered to a2 at once, still waiting since 3 s.
        #expect(offers(try r.handle(.reject("i1", by: "a1"), at: t(6))).count == 1)
        #expect(r.interaction("i1")?.status == .offered(to: ["a2"]))
        let moved = try r.handle(.transfer("i1", to: "q2"), at: t(8))
        #expect(moved.contains(offer(call, from: "q2", enqueuedAt: t(3), to: "a2", expiresAt: t(28))))
    }
}
