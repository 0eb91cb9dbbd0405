import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Write end of the self-pipe the signal handler writes to (-1 before any ``TerminationSignal``).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Termination signals (SIGTERM and SIGINT by default), trapped from creation on: the handler
/// (installed synchronously with `sigaction`) writes a byte to a pipe, so a signal that arrives
/// before anyone waits is kept. Meant to live as long as the process; one per process (the last
/// one created receives the signals). The handlers stay installed after it is gone.
public final class TerminationSignal: @unchecked Sendable {
    // `waiters` and `arrived` are touched only on `queue`.
    private let queue = DispatchQueue(label: "switchboard.termination-signal")
    private let source: any DispatchSourceRead
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var arrived = false

    /// Installs the handlers for `signals`.
    public init(signals: [Int32] = [SIGTERM, SIGINT]) {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        let readEnd = ends[0]
        // Neither the handler nor the drain below may ever block.
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        signalPipeWriteEnd.store(ends[1], ordering: .sequentiallyConsistent)
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(signalPipeWriteEnd.load(ordering: .relaxed), &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        // The handler may run after this object is gone (a signal during shutdown): it captures
        // `self` weakly, and it drains the pipe, since a readable pipe fires the source again and again.
        source.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 64)
            while read(readEnd, &buffer, buffer.count) > 0 {}
            self?.signalArrived()
        }
        source.resume()
    }

    deinit {
        // The pipe stays open: a late signal's write must not land on a reused descriptor.
        source.cancel()
    }

    private func signalArrived() {
        arrived = true
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume() }
    }

    /// Returns once one of the signals has arrived (possibly before this call).
    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if self.arrived {
                    continuation.resume()
                } else {
                    self.waiters.append(continuation)
                }
            }
        }
    }
}
