import SwitchboardBench
import Testing

/// Agents logging out, dropping their connection and coming back, against the fake server in virtual
/// time: the floor follows the disconnect rules without false alarms, and a server that loses a dropped
/// agent's work is caught.
@Suite struct FloorChurnTests {
    /// The smoke floor with a fifth of its agents leaving every 3 s: clean log-outs, and drops whose
    /// reconnect falls within the 2 s grace or after it.
    static func churningSmoke() throws -> Scenario {
        var scenario = try FloorTests.smoke()
        scenario.churn = ChurnSchedule(
            logOut: .init(share: 0.2, everySeconds: 3, away: .uniform(min: 0.5, max: 2)),
            drop: .init(share: 0.2, everySeconds: 3, reconnect: .uniform(min: 0.2, max: 4)),
            reconnectGraceSeconds: 2)
        return scenario
    }

    func run(_ scenario: Scenario, faults: Set<FakeSwitchboard.Fault> = []) -> BenchResult {
        let floor = Floor(scenario: scenario, runId: "t")
        return VirtualFloorRun.run(floor, server: FakeSwitchboard(floor: floor, faults: faults))
    }

    @Test func churnKeepsEveryCheckGreenAndEveryInteractionEnds() throws {
        let result = run(try Self.churningSmoke())
        #expect(result.setupError == nil)
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(5))")
        #expect(result.enqueued == result.completed + result.abandoned + result.drained + result.ended)
        let churn = try #require(result.churn)
        #expect(churn.logOuts > 5)
        #expect(churn.drops > 5)
        #expect(churn.returns >= churn.logOuts + churn.drops - 20)
        // Both sides of the grace happened: work found again on return, and work the server re-queued.
        #expect(churn.keptOverDrop > 0)
        #expect(churn.lostAtGrace > 0)
        #expect(churn.agentLost == churn.lostAtGrace)
        #expect(churn.loginsRefused == 0 && churn.reconnectFailures == 0)
    }

    @Test func sameSeedGivesTheSameChurn() throws {
        let a = run(try Self.churningSmoke())
        let b = run(try Self.churningSmoke())
        #expect(a == b)
    }

    @Test func aServerThatForgetsALostAgentsWorkFailsTheRun() throws {
        var scenario = try Self.churningSmoke()
        scenario.drainSeconds = 3
        let result = run(scenario, faults: [.forgetWorkOfLostAgents])
        #expect(!result.correctnessPassed)
        #expect((result.violations["missing_terminal"] ?? 0) > 0)
        #expect(result.churn?.agentLost == 0)
    }
}
