import SwitchboardRouter
import Testing

@Suite struct QueueRuleTests {
    @Test func relaxationLowersLevelsAfterTheConfiguredWait() throws {
        let queue = QueueConfiguration(id: "q", requirements: ["sales": 8],
                                       relaxation: [RelaxationStep(after: .seconds(10), lowerLevelsBy: 5)])
        var r = try router([queue], [agent("a1", ["sales": 4])])
        try r.handle(.login("a1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(0))) == [])
        #expect(offers(try r.handle(.advance, at: t(9))) == [])
        let effects = try r.handle(.advance, at: t(10))
        #expect(events(effects, of: "i1").first == .relaxed(step: 1))
        #expect(offers(effects) == ["i1→a1"])
    }

    @Test func relaxationCanLowerOneNamedSkillOnly() throws {
        let queue = QueueConfiguration(id: "q", requirements: ["sales": 8, "german": 6],
                                       relaxation: [RelaxationStep(after: .seconds(10), lowerLevelsBy: 4, lowerSkill: "sales")])
        // a1 meets the lowered sales level but not german 6; a2 meets both once sales is lowered.
        var r = try router([queue], [agent("a1", ["sales": 4, "german": 5]), agent("a2", ["sales": 4, "german": 6])])
        try r.handle(.login("a1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(0))) == [])
        #expect(offers(try r.handle(.advance, at: t(10))) == [])
        #expect(offers(try r.handle(.login("a2"), at: t(11))) == ["i1→a2"])
    }

    @Test func loweringNeverDropsASkillBelowLevelOne() throws {
        let queue = QueueConfiguration(id: "q", requirements: ["sales": 3],
                                       relaxation: [RelaxationStep(after: .seconds(10), lowerLevelsBy: 9)])
        var r = try router([queue], [agent("a1", ["german": 9]), agent("a2", ["sales": 1])])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(0))
        // Lowered to 1, sales is still required: a1 without it never gets the interaction.
        #expect(offers(try r.handle(.advance, at: t(30))) == [])
        #expect(offers(try r.handle(.login("a2"), at: t(31))) == ["i1→a2"])
    }

    @Test func relaxationCanDropASkill() throws {
        let queue = QueueConfiguration(id: "q", requirements: ["sales": 3, "german": 5],
                                       relaxation: [RelaxationStep(after: .seconds(20), dropSkills: ["german"])])
        var r = try router([queue], [agent("a1", ["sales": 4])])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(0))
        #expect(offers(try r.handle(.advance, at: t(19))) == [])
        #expect(offers(try r.handle(.advance, at: t(20))) == ["i1→a1"])
    }

    @Test func maxWaitOverflowsIntoAnotherQueueKeepingTheWait() throws {
        let queues = [
            QueueConfiguration(id: "first", requirements: ["expert": 9], maxWait: .seconds(30), onMaxWait: .overflow(to: "backup")),
            QueueConfiguration(id: "backup"),
        ]
        var r = try router(queues, [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1", "first")), at: t(5))
        #expect(offers(try r.handle(.advance, at: t(34))) == [])
        let effects = try r.handle(.advance, at: t(35))
        #expect(events(effects, of: "i1") == [.overflowed(from: "first", to: "backup")])
        #expect(offers(effects) == ["i1→a1"])
        #expect(r.interaction("i1")?.enqueuedAt == t(5))
        #expect(r.statistics(for: "first")?.overflowed == 1)
    }

    @Test func maxWaitCanEndTheInteraction() throws {
        var r = try router([QueueConfiguration(id: "q", maxWait: .seconds(60), onMaxWait: .end(reason: "voicemail"))], [])
        try r.handle(.enqueue(request("i1")), at: t(0))
        #expect(events(try r.handle(.advance, at: t(60)), of: "i1") == [.ended(reason: "voicemail")])
        #expect(r.interaction("i1") == nil)
    }

    @Test func enqueueIsRefusedWhenTheQueueIsFull() throws {
        var r = try router([QueueConfiguration(id: "q", maxSize: 2)], [])
        try r.handle(.enqueue(request("i1")), at: t(0))
        try r.handle(.enqueue(request("i2")), at: t(1))
        #expect(throws: RoutingError.queueFull("q", maxSize: 2)) { try r.handle(.enqueue(request("i3")), at: t(2)) }
        try r.handle(.cancel("i1"), at: t(3))
        try r.handle(.enqueue(request("i3")), at: t(4))
    }

    @Test func badRequestsAreRefusedWithTheirReason() throws {
        var r = try router([QueueConfiguration(id: "q")], [])
        #expect(throws: RoutingError.unknownQueue("nope")) { try r.handle(.enqueue(request("i1", "nope")), at: t(0)) }
        #expect(throws: RoutingError.channelNotAccepted("q", .chat)) { try r.handle(.enqueue(request("i1", channel: .chat)), at: t(0)) }
        #expect(throws: RoutingError.invalidPriority("i1", priority: 101)) { try r.handle(.enqueue(request("i1", priority: 101)), at: t(0)) }
        try r.handle(.enqueue(request("i1")), at: t(0))
        #expect(throws: RoutingError.duplicateInteraction("i1")) { try r.handle(.enqueue(request("i1")), at: t(0)) }
        #expect(throws: RoutingError.unknownAgent("ghost")) { try r.handle(.login("ghost"), at: t(0)) }
    }

    @Test func preferredAgentIsTriedFirstThenEveryoneAfterTheFallback() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.login("a2", state: .notReady(reason: "break")), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1", preferred: "a2", fallback: .seconds(20))), at: t(1))) == [])
        #expect(offers(try r.handle(.advance, at: t(20))) == [])
        #expect(offers(try r.handle(.advance, at: t(21))) == ["i1→a1"])
    }

    @Test func preferredAgentGetsTheInteractionWhenFreeWithinTheWindow() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.login("a2", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("i1", preferred: "a2", fallback: .seconds(20))), at: t(1))
        #expect(offers(try r.handle(.setState("a2", .available), at: t(5))) == ["i1→a2"])
    }

    @Test func preferringALoggedOutAgentGoesToEveryoneAtOnce() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        // a2 is in the roster but not logged in: nobody to wait for.
        #expect(offers(try r.handle(.enqueue(request("i1", preferred: "a2", fallback: .seconds(20))), at: t(1))) == ["i1→a1"])
    }

