import SwitchboardRouter
import Testing

/// Demanding work and shielded agents: demanding work goes to an unshielded eligible agent when one
/// exists and never waits for one; a shielded agent that frees takes other work first. Shielded means
/// shielded by ``RoutingCommand/setShielded(_:_:)`` or new (``AgentStage/new``).
@Suite struct ShieldingTests {
    /// How agent `s` is shielded in a test.
    enum Shield: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case byCommand, asNew

        var testDescription: String { rawValue }

        func profile(_ id: AgentID, _ skills: [String: Int] = [:], voice: Int = 1, chat: Int = 0) -> AgentProfile {
            agent(id, skills, voice: voice, chat: chat, stage: self == .asNew ? .new : .experienced)
        }

        func apply(_ r: inout Router, to id: AgentID, at instant: Instant) throws {
            if self == .byCommand { #expect(try r.handle(.setShielded(id, true), at: instant).isEmpty) }
        }
    }

    /// `s` (shielded) logs in first, so it is the longest idle; then `u1` and `u2`.
    static func floor(_ shield: Shield, _ queue: QueueConfiguration = QueueConfiguration(id: "q")) throws -> Router {
        var r = try router([queue], [shield.profile("s", ["sales": 9]), agent("u1", ["sales": 3]), agent("u2", ["sales": 5])])
        try r.handle(.login("s"), at: t(0))
        try shield.apply(&r, to: "s", at: t(0))
        try r.handle(.login("u1"), at: t(1))
        try r.handle(.login("u2"), at: t(2))
        return r
    }

    // MARK: Arrivals

