import SwitchboardRouter
import Testing

@Suite struct StatisticsTests {
    @Test func queueStatisticsFollowEveryStep() throws {
        var r = try router([QueueConfiguration(id: "q", serviceLevelThreshold: .seconds(20))], [agent("a1"), agent("a2")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("fast")), at: t(0))
        try r.handle(.accept("fast", by: "a1"), at: t(10))
        try r.handle(.enqueue(request("slow")), at: t(10))
        try r.handle(.enqueue(request("gone")), at: t(11))
        var stats = try #require(r.statistics(for: "q"))
        #expect(stats.waiting == 2 && stats.longestWait(at: t(15)) == .seconds(5))
        #expect(stats.busyAgents == 1 && stats.availableAgents == 0)
        try r.handle(.cancel("gone"), at: t(12))
        try r.handle(.login("a2"), at: t(40))
        try r.handle(.accept("slow", by: "a2"), at: t(40))
        try r.handle(.complete("fast", by: "a1"), at: t(70))
        stats = try #require(r.statistics(for: "q"))
        #expect(stats.offered == 3 && stats.answered == 2 && stats.answeredWithinServiceLevel == 1 && stats.abandoned == 1)
        #expect(stats.averageSpeedOfAnswer == .seconds(20))
        #expect(stats.averageHandleTime == .seconds(60))
        #expect(stats.waiting == 0 && stats.oldestWaitingSince == nil)
        #expect(stats.availableAgents == 1 && stats.busyAgents == 1)
    }

    @Test func positionAndEstimatedWaitFollowTheQueue() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("busy")), at: t(0))
        try r.handle(.accept("busy", by: "a1"), at: t(0))
        for k in 1...3 { try r.handle(.enqueue(request(InteractionID("w\(k)"))), at: t(Int64(k))) }
        #expect(r.position(of: "w1", at: t(5)) == 1)
        #expect(r.position(of: "w3", at: t(5)) == 3)
        let first = try #require(r.estimatedWait(of: "w1", at: t(5)))
        let last = try #require(r.estimatedWait(of: "w3", at: t(5)))
        #expect(first > .zero && last > first)
        try r.handle(.cancel("w1"), at: t(6))
        #expect(r.position(of: "w3", at: t(6)) == 2)
    }

    @Test func theAnswerRateCountsOnlyTheLastFifteenMinutes() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.handle(.login("a1"), at: t(0))
        // Ten answers long ago, then four in the last minute: the estimate must come from the four.
        func serve(_ id: InteractionID, at second: Int64) throws {
            try r.handle(.enqueue(request(id)), at: t(second))
            try r.handle(.accept(id, by: "a1"), at: t(second))
            try r.handle(.complete(id, by: "a1"), at: t(second))
        }
        for k in 0..<10 { try serve(InteractionID("old\(k)"), at: Int64(k)) }
        for k in 0..<3 { try serve(InteractionID("new\(k)"), at: 2_000 + Int64(k) * 20) }
        try r.handle(.accept(try enqueueWaiting(&r, "busy", at: 2_050), by: "a1"), at: t(2_050))
        _ = try enqueueWaiting(&r, "w", at: 2_060)
        let place = try #require(r.place(of: "w", at: t(2_060)))
        // 4 answers (three served, one busy) in the 60 s since the first of them: one every 15 s, so
        // position 1 waits 15 s. Counting the old ten too would give 14 answers over 2,060 s.
        #expect(place.position == 1)
        #expect(place.estimatedWait == .seconds(15))
        #expect(r.estimatedWait(of: "w", at: t(2_060)) == place.estimatedWait)
        #expect(r.position(of: "w", at: t(2_060)) == place.position)
    }

    private func enqueueWaiting(_ r: inout Router, _ id: InteractionID, at second: Int64) throws -> InteractionID {
        try r.handle(.enqueue(request(id)), at: t(second))
        return id
    }

    @Test func erlangCMatchesTheClosedForm() {
        // N = 2, A = 1: P(wait) = 1/3; N = 10, A = 8: ≈ 0.4092 (standard tables).
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 2, traffic: 1) - 1.0 / 3.0) < 1e-12)
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 10, traffic: 8) - 0.4092) < 1e-3)
        #expect(ErlangC.probabilityOfWaiting(agents: 500, traffic: 480) < 1)
        #expect(ErlangC.probabilityOfWaiting(agents: 3, traffic: 3) == 1)
    }
}
