import Synchronization

/// A token bucket per connection, with no I/O and the time passed in: `burst` messages at once, then
/// `perSecond` on average. A client over the rate has its messages refused (`limit_exceeded`, nothing
/// done); one that keeps sending regardless — `burst` further refusals without the bucket refilling a
/// single message — is disconnected.
public struct MessageRateLimiter: Sendable {

    public enum Verdict: Sendable, Equatable {
        /// Handle the message.
        case allow
        /// Answer `limit_exceeded` and drop the message.
        case refuse
        /// Close the connection.
        case disconnect
    }

    public let perSecond: Double
    public let burst: Double
    /// The configuration key of the rate, for error messages.
    public let key: String
    private var tokens: Double
    private var last: ContinuousClock.Instant
    /// Messages refused since the bucket last held a token.
    private var refusedInARow = 0

    public init(perSecond: Double, burst: Int, key: String = "server.limits.messages_per_second", now: ContinuousClock.Instant) {
        self.perSecond = perSecond
        self.key = key
        self.burst = Double(max(1, burst))
        tokens = self.burst
        last = now
    }

    /// One message arrived at `now`.
    public mutating func admit(now: ContinuousClock.Instant) -> Verdict {
        let elapsed = now - last
        if elapsed > .zero {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            tokens = min(burst, tokens + seconds * perSecond)
            last = now
        }
        if tokens >= 1 {
            tokens -= 1
            refusedInARow = 0
            return .allow
        }
        refusedInARow += 1
        return Double(refusedInARow) > burst ? .disconnect : .refuse
    }

    /// What a refusal says.
    public var refusal: String {
        let rate = perSecond == perSecond.rounded() ? String(Int(perSecond)) : String(perSecond)
        return "more than \(rate) messages per second (\(key)); this message was not handled"
    }
}

/// A connection's rate limiter, shared by the thread that receives its frames and its session's task
/// (which swaps in a source's limits once the connection logs in as one).
final class ConnectionRate: Sendable {
    private let limiter: Mutex<MessageRateLimiter>

    init(_ limiter: MessageRateLimiter) {
        self.limiter = Mutex(limiter)
    }

    /// One message arrived now; returns the verdict and, unless allowed, what to tell the client.
    func admit() -> (MessageRateLimiter.Verdict, String) {
        limiter.withLock { limiter in
            let verdict = limiter.admit(now: .now)
            return (verdict, verdict == .allow ? "" : limiter.refusal)
        }
    }

    func replace(with new: MessageRateLimiter) {
        limiter.withLock { $0 = new }
    }
}
