import CSwitchboardLinux
public import SwitchboardRouter

/// The server's two clocks, read only at the edge: a monotonic one for routing (``Instant``s and
/// timers) and the wall clock for the `at`/`serverTime` fields clients see.
public struct ServerClock: Sendable {
    /// The monotonic origin: ``Instant`` zero.
    public let origin: ContinuousClock.Instant

    public init() {
        origin = .now
    }

    /// The current monotonic instant.
    public func now() -> Instant {
        Instant(nanoseconds: Self.nanoseconds(ContinuousClock.now - origin))
    }

    /// The continuous-clock instant of a routing instant, for sleeping until it.
    public func continuousInstant(_ instant: Instant) -> ContinuousClock.Instant {
        origin + .nanoseconds(instant.nanoseconds)
    }

    /// Wall-clock milliseconds since the Unix epoch.
    public func wallMilliseconds() -> Int {
        Int(sb_wall_milliseconds())
    }

    /// Whole nanoseconds of a duration, clamped to `Int64`.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }

    /// Whole milliseconds of a duration, clamped to `Int`.
    static func milliseconds(_ duration: Duration) -> Int {
        Int(nanoseconds(duration) / 1_000_000)
    }
}
