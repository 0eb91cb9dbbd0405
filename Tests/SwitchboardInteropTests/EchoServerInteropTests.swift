import Foundation
import SwitchboardTesting
import Testing

/// Clients nobody on the project wrote (Python's `websockets`, Autobahn|Testsuite) against
/// `switchboard-echo`. Serialized: each suite starts its own servers and loads the machine.
@Suite(.serialized)
struct EchoServerInteropTests {
    @Test func pythonWebSocketsClientPassesEveryCheckAgainstTheEchoServer() async throws {
        let echo = try await InteropEnvironment.prepared()
        let suite = InteropEnvironment.scripts.appendingPathComponent("ws_client_suite.py").path
        let run = try await ScriptRun.run([InteropEnvironment.python3, suite, echo], timeLimit: .seconds(300))
        let passedEveryCheck = run.succeeded && run.output.contains(" passed, 0 failed")
        #expect(passedEveryCheck, "\(run.report)")
    }

    @Test func autobahnFuzzingClientFindsNoFailedCaseAgainstTheEchoServer() async throws {
        let echo = try await InteropEnvironment.prepared()
        let script = InteropEnvironment.scripts.appendingPathComponent("autobahn.sh").path
        // wstest stops itself first, so a hang still yields the script's report of where it was.
        let wstestLimit = ProcessInfo.processInfo.environment["AUTOBAHN_TIMEOUT"] ?? "480"
        let run = try await ScriptRun.run(
            ["/bin/bash", script, echo],
            environment: ["AUTOBAHN_TIMEOUT": wstestLimit],
            timeLimit: .seconds((Int(wstestLimit) ?? 480) + 60)
        )
        let passedEveryCheck = run.succeeded && run.output.contains(" passed, 0 failed")
        #expect(passedEveryCheck, "\(run.report)")
    }
}
