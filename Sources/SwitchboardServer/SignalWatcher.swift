import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Delivers Unix signals as an async sequence (SIGHUP for reload, SIGTERM/SIGINT for shutdown).
///
/// The signals' default actions are disabled while watched, so SIGTERM no longer kills the process
/// but asks it to shut down gracefully.
///
/// `@unchecked Sendable`: the sources are set once in `init`, and cancelling a dispatch source is
/// thread-safe.
public final class SignalWatcher: @unchecked Sendable {
    /// One element per signal received.
    public let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]
    private let queue = DispatchQueue(label: "switchboard.signals")

    public init(_ numbers: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        var sources: [any DispatchSourceSignal] = []
        for number in numbers {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Stops watching and restores the default actions.
    public func cancel() {
        for source in sources {
            source.cancel()
        }
    }
}