    @Test(arguments: Shield.allCases)
    func demandingWorkGoesToAnUnshieldedAgentBeforeALongerIdleShieldedOne(_ shield: Shield) throws {
        var r = try Self.floor(shield)
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(3))) == ["d→u1"])
        #expect(r.agent("s")?.shielded == true)
    }

    @Test(arguments: Shield.allCases)
    func otherWorkStillGoesToTheLongestIdleAgentShieldedOrNot(_ shield: Shield) throws {
        var r = try Self.floor(shield)
        #expect(offers(try r.handle(.enqueue(request("o")), at: t(3))) == ["o→s"])
    }

    @Test(arguments: Shield.allCases)
    func demandingWorkNeverWaitsForAnUnshieldedAgent(_ shield: Shield) throws {
        var r = try router([QueueConfiguration(id: "q")], [shield.profile("s"), agent("u")])
        try r.handle(.login("s"), at: t(0))
        try shield.apply(&r, to: "s", at: t(0))
        try r.handle(.login("u", state: .notReady(reason: "break")), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(1))) == ["d→s"])
    }

    @Test(arguments: Shield.allCases)
    func theStrategyOrdersTheUnshieldedAgentsAlone(_ shield: Shield) throws {
        // Most skilled: s (9) is passed over for u2 (5), the most skilled unshielded agent.
        var r = try Self.floor(shield, QueueConfiguration(id: "q", requirements: ["sales": 1], strategy: .mostSkilled))
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(3))) == ["d→u2"])
        #expect(offers(try r.handle(.enqueue(request("o")), at: t(3))) == ["o→s"])
    }

    @Test(arguments: Shield.allCases)
    func ringAllOffersDemandingWorkToTheUnshieldedAgentsOnly(_ shield: Shield) throws {
        var r = try Self.floor(shield, QueueConfiguration(id: "q", parallelOffers: 3))
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(3))) == ["d→u1", "d→u2"])
        try r.handle(.cancel("d"), at: t(4))
        #expect(offers(try r.handle(.enqueue(request("o")), at: t(5))) == ["o→s", "o→u1", "o→u2"])
    }

    @Test(arguments: Shield.allCases)
    func ringAllOffersDemandingWorkToShieldedAgentsWhenNobodyElseIsEligible(_ shield: Shield) throws {
        var r = try router([QueueConfiguration(id: "q", parallelOffers: 2)], [shield.profile("s1"), shield.profile("s2"), agent("u")])
        for id: AgentID in ["s1", "s2"] {
            try r.handle(.login(id), at: t(0))
            try shield.apply(&r, to: id, at: t(0))
        }
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(1))) == ["d→s1", "d→s2"])
    }

    @Test func aRejectedDemandingInteractionGoesBackToTheUnshieldedAgentsFirst() throws {
        var r = try Self.floor(.byCommand)
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(3))) == ["d→u1"])
        // Skipping u1 now, it goes to u2, still not to the longer idle s.
        #expect(offers(try r.handle(.reject("d", by: "u1"), at: t(4))) == ["d→u2"])
        #expect(offers(try r.handle(.reject("d", by: "u2"), at: t(5))) == ["d→s"])
    }

    // MARK: A shielded agent frees up

    /// `s` (shielded) and `u` each handle one call; `d` (demanding, higher priority, older) and then
    /// `o` wait.
    static func busyFloor(_ shield: Shield) throws -> Router {
        var r = try router([QueueConfiguration(id: "q")], [shield.profile("s"), agent("u")])
        try r.handle(.login("s"), at: t(0))
        try shield.apply(&r, to: "s", at: t(0))
        try r.handle(.login("u"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("w1")), at: t(1))) == ["w1→s"])
        #expect(offers(try r.handle(.enqueue(request("w2")), at: t(1))) == ["w2→u"])
        try r.handle(.accept("w1", by: "s"), at: t(2))
        try r.handle(.accept("w2", by: "u"), at: t(2))
        try r.handle(.enqueue(request("d", priority: 50, demanding: true)), at: t(3))
        try r.handle(.enqueue(request("o")), at: t(4))
        return r
    }

    @Test(arguments: Shield.allCases)
    func aShieldedAgentThatFreesTakesOtherWorkBeforeDemandingWork(_ shield: Shield) throws {
        var r = try Self.busyFloor(shield)
        #expect(offers(try r.handle(.complete("w1", by: "s"), at: t(5))) == ["o→s"])
        #expect(offers(try r.handle(.complete("w2", by: "u"), at: t(6))) == ["d→u"])
    }

    @Test(arguments: Shield.allCases)
    func anUnshieldedAgentThatFreesTakesTheBestWorkAsBefore(_ shield: Shield) throws {
        var r = try Self.busyFloor(shield)
        #expect(offers(try r.handle(.complete("w2", by: "u"), at: t(5))) == ["d→u"])
        #expect(offers(try r.handle(.complete("w1", by: "s"), at: t(6))) == ["o→s"])
    }

    @Test(arguments: Shield.allCases)
    func aShieldedAgentTakesDemandingWorkWhenNothingElseWaitsAndNobodyElseIsReady(_ shield: Shield) throws {
        var r = try Self.busyFloor(shield)
        try r.handle(.cancel("o"), at: t(5))
        #expect(offers(try r.handle(.complete("w1", by: "s"), at: t(6))) == ["d→s"])
    }

    /// `s` (shielded) and `u` hold a chat offer of `i` at once, which keeps both from voice (exclusive);
    /// `d` (demanding, voice) waits. Cancelling `i` frees `s`, then `u`, in one step.
    static func ringingFloor(_ shield: Shield, alsoWaiting x: InteractionRequest? = nil) throws -> Router {
        let queues = [QueueConfiguration(id: "chat", channels: [.chat], parallelOffers: 2), QueueConfiguration(id: "q")]
        var r = try router(queues, [shield.profile("s", voice: 1, chat: 1), agent("u", ["french": 5], voice: 1, chat: 1)])
        try r.handle(.login("s"), at: t(0))
        try shield.apply(&r, to: "s", at: t(0))
        try r.handle(.login("u"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i", "chat", channel: .chat)), at: t(1))) == ["i→s", "i→u"])
        try r.handle(.enqueue(request("d", demanding: true)), at: t(2))
        if let x { try r.handle(.enqueue(x), at: t(3)) }
        return r
    }

    @Test(arguments: Shield.allCases)
    func aShieldedAgentFreedFirstLeavesDemandingWorkToAnUnshieldedAgentFreedWithIt(_ shield: Shield) throws {
        var r = try Self.ringingFloor(shield)
        #expect(offers(try r.handle(.cancel("i"), at: t(4))) == ["d→u"])
        #expect(r.agent("s")?.readyChannels == [.voice, .chat])
    }

    @Test(arguments: Shield.allCases)
    func demandingWorkLeftToAnUnshieldedAgentWhoTakesOtherWorkGoesToTheShieldedOne(_ shield: Shield) throws {
        // u takes x (higher priority, needing French, which s lacks); d must not wait next to s.
        var r = try Self.ringingFloor(shield, alsoWaiting: request("x", priority: 90, requirements: ["french": 1]))
        #expect(offers(try r.handle(.cancel("i"), at: t(4))) == ["x→u", "d→s"])
    }

    // MARK: Shield toggles

    @Test func shieldingChangesNoOfferAndEndingItRestoresTheIdleOrder() throws {
        var r = try Self.floor(.byCommand)
        #expect(try r.handle(.setShielded("s", false), at: t(3)).isEmpty)
        #expect(r.agent("s")?.shielded == false)
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(4))) == ["d→s"])
    }

    @Test func aNewAgentStaysShieldedWhateverTheCommandSays() throws {
        var r = try Self.floor(.asNew)
        try r.handle(.setShielded("s", false), at: t(3))
        #expect(r.agent("s")?.shielded == true)
        #expect(r.agent("s")?.stage == .new)
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(4))) == ["d→u1"])
    }

    /// Logs u1 and then u2 out and in again, so that s is the longest idle once more.
    static func makeSLongestIdle(_ r: inout Router, at instant: Instant) throws {
        for id: AgentID in ["u1", "u2"] {
            try r.handle(.logout(id), at: instant)
            try r.handle(.login(id), at: instant)
        }
    }

    @Test func aShieldLastsAcrossLogoutAndProfileChanges() throws {
        var r = try Self.floor(.byCommand)
        try r.handle(.logout("s"), at: t(3))
        try r.handle(.setAgent("s", profile: agent("s", ["sales": 9])), at: t(3))
        try r.handle(.login("s"), at: t(3))
        try Self.makeSLongestIdle(&r, at: t(4))
        #expect(r.agent("s")?.shielded == true)
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(5))) == ["d→u1"])
    }

    @Test func anAgentPromotedFromNewIsNoLongerShielded() throws {
        var r = try Self.floor(.asNew)
        try r.handle(.setAgent("s", profile: agent("s", ["sales": 9], stage: .learning)), at: t(3))
        try Self.makeSLongestIdle(&r, at: t(4))
        #expect(r.agent("s")?.shielded == false)
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(5))) == ["d→s"])
    }

    @Test func anAgentDemotedToNewIsShielded() throws {
        var r = try Self.floor(.byCommand)
        try r.handle(.setShielded("s", false), at: t(3))
        try r.handle(.setAgent("s", profile: agent("s", ["sales": 9], stage: .new)), at: t(3))
        try Self.makeSLongestIdle(&r, at: t(4))
        #expect(offers(try r.handle(.enqueue(request("d", demanding: true)), at: t(5))) == ["d→u1"])
    }

    @Test func shieldingAnUnknownAgentIsRefused() throws {
        var r = try Self.floor(.byCommand)
        #expect(throws: RoutingError.unknownAgent("nobody")) { try r.handle(.setShielded("nobody", true), at: t(3)) }
    }

    // MARK: Demanding, kept

    @Test func demandingIsOfferedAndKeptAcrossOverflowTransferAndRequeue() throws {
        // Nobody speaks French: d waits in q, overflows to q2, then is transferred to q3, where anyone may take it.
        let queues = [QueueConfiguration(id: "q", requirements: ["french": 5], maxWait: .seconds(10), onMaxWait: .overflow(to: "q2")),
                      QueueConfiguration(id: "q2", requirements: ["french": 5]), QueueConfiguration(id: "q3")]
        var r = try router(queues, [agent("s"), agent("u")])
        try r.handle(.setShielded("s", true), at: t(0))
        try r.handle(.login("s"), at: t(0))
        try r.handle(.login("u"), at: t(0))
        let d = request("d", demanding: true)
        try r.handle(.enqueue(d), at: t(1))
        #expect(r.interaction("d")?.demanding == true)
        #expect(events(try r.handle(.advance, at: t(11)), of: "d") == [.overflowed(from: "q", to: "q2")])
        #expect(r.interaction("d")?.demanding == true)
        // Routed again in q3: to u, not to the longer idle s.
        #expect(try r.handle(.transfer("d", to: "q3"), at: t(12)).contains(offer(d, from: "q3", enqueuedAt: t(1), to: "u", expiresAt: t(32))))
        // Requeued after u declines: s is the only one left, and the offer still says demanding.
        #expect(try r.handle(.reject("d", by: "u"), at: t(13)).contains(offer(d, from: "q3", enqueuedAt: t(1), to: "s", expiresAt: t(33))))
    }

    @Test func aRestoredDemandingInteractionIsStillKeptFromShieldedAgents() throws {
        var r = try Self.floor(.byCommand)
        let restored = request("d", demanding: true)
        let effects = try r.handle(.restoreWaiting(restored, enqueuedAt: t(-30), queueEnteredAt: t(-30)), at: t(3))
        #expect(effects.contains(offer(restored, enqueuedAt: t(-30), to: "u1", expiresAt: t(23))))
        #expect(r.interaction("d")?.demanding == true)
    }
}
