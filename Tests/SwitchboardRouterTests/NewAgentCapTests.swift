import SwitchboardRouter
import Testing

/// A queue's cap on a new agent's demanding chats (`newAgentDemandingChats`): a new agent holding that
/// many demanding chats (offered, active or in wrap-up, in any queue) is not offered the queue's
/// demanding chats; the work waits for someone else, and the agent is eligible again as soon as it
/// holds fewer. Other stages, other work and other channels are not capped.
@Suite struct NewAgentCapTests {
    static func chats(cap: Int?, wrapUp: Duration = .zero) -> QueueConfiguration {
        QueueConfiguration(id: "c", channels: [.chat], wrapUp: wrapUp, newAgentDemandingChats: cap)
    }

    static func demandingChat(_ id: InteractionID, _ queue: QueueID = "c", preferred: AgentID? = nil) -> InteractionRequest {
        request(id, queue, channel: .chat, preferred: preferred, fallback: preferred.map { _ in .seconds(60) }, demanding: true)
    }

    /// `n`, a new agent with room for three chats, alone on the floor (with `e`, experienced, in the
    /// roster but logged out).
    static func floor(_ queues: [QueueConfiguration]) throws -> Router {
        var r = try router(queues, [agent("n", voice: 1, chat: 3, stage: .new), agent("e", voice: 1, chat: 3)])
        try r.handle(.login("n"), at: t(0))
        return r
    }