    @Test func preferringAnUnknownAgentGoesToEveryoneAtOnce() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1", preferred: "ghost", fallback: .seconds(20))), at: t(1))) == ["i1→a1"])
    }

    @Test func preferredAgentLoggingOutStopsTheWaitAtOnce() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2"), agent("a3")])
        try r.handle(.login("a2", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("i1", preferred: "a2", fallback: .seconds(20))), at: t(1))
        try r.handle(.enqueue(request("i2", preferred: "a2", fallback: .seconds(20))), at: t(2))
        try r.handle(.login("a1"), at: t(3))
        try r.handle(.login("a3"), at: t(3))
        // Both still wait for a2, who is logged in (not ready)…
        #expect(r.statistics(for: "q")?.waiting == 2)
        // …until a2 logs out: both go to the others at once, oldest first, long before the fallback.
        #expect(offers(try r.handle(.logout("a2"), at: t(4))) == ["i1→a1", "i2→a3"])
    }

    @Test func preferredAgentLoggedInButNotReadyKeepsTheWaitUntilTheFallback() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.login("a2", state: .notReady(reason: "lunch")), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1", preferred: "a2", fallback: .seconds(20))), at: t(1))) == [])
        #expect(offers(try r.handle(.setState("a2", .notReady(reason: "break")), at: t(5))) == [])
        #expect(offers(try r.handle(.advance, at: t(21))) == ["i1→a1"])
    }

    @Test func skillRemovedLiveStopsMatchingAtOnce() throws {
        var r = try router([QueueConfiguration(id: "q", requirements: ["sales": 5])], [agent("a1", ["sales": 7])])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.setAgent("a1", profile: agent("a1", ["support": 7])), at: t(1))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(2))) == [])
        #expect(offers(try r.handle(.setAgent("a1", profile: agent("a1", ["sales": 5])), at: t(3))) == ["i1→a1"])
    }

    @Test func capacityRaisedLiveTakesWaitingWorkAtOnce() throws {
        var r = try router([QueueConfiguration(id: "chat", channels: [.chat])], [agent("a1", voice: 0, chat: 1)])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("c1", "chat", channel: .chat)), at: t(1))
        try r.handle(.enqueue(request("c2", "chat", channel: .chat)), at: t(2))
        #expect(offers(try r.handle(.setAgent("a1", profile: agent("a1", voice: 0, chat: 2)), at: t(3))) == ["c2→a1"])
    }
}
