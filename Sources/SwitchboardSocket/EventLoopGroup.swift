public import Logging
import Synchronization
internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of ``EventLoop`` threads; connections are spread over them round-robin.
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let cursor = Atomic<Int>(0)

    /// Starts `threads` loops (default: one per core). Raises `RLIMIT_NOFILE` to its hard limit
    /// (best effort; see ``ResourceLimits/raiseOpenFileLimit()``) and ignores `SIGPIPE` (OpenSSL
    /// writes with plain `write(2)`).
    public init(threads: Int? = nil, logger: Logger) throws(SocketError) {
        let count = max(1, threads ?? EventLoopGroup.coreCount)
        _ = try? ResourceLimits.raiseOpenFileLimit()
        sb_ignore_sigpipe()
        var loops: [EventLoop] = []
        for index in 0..<count {
            loops.append(try EventLoop(index: index, logger: logger))
        }
        self.loops = loops
        for loop in loops { loop.start() }
    }

    /// The number of online processors.
    public static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The next loop in round-robin order.
    public func next() -> EventLoop {
        let value = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[value % loops.count]
    }

    /// Closes every connection and listener on every loop and stops the threads.
    public func shutdown() async {
        for loop in loops {
            await loop.shutdown()
        }
    }
}
