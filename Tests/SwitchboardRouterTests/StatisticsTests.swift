import SwitchboardRouter
import Testing

@Suite struct StatisticsTests {
    @Test func queueStatisticsFollowEveryStep() throws {
        var r = try router([QueueConfiguration(id: "q", serviceLevelThreshold: .seconds(20))], [agent("a1"), agent("a2")])
        try r.login("a1", at: t(0))
        try r.enqueue(request("fast"), at: t(0))
        try r.accept("fast", by: "a1", at: t(10))
        try r.enqueue(request("slow"), at: t(10))
        try r.enqueue(request("gone"), at: t(11))
        var stats = try #require(r.statistics(for: "q"))
        #expect(stats.waiting == 2 && stats.longestWait(at: t(15)) == .seconds(5))
        #expect(stats.busyAgents == 1 && stats.availableAgents == 0)
        try r.cancel("gone", at: t(12))
        try r.login("a2", at: t(40))
        try r.accept("slow", by: "a2", at: t(40))
        try r.complete("fast", by: "a1", at: t(70))
        stats = try #require(r.statistics(for: "q"))
        #expect(stats.offered == 3 && stats.answered == 2 && stats.answeredWithinServiceLevel == 1 && stats.abandoned == 1)
        #expect(stats.averageSpeedOfAnswer == .seconds(20))
        #expect(stats.averageHandleTime == .seconds(60))
        #expect(stats.waiting == 0 && stats.oldestWaitingSince == nil)
        #expect(stats.availableAgents == 1 && stats.busyAgents == 1)
    }

    @Test func positionAndEstimatedWaitFollowTheQueue() throws {
        var r = try router([QueueConfiguration(id: "q")], [agent("a1")])
        try r.login("a1", at: t(0))
        try r.enqueue(request("busy"), at: t(0))
        try r.accept("busy", by: "a1", at: t(0))
        for k in 1...3 { try r.enqueue(request(InteractionID("w\(k)")), at: t(Int64(k))) }
        #expect(r.position(of: "w1", at: t(5)) == 1)
        #expect(r.position(of: "w3", at: t(5)) == 3)
        let first = try #require(r.estimatedWait(of: "w1", at: t(5)))
        let last = try #require(r.estimatedWait(of: "w3", at: t(5)))
        #expect(first > .zero && last > first)
        try r.cancel("w1", at: t(6))
        #expect(r.position(of: "w3", at: t(6)) == 2)
    }

    @Test func erlangCMatchesTheClosedForm() {
        // N = 2, A = 1: P(wait) = 1/3; N = 10, A = 8: ≈ 0.4092 (standard tables).
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 2, traffic: 1) - 1.0 / 3.0) < 1e-12)
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 10, traffic: 8) - 0.4092) < 1e-3)
        #expect(ErlangC.probabilityOfWaiting(agents: 500, traffic: 480) < 1)
        #expect(ErlangC.probabilityOfWaiting(agents: 3, traffic: 3) == 1)
    }
}
