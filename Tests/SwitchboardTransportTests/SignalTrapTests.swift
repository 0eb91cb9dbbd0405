import Testing
@testable import SwitchboardTransport
#if canImport(Glibc)
import Glibc
#endif

/// SIGUSR1 and SIGUSR2 stand in for SIGHUP and SIGTERM, so the test process keeps its own behaviour
/// for those. Signals go to the process (`kill`), not the calling thread: pool threads block signals.
@Suite(.serialized) struct SignalTrapTests {
    @Test func waitReturnsForASignalThatArrivedBeforeIt() async {
        let signal = SignalTrap([SIGUSR2])
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
            let signal = SignalTrap([SIGUSR2])
            kill(getpid(), SIGUSR2)
            await signal.wait()
        }
        // Late signals reach released traps' sources harmlessly; a new trap still gets them.
        for _ in 0..<3 {
            kill(getpid(), SIGUSR2)
            try await Task.sleep(for: .milliseconds(50))
        }
        let next = SignalTrap([SIGUSR2])
        kill(getpid(), SIGUSR2)
        await next.wait()
    }

    @Test func signalsArriveOneByOneWithTheirNumbers() async {
        // As the server reads it: SIGHUP (here SIGUSR1) reloads and the loop goes on; SIGTERM (here
        // SIGUSR2) ends it. One signal is sent before anyone reads: it must be kept.
        let trap = SignalTrap([SIGUSR1, SIGUSR2])
        kill(getpid(), SIGUSR1)
        var received = trap.signals.makeAsyncIterator()
        #expect(await received.next() == SIGUSR1)
        kill(getpid(), SIGUSR1)
        #expect(await received.next() == SIGUSR1)
        kill(getpid(), SIGUSR2)
        #expect(await received.next() == SIGUSR2)
        // The same signals also release `wait()`.
        await trap.wait()
    }
}
