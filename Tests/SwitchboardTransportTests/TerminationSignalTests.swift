import Testing
@testable import SwitchboardTransport
#if canImport(Glibc)
import Glibc
#endif

/// SIGUSR2 stands in for SIGTERM, so the test process keeps its own SIGTERM behaviour. Signals go
/// to the process (`kill`), not the calling thread: pool threads block signals.
@Suite(.serialized) struct TerminationSignalTests {
    @Test func waitReturnsForASignalThatArrivedBeforeIt() async {
        let signal = TerminationSignal(signals: [SIGUSR2])
        kill(getpid(), SIGUSR2)
        await signal.wait()
        // A second waiter after the signal returns at once too.
        await signal.wait()
    }

    @Test func trapReleasedRightAfterWaitReturnsIsSafe() async throws {
        // The server shuts down and drops the trap as soon as `wait()` returns, while the signal's
        // handler may still be running on its queue: it must not touch a released trap (that raced
        // and crashed the echo server on SIGTERM under load).
        for _ in 0..<300 {
            let signal = TerminationSignal(signals: [SIGUSR2])
            kill(getpid(), SIGUSR2)
            await signal.wait()
        }
        // Late signals reach released traps' sources harmlessly; a new trap still gets them.
        for _ in 0..<3 {
            kill(getpid(), SIGUSR2)
            try await Task.sleep(for: .milliseconds(50))
        }
        let next = TerminationSignal(signals: [SIGUSR2])
        kill(getpid(), SIGUSR2)
        await next.wait()
    }
}
