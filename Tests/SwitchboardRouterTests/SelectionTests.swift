import SwitchboardRouter
import Testing

@Suite struct SelectionTests {
    @Test func higherPriorityIsServedFirst() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("low", priority: 10)), at: t(1))
        try r.handle(.enqueue(request("high", priority: 50)), at: t(2))
        try r.handle(.enqueue(request("mid", priority: 30)), at: t(3))
        #expect(offers(try r.handle(.setState("a1", .available), at: t(4))) == ["high→a1"])
        try r.handle(.accept("high", by: "a1"), at: t(5))
        #expect(offers(try r.handle(.complete("high", by: "a1"), at: t(6))) == ["mid→a1"])
    }

    @Test func equalPriorityIsServedByLongestWait() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("first", priority: 5)), at: t(1))
        try r.handle(.enqueue(request("second", priority: 5)), at: t(2))
        #expect(offers(try r.handle(.setState("a1", .available), at: t(3))) == ["first→a1"])
    }

    @Test func agingOvertakesPriority() throws {
        // Aging 1 point/s: the p0 interaction waiting 100 s (100) beats the p30 one waiting 50 s (80).
        var r = try router([QueueConfiguration(id: "q", agingPointsPerSecond: 1)], [agent("a1")])
        try r.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("old-low", priority: 0)), at: t(0))
        try r.handle(.enqueue(request("new-high", priority: 30)), at: t(50))
        #expect(offers(try r.handle(.setState("a1", .available), at: t(100))) == ["old-low→a1"])
    }

    @Test func agingComparesAcrossQueuesAtTheCurrentInstant() throws {
        // q-fast ages 2 points/s, q-slow does not: after 30 s the p0 fast interaction (60) beats p50.
        var r = try router([QueueConfiguration(id: "q-fast", agingPointsPerSecond: 2), QueueConfiguration(id: "q-slow")], [agent("a1")])
        try r.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("fast", "q-fast", priority: 0)), at: t(0))
        try r.handle(.enqueue(request("slow", "q-slow", priority: 50)), at: t(0))
        #expect(offers(try r.handle(.setState("a1", .available), at: t(10))) == ["slow→a1"])
        try r.handle(.reject("slow", by: "a1"), at: t(11))
        var r2 = try router([QueueConfiguration(id: "q-fast", agingPointsPerSecond: 2), QueueConfiguration(id: "q-slow")], [agent("a1")])
        try r2.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r2.handle(.enqueue(request("fast", "q-fast", priority: 0)), at: t(0))
        try r2.handle(.enqueue(request("slow", "q-slow", priority: 50)), at: t(0))
        #expect(offers(try r2.handle(.setState("a1", .available), at: t(30))) == ["fast→a1"])
    }

    @Test func freedAgentGetsWaitingWorkFromAnyQueueItServes() throws {
        var r = try router(
            [QueueConfiguration(id: "sales", requirements: ["sales": 5]), QueueConfiguration(id: "support", requirements: ["support": 5])],
            [agent("a1", ["support": 7])]
        )
        try r.handle(.login("a1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(request("s1", "sales")), at: t(1))
        try r.handle(.enqueue(request("p1", "support")), at: t(2))
        #expect(offers(try r.handle(.setState("a1", .available), at: t(3))) == ["p1→a1"])
        #expect(r.statistics(for: "sales")?.waiting == 1)
    }

    @Test func perChannelCapacityLimitsConcurrentWork() throws {
        var r = try router([QueueConfiguration(id: "chat", channels: [.chat])], [agent("a1", voice: 0, chat: 2)])
        try r.handle(.login("a1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("c1", "chat", channel: .chat)), at: t(1))) == ["c1→a1"])
        #expect(offers(try r.handle(.enqueue(request("c2", "chat", channel: .chat)), at: t(2))) == ["c2→a1"])
        #expect(offers(try r.handle(.enqueue(request("c3", "chat", channel: .chat)), at: t(3))) == [])
        try r.handle(.accept("c1", by: "a1"), at: t(4))
        #expect(offers(try r.handle(.complete("c1", by: "a1"), at: t(5))) == ["c3→a1"])
    }

    @Test func totalCapacityCapsAllChannelsTogether() throws {
        var r = try router([QueueConfiguration(id: "chat", channels: [.chat, .email])], [
            AgentProfile(id: "a1", capacity: [.chat: 3, .email: 3], totalCapacity: 2),
        ])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("c1", "chat", channel: .chat)), at: t(1))
        try r.handle(.enqueue(request("e1", "chat", channel: .email)), at: t(2))
        #expect(offers(try r.handle(.enqueue(request("c2", "chat", channel: .chat)), at: t(3))) == [])
    }

    @Test func exclusiveVoiceBlocksOtherWorkBothWays() throws {
        var r = try router([QueueConfiguration(id: "q", channels: [.voice, .chat])], [agent("a1", voice: 1, chat: 2)])
        try r.handle(.login("a1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("v1")), at: t(1))) == ["v1→a1"])
        #expect(offers(try r.handle(.enqueue(request("c1", channel: .chat)), at: t(2))) == [])
        try r.handle(.accept("v1", by: "a1"), at: t(3))
        #expect(offers(try r.handle(.complete("v1", by: "a1"), at: t(4))) == ["c1→a1"])
        // Holding a chat, the agent is not offered a call, but still a second chat.
        #expect(offers(try r.handle(.enqueue(request("v2")), at: t(5))) == [])
        #expect(offers(try r.handle(.enqueue(request("c2", channel: .chat)), at: t(6))) == ["c2→a1"])
    }

    @Test func requirementsAndMinimumLevelsAreEnforced() throws {
        var r = try router([QueueConfiguration(id: "q", requirements: ["spanish": 6])], [agent("weak", ["spanish": 5]), agent("fluent", ["spanish": 6])])
        try r.handle(.login("weak"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(1))) == [])
        #expect(offers(try r.handle(.login("fluent"), at: t(2))) == ["i1→fluent"])
    }
}
