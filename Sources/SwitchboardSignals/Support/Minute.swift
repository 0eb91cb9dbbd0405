/// The one-minute buckets the rolling counts are kept in.
enum Minute {
    static let milliseconds: Int64 = 60_000

    /// The bucket holding instant `ms` (floor division, so instants before the epoch stay in order).
    @inline(__always)
    static func bucket(_ ms: Int64) -> Int64 {
        ms >= 0 ? ms / milliseconds : -((-ms + milliseconds - 1) / milliseconds)
    }

    /// The first instant of bucket `bucket`.
    @inline(__always)
    static func start(of bucket: Int64) -> Int64 { bucket &* milliseconds }

    /// How many buckets a window of `windowMs` spans: whole minutes, rounded up, at least one.
    static func buckets(in windowMs: Int64) -> Int64 {
        max(1, (max(0, windowMs) + milliseconds - 1) / milliseconds)
    }
}
