import Foundation
import SwitchboardBench
import SwitchboardConfig
import Testing

/// The scenario's `churn`, `memory` and `reload.via` sections, and what they put in the server's configuration.
@Suite struct ChurnScenarioTests {
    static let churn = ScenarioParserTests.minimal + """

        reload: {every_seconds: 5, via: alternate}
        churn:
          reconnect_grace_seconds: 3
          log_out: {share: 0.02, every_seconds: 10, away_seconds: {distribution: uniform, min: 1, max: 5}}
          drop: {share: 0.01, every_seconds: 10, reconnect_seconds: 2}
        memory: {sample_every_seconds: 1, warm_up_seconds: 2, max_growth_mb_per_minute: 1.5}
        """

    func error(_ yaml: String) -> ScenarioError? {
        do {
            _ = try ScenarioParser.parse(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func churnMemoryAndReloadWayAreRead() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.churn)
        #expect(scenario.reload == ReloadSchedule(everySeconds: 5, via: .alternate))
        #expect(scenario.churn == ChurnSchedule(
            logOut: .init(share: 0.02, everySeconds: 10, away: .uniform(min: 1, max: 5)),
            drop: .init(share: 0.01, everySeconds: 10, reconnect: .constant(2)),
            reconnectGraceSeconds: 3))
        #expect(scenario.memory == MemoryCheck(sampleEverySeconds: 1, warmUpSeconds: 2, maxGrowthMBPerMinute: 1.5))
    }

    @Test func theGraceGoesIntoTheServersConfiguration() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.churn)
        let config = try ConfigLoader.load(yaml: ServerConfigWriter.yaml(for: scenario), file: "generated.yaml")
        #expect(config.server.limits.agentReconnectGraceSeconds == 3)
    }

    @Test func mistakesAreNamedWithTheirField() {
        #expect(error(Self.churn.replacingOccurrences(of: "share: 0.01", with: "share: 1.5"))?.path == "churn.drop.share")
        #expect(error(Self.churn.replacingOccurrences(of: "via: alternate", with: "via: carrier-pigeon"))?.path == "reload.via")
        #expect(error(Self.churn.replacingOccurrences(of: "away_seconds", with: "away"))?.path == "churn.log_out.away")
        let empty = error(ScenarioParserTests.minimal + "\nchurn: {reconnect_grace_seconds: 3}")
        #expect(empty?.path == "churn")
        #expect(empty?.message.contains("log_out, drop, or both") == true)
        // Five seconds of arrivals leave no room for a slope after a 4 s warm-up with a sample every 1 s.
        let short = error(Self.churn.replacingOccurrences(of: "warm_up_seconds: 2", with: "warm_up_seconds: 4"))
        #expect(short?.path == "memory.warm_up_seconds")
    }
}
