import Dispatch
import Synchronization
#if canImport(Glibc)
public import Glibc
#endif

/// Write end of the self-pipe the signal handler writes to (-1 before any ``SignalTrap``).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Unix signals, trapped from creation on: the handler (installed synchronously with `sigaction`)
/// writes the signal's number to a pipe, so a signal that arrives before anyone waits or iterates is
/// kept. A trapped signal no longer has its default action: SIGTERM asks for a graceful shutdown
/// instead of ending the process.
///
/// Two ways to read it: ``wait()`` returns once any signal arrived (a server's termination), and
/// ``signals`` delivers each one in order (a server that also reloads on SIGHUP).
///
/// Meant to live as long as the process; one per process (the last one created receives the
/// signals). The handlers stay installed after it is gone, so a late signal is still not fatal.
public final class SignalTrap: @unchecked Sendable {
    /// Every trapped signal's number, in arrival order, kept until read. For one reader.
    public let signals: AsyncStream<Int32>

    // `waiters` and `arrived` are touched only on `queue`.
    private let queue = DispatchQueue(label: "switchboard.signal-trap")
    private let source: any DispatchSourceRead
    private let continuation: AsyncStream<Int32>.Continuation
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var arrived = false

    /// Installs the handlers for `numbers`.
    public init(_ numbers: [Int32] = [SIGTERM, SIGINT]) {
        (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        let readEnd = ends[0]
        // Neither the handler nor the drain below may ever block.
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        signalPipeWriteEnd.store(ends[1], ordering: .sequentiallyConsistent)
        for number in numbers {
            var action = sigaction()
            // Signal numbers are below 65, so one byte carries the number.
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
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
            var received: [Int32] = []
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                guard count > 0 else { break }
                received += buffer[0..<count].map { Int32($0) }
            }
            self?.deliver(received)
        }
        source.resume()
    }

    deinit {
        // The pipe stays open: a late signal's write must not land on a reused descriptor.
        source.cancel()
        continuation.finish()
    }

    private func deliver(_ numbers: [Int32]) {
        guard !numbers.isEmpty else { return }
        for number in numbers { continuation.yield(number) }
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
