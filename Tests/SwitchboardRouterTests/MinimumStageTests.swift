import SwitchboardRouter
import Testing

/// A queue's minimum stage is a hard requirement, like a skill: an agent below it never gets that
/// queue's work, is not waited for as a preferred agent, and does not count toward its staffing.
@Suite struct MinimumStageTests {
    static let queues = [QueueConfiguration(id: "q", minimumStage: .learning), QueueConfiguration(id: "open")]

    /// `n` (new) logs in first, so it is the longest idle; `l` (learning) only when asked.
    static func floor(withLearner: Bool = true) throws -> Router {
        var r = try router(Self.queues, [agent("n", stage: .new), agent("l", stage: .learning), agent("e")])
        try r.handle(.login("n"), at: t(0))
        if withLearner { try r.handle(.login("l"), at: t(1)) }
        return r
    }

    @Test func workGoesToAnAgentAtTheMinimumStagePastALongerIdleNewOne() throws {
        var r = try Self.floor()
        #expect(offers(try r.handle(.enqueue(request("i")), at: t(2))) == ["i→l"])
        #expect(offers(try r.handle(.enqueue(request("j", "open")), at: t(2))) == ["j→n"])
    }

    @Test func workWaitsRatherThanGoToAnAgentBelowTheMinimumStage() throws {
        var r = try Self.floor(withLearner: false)
        #expect(offers(try r.handle(.enqueue(request("i")), at: t(2))) == [])
        #expect(r.statistics(for: "q")?.waiting == 1)
        // A freed agent below the minimum does not take it either, even with nothing else waiting.
        #expect(offers(try r.handle(.setState("n", .available), at: t(3))) == [])
        #expect(offers(try r.handle(.login("e"), at: t(4))) == ["i→e"])
    }

    @Test func demandingWorkGoesToAShieldedAgentAtTheMinimumRatherThanToAnUnshieldedOneBelowIt() throws {
        let senior = QueueConfiguration(id: "senior", minimumStage: .experienced)
        var r = try router([senior], [agent("l", stage: .learning), agent("e")])
        try r.handle(.login("l"), at: t(0))
        try r.handle(.login("e"), at: t(0))
        try r.handle(.setShielded("e", true), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("d", "senior", demanding: true)), at: t(1))) == ["d→e"])
    }

    @Test func promotionToTheMinimumStageGivesTheAgentTheWaitingWork() throws {
        var r = try Self.floor(withLearner: false)
        try r.handle(.enqueue(request("i")), at: t(2))
        #expect(offers(try r.handle(.setAgent("n", profile: agent("n", stage: .learning)), at: t(3))) == ["i→n"])
    }

    @Test func aPreferredAgentBelowTheMinimumStageIsNotWaitedFor() throws {
        var r = try Self.floor()
        try r.handle(.enqueue(request("w", "open")), at: t(2))
        #expect(r.agent("n")?.offers == ["w"])
        // n is busy (it would be waited for in the open queue), but it may never take q's work.
        #expect(offers(try r.handle(.enqueue(request("i", preferred: "n", fallback: .seconds(30))), at: t(3))) == ["i→l"])
    }

    @Test func workWaitingForAPreferredAgentDemotedBelowTheMinimumGoesToEveryone() throws {
        var r = try router(Self.queues, [agent("n", stage: .learning), agent("l", stage: .learning)])
        try r.handle(.login("n", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("l"), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i", preferred: "n", fallback: .seconds(30))), at: t(1))) == [])
        #expect(offers(try r.handle(.setAgent("n", profile: agent("n", stage: .new)), at: t(2))) == ["i→l"])
    }

    @Test func anAgentBelowTheMinimumDoesNotCountTowardTheQueuesStaffing() throws {
        let r = try Self.floor()
        #expect(r.statistics(for: "q")?.availableAgents == 1)
        #expect(r.statistics(for: "open")?.availableAgents == 2)
    }

    @Test func aReloadLoweringTheMinimumStageRoutesTheWaitingWork() throws {
        var r = try Self.floor(withLearner: false)
        try r.handle(.enqueue(request("i")), at: t(2))
        var configuration = r.configuration
        configuration.queues[0].minimumStage = .new
        #expect(offers(try r.handle(.reconfigure(configuration), at: t(3))) == ["i→n"])
    }

    @Test func aReloadRaisingTheMinimumStageKeepsOffersButRoutesNewWorkPastTheAgent() throws {
        var r = try Self.floor()
        var configuration = r.configuration
        configuration.queues[0].minimumStage = nil
        try r.handle(.reconfigure(configuration), at: t(2))
        #expect(offers(try r.handle(.enqueue(request("i")), at: t(3))) == ["i→n"])
        configuration.queues[0].minimumStage = .experienced
        try r.handle(.reconfigure(configuration), at: t(4))
        #expect(r.agent("n")?.offers == ["i"])
        #expect(offers(try r.handle(.login("e"), at: t(5))) == [])
        #expect(offers(try r.handle(.enqueue(request("j")), at: t(6))) == ["j→e"])
    }
}