    @Test func aNewAgentAtTheCapIsPassedOverAndTheWorkWaitsForSomeoneElse() throws {
        var r = try Self.floor([Self.chats(cap: 1)])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))) == ["d1→n"])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))) == [])
        #expect(r.statistics(for: "c")?.waiting == 1)
        // Accepting it changes nothing: active work counts like an offer.
        #expect(offers(try r.handle(.accept("d1", by: "n"), at: t(3))) == [])
        #expect(offers(try r.handle(.login("e"), at: t(4))) == ["d2→e"])
    }

    @Test func completionBelowTheCapOffersTheWaitingDemandingChatAgain() throws {
        var r = try Self.floor([Self.chats(cap: 2)])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        #expect(r.agent("n")?.offers == ["d1", "d2"])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d3")), at: t(3))) == [])
        try r.handle(.accept("d1", by: "n"), at: t(4))
        #expect(offers(try r.handle(.complete("d1", by: "n"), at: t(5))) == ["d3→n"])
    }

    @Test func aWrapUpCountsTowardTheCapUntilItEnds() throws {
        var r = try Self.floor([Self.chats(cap: 1, wrapUp: .seconds(10))])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        try r.handle(.accept("d1", by: "n"), at: t(3))
        #expect(offers(try r.handle(.complete("d1", by: "n"), at: t(4))) == [])
        #expect(offers(try r.handle(.advance, at: t(13))) == [])
        #expect(offers(try r.handle(.advance, at: t(14))) == ["d2→n"])
    }

    @Test func aRejectedOrMissedOfferNoLongerCounts() throws {
        var r = try Self.floor([QueueConfiguration(id: "c", channels: [.chat], offerTimeout: .seconds(5), newAgentDemandingChats: 1)])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        // d1 now skips n; d2, older than any later work, goes to n at once.
        #expect(offers(try r.handle(.reject("d1", by: "n"), at: t(3))) == ["d2→n"])
        // A missed offer frees the count too, once the agent is back.
        #expect(offers(try r.handle(.advance, at: t(8))) == [])
        try r.handle(.enqueue(Self.demandingChat("d3")), at: t(9))
        #expect(offers(try r.handle(.setState("n", .available), at: t(10))) == ["d3→n"])
    }

    @Test func aLogoutEndsWhatCountedAndALoginStartsAfresh() throws {
        var r = try Self.floor([Self.chats(cap: 1)])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        try r.handle(.logout("n"), at: t(3))
        #expect(offers(try r.handle(.login("n"), at: t(4))) == ["d1→n"])
        #expect(r.statistics(for: "c")?.waiting == 1)
    }

    @Test(arguments: [AgentStage.learning, .experienced])
    func agentsPastTheNewStageAreNotCapped(_ stage: AgentStage) throws {
        var r = try router([Self.chats(cap: 0)], [agent("l", voice: 0, chat: 3, stage: stage)])
        try r.handle(.login("l"), at: t(0))
        for (k, id) in (["d1", "d2", "d3"] as [InteractionID]).enumerated() {
            #expect(offers(try r.handle(.enqueue(Self.demandingChat(id)), at: t(Int64(k + 1)))) == ["\(id)→l"])
        }
    }

    @Test func chatsThatAreNotDemandingAreNotCapped() throws {
        var r = try Self.floor([Self.chats(cap: 0)])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d")), at: t(1))) == [])
        #expect(offers(try r.handle(.enqueue(request("o1", "c", channel: .chat)), at: t(2))) == ["o1→n"])
        #expect(offers(try r.handle(.enqueue(request("o2", "c", channel: .chat)), at: t(3))) == ["o2→n"])
    }

    @Test func voiceIsNotCappedAndDemandingCallsDoNotCountTowardTheCap() throws {
        let both = QueueConfiguration(id: "c", channels: [.voice, .chat], newAgentDemandingChats: 1)
        // Voice not exclusive here, so the agent may hold a call and chats at once.
        var r = try checkedRouter(RoutingConfiguration(queues: [both], agents: [agent("n", voice: 1, chat: 3, stage: .new)],
                                                       exclusiveChannels: []))
        try r.handle(.login("n"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("v", "c", demanding: true)), at: t(1))) == ["v→n"])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d1")), at: t(2))) == ["d1→n"])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d2")), at: t(3))) == [])
    }

    @Test func demandingChatsOfEveryQueueCountAgainstEachQueuesOwnCap() throws {
        let uncapped = QueueConfiguration(id: "open", channels: [.chat])
        let two = QueueConfiguration(id: "two", channels: [.chat], newAgentDemandingChats: 2)
        var r = try Self.floor([Self.chats(cap: 1), uncapped, two])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("a", "open")), at: t(1))) == ["a→n"])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("c1", "c")), at: t(2))) == [])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("t1", "two")), at: t(3))) == ["t1→n"])
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("t2", "two")), at: t(4))) == [])
        // The uncapped queue's demanding chats still go to the agent (room for a third chat).
        try r.handle(.cancel("c1"), at: t(5))
        try r.handle(.cancel("t2"), at: t(5))
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("a2", "open")), at: t(6))) == ["a2→n"])
    }

    @Test func aFreedNewAgentTakesWaitingWorkItIsNotCappedFor() throws {
        var r = try router([Self.chats(cap: 1)], [agent("n", voice: 0, chat: 3, stage: .new)])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        try r.handle(.enqueue(request("o", "c", channel: .chat)), at: t(3))
        // Logging in, it takes one demanding chat and the other work, and leaves the second demanding chat.
        #expect(offers(try r.handle(.login("n"), at: t(4))) == ["o→n", "d1→n"])
        #expect(r.statistics(for: "c")?.waiting == 1)
    }

    @Test func aCappedPreferredAgentIsStillWaitedFor() throws {
        var r = try Self.floor([Self.chats(cap: 1)])
        try r.handle(.login("e"), at: t(0))
        try r.handle(.enqueue(Self.demandingChat("d1", preferred: "n")), at: t(1))
        #expect(r.agent("n")?.offers == ["d1"])
        // d2 prefers n, who is at the cap: it waits for n (e is ready but not preferred).
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d2", preferred: "n")), at: t(2))) == [])
        try r.handle(.accept("d1", by: "n"), at: t(3))
        #expect(offers(try r.handle(.complete("d1", by: "n"), at: t(4))) == ["d2→n"])
    }

    @Test func promotionPastTheNewStageLiftsTheCap() throws {
        var r = try Self.floor([Self.chats(cap: 1)])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        #expect(offers(try r.handle(.setAgent("n", profile: agent("n", voice: 1, chat: 3, stage: .learning)), at: t(3))) == ["d2→n"])
        // Demoted again, it holds two: a third waits.
        try r.handle(.setAgent("n", profile: agent("n", voice: 1, chat: 3, stage: .new)), at: t(4))
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d3")), at: t(5))) == [])
    }

    @Test func aReloadRaisingOrRemovingTheCapRoutesTheWaitingWork() throws {
        var r = try Self.floor([Self.chats(cap: 1)])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        try r.handle(.enqueue(Self.demandingChat("d3")), at: t(3))
        var configuration = r.configuration
        configuration.queues[0].newAgentDemandingChats = 2
        #expect(offers(try r.handle(.reconfigure(configuration), at: t(4))) == ["d2→n"])
        configuration.queues[0].newAgentDemandingChats = nil
        #expect(offers(try r.handle(.reconfigure(configuration), at: t(5))) == ["d3→n"])
        // Lowered to 0 again: what the agent holds stays, new demanding chats wait.
        configuration.queues[0].newAgentDemandingChats = 0
        try r.handle(.reconfigure(configuration), at: t(6))
        #expect(r.agent("n")?.offers == ["d1", "d2", "d3"])
        try r.handle(.cancel("d3"), at: t(7))
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d4")), at: t(8))) == [])
    }

    @Test func restoredActiveDemandingChatsCountTowardTheCap() throws {
        var r = try router([Self.chats(cap: 1)], [agent("n", voice: 0, chat: 3, stage: .new)])
        try r.handle(.login("n"), at: t(0))
        try r.handle(.restoreActive(Self.demandingChat("d1"), agent: "n", enqueuedAt: t(0), assignedAt: t(0)), at: t(1))
        #expect(offers(try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))) == [])
        #expect(offers(try r.handle(.complete("d1", by: "n"), at: t(3))) == ["d2→n"])
    }

    @Test func aTransferredDemandingChatCountsInItsNewQueueToo() throws {
        let other = QueueConfiguration(id: "other", channels: [.chat])
        var r = try Self.floor([Self.chats(cap: 1), other])
        try r.handle(.enqueue(Self.demandingChat("d1")), at: t(1))
        try r.handle(.enqueue(Self.demandingChat("d2")), at: t(2))
        try r.handle(.accept("d1", by: "n"), at: t(3))
        // d1 leaves n for another queue (no wrap-up in c) and, routed first, comes back to n (a queue
        // without a cap): still a demanding chat, it keeps counting, and d2 keeps waiting.
        #expect(offers(try r.handle(.transfer("d1", to: "other"), at: t(4))) == ["d1→n"])
        #expect(r.statistics(for: "c")?.waiting == 1)
        #expect(offers(try r.handle(.reject("d1", by: "n"), at: t(5))) == ["d2→n"])
    }

    @Test func aNegativeCapIsRefused() {
        #expect(throws: RoutingError.self) { try Router(configuration: RoutingConfiguration(queues: [Self.chats(cap: -1)], agents: [])) }
    }
}
