/// Lets a repeated event through to the log at most once per interval, with the number of events
/// since the last line, so an attack that repeats an event thousands of times a second costs a
/// line a second. Not thread-safe: each owner (a listener on its loop) keeps its own.
struct LogThrottle {
    private let intervalNanos: UInt64
    private var lastLogged: UInt64?
    private var suppressed = 0

    init(interval: Duration = .seconds(1)) {
        let (seconds, attoseconds) = interval.components
        intervalNanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000))
    }

    /// Counts one event at `now` (monotonic nanoseconds); returns the count to log, or nil to stay quiet.
    mutating func record(now: UInt64) -> Int? {
        suppressed += 1
        if let lastLogged, now &- lastLogged < intervalNanos { return nil }
        lastLogged = now
        defer { suppressed = 0 }
        return suppressed
    }
}
