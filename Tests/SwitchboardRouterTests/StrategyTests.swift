import SwitchboardRouter
import Testing

@Suite struct StrategyTests {
    @Test func longestIdlePicksTheAgentIdleLongest() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1"), agent("a2"), agent("a3")])
        try r.handle(.login("a2"), at: t(0))
        try r.handle(.login("a3"), at: t(1))
        try r.handle(.login("a1"), at: t(2))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(3))) == ["i1→a2"])
        #expect(offers(try r.handle(.enqueue(request("i2")), at: t(4))) == ["i2→a3"])
    }

    @Test func leastOccupiedPicksTheLowestLoadRatio() throws {
        // a1 has been idle longer but holds two chats; a2 holds none.
        var r = try router([QueueConfiguration(id: "chat", channels: [.chat], strategy: .leastOccupied)],
                           [agent("a1", voice: 0, chat: 3), agent("a2", voice: 0, chat: 3)])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("c1", "chat", channel: .chat)), at: t(1))
        try r.handle(.enqueue(request("c2", "chat", channel: .chat)), at: t(2))
        try r.handle(.login("a2"), at: t(3))
        #expect(offers(try r.handle(.enqueue(request("c3", "chat", channel: .chat)), at: t(4))) == ["c3→a2"])
    }

    @Test func mostSkilledPicksTheHighestProficiency() throws {
        var r = try router([QueueConfiguration(id: "q", requirements: ["sales": 1, "french": 1], strategy: .mostSkilled)],
                           [agent("a1", ["sales": 3, "french": 9]), agent("a2", ["sales": 8, "french": 6]), agent("a3", ["sales": 9, "french": 2])])
        for (k, a) in ["a1", "a2", "a3"].enumerated() { try r.handle(.login(AgentID(a)), at: t(Int64(k))) }
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(5))) == ["i1→a2"])
    }

    @Test func roundRobinFollowsRosterOrderFromThePreviousPick() throws {
        var r = try router([QueueConfiguration(id: "q", strategy: .roundRobin)], [agent("a1"), agent("a2"), agent("a3")])
        try r.handle(.login("a3"), at: t(0))
        try r.handle(.login("a2"), at: t(1))
        try r.handle(.login("a1"), at: t(2))
        var picks: [String] = []
        for k in 0..<4 {
            let id = InteractionID("i\(k)")
            let effects = try r.handle(.enqueue(request(id)), at: t(10 + Int64(k)))
            picks += offers(effects)
            try r.handle(.cancel(id), at: t(10 + Int64(k)))
        }
        #expect(picks == ["i0→a1", "i1→a2", "i2→a3", "i3→a1"])
    }

    @Test func fewestHandledPicksTheAgentWithFewestAnswersSinceLogin() throws {
        var r = try router([QueueConfiguration(id: "q", strategy: .fewestHandled)], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        for k in 0..<2 {
            let id = InteractionID("warm\(k)")
            try r.handle(.enqueue(request(id)), at: t(1 + Int64(k)))
            try r.handle(.accept(id, by: "a1"), at: t(1 + Int64(k)))
            try r.handle(.complete(id, by: "a1"), at: t(1 + Int64(k)))
        }
        try r.handle(.login("a2"), at: t(10))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(11))) == ["i1→a2"])
    }

    @Test func randomIsReproducibleFromTheSeedAndSpreadsWork() throws {
        func picks(seed: UInt64, strategy: RoutingStrategy) throws -> [String] {
            let agents = (1...6).map { agent(AgentID("a\($0)")) }
            var r = try router([QueueConfiguration(id: "q", strategy: strategy)], agents, seed: seed)
            for (k, a) in agents.enumerated() { try r.handle(.login(a.id), at: t(Int64(k))) }
            var result: [String] = []
            for k in 0..<40 {
                let id = InteractionID("i\(k)")
                result += offers(try r.handle(.enqueue(request(id)), at: t(100 + Int64(k))))
                try r.handle(.cancel(id), at: t(100 + Int64(k)))
            }
            return result
        }
        let first = try picks(seed: 42, strategy: .random)
        #expect(first == (try picks(seed: 42, strategy: .random)))
        #expect(first != (try picks(seed: 43, strategy: .random)))
        #expect(first != (try picks(seed: 42, strategy: .longestIdle)))
        #expect(Set(first.map { $0.split(separator: "→")[1] }).count >= 4)
    }
}
