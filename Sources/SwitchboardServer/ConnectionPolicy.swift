import Synchronization
public import SwitchboardConfig

/// The limits every session of a server applies, shared by all of them: the message rate each new
/// connection gets, the per-address login throttle, and counts of what they refused (for `/metrics`).
/// A reload swaps the limits; connections already open keep the rate they started with.
public final class ConnectionPolicy: Sendable {
    /// Refusals counted since start.
    public struct Counts: Sendable, Hashable {
        public var failedLogins = 0
        public var lockouts = 0
        public var lockedOutLogins = 0
        public var rateLimitedMessages = 0
        public var rateDisconnects = 0
    }

    private struct State {
        var limits: ServerLimits
        var throttle: LoginThrottle
        var counts = Counts()
    }

    private let state: Mutex<State>

    public init(limits: ServerLimits) {
        state = Mutex(State(limits: limits, throttle: LoginThrottle(settings: Self.throttleSettings(limits))))
    }

    static func throttleSettings(_ limits: ServerLimits) -> LoginThrottle.Settings {
        LoginThrottle.Settings(failuresBeforeLockout: limits.failedLoginsBeforeLockout, lockout: .seconds(limits.loginLockoutSeconds))
    }

    /// Takes the limits of a reloaded configuration.
    public func update(_ limits: ServerLimits) {
        state.withLock {
            $0.limits = limits
            $0.throttle.settings = Self.throttleSettings(limits)
        }
    }

    /// A rate limiter, full: for a new connection (`source: false`), or for one that just logged in
    /// as a source.
    public func makeRateLimiter(source: Bool = false) -> MessageRateLimiter {
        let limits = state.withLock { $0.limits }
        return source
            ? MessageRateLimiter(perSecond: limits.sourceMessagesPerSecond, burst: limits.sourceMessageBurst,
                                 key: "server.limits.source_messages_per_second", now: .now)
            : MessageRateLimiter(perSecond: limits.messagesPerSecond, burst: limits.messageBurst, now: .now)
    }

    /// Whether a `hello` from `address` is checked at all.
    public func admitLogin(from address: String) -> LoginThrottle.Admission {
        state.withLock {
            let admission = $0.throttle.admit(address, now: .now)
            if case .lockedOut = admission { $0.counts.lockedOutLogins += 1 }
            return admission
        }
    }

    /// A `hello` from `address` failed; returns what it costs.
    public func loginFailed(from address: String) -> LoginThrottle.Penalty {
        state.withLock {
            let penalty = $0.throttle.failed(address, now: .now)
            $0.counts.failedLogins += 1
            if penalty.lockedOut { $0.counts.lockouts += 1 }
            return penalty
        }
    }

    /// A `hello` from `address` authenticated.
    public func loginSucceeded(from address: String) {
        state.withLock { $0.throttle.succeeded(address) }
    }

    func countRateLimited(disconnected: Bool) {
        state.withLock {
            if disconnected { $0.counts.rateDisconnects += 1 } else { $0.counts.rateLimitedMessages += 1 }
        }
    }

    public var counts: Counts { state.withLock { $0.counts } }

    /// This policy's part of `GET /metrics`, in the Prometheus text format.
    public var metricsText: String {
        let counts = self.counts
        return """
            # HELP switchboard_login_failures_total hello messages refused for an unknown token.
            # TYPE switchboard_login_failures_total counter
            switchboard_login_failures_total \(counts.failedLogins)
            # HELP switchboard_login_lockouts_total Client addresses locked out after too many failed logins.
            # TYPE switchboard_login_lockouts_total counter
            switchboard_login_lockouts_total \(counts.lockouts)
            # HELP switchboard_login_locked_out_total hello messages refused unchecked from a locked-out address.
            # TYPE switchboard_login_locked_out_total counter
            switchboard_login_locked_out_total \(counts.lockedOutLogins)
            # HELP switchboard_rate_limited_messages_total Messages refused for exceeding the connection's message rate.
            # TYPE switchboard_rate_limited_messages_total counter
            switchboard_rate_limited_messages_total \(counts.rateLimitedMessages)
            # HELP switchboard_rate_limit_disconnects_total Connections closed for sending on far beyond their message rate.
            # TYPE switchboard_rate_limit_disconnects_total counter
            switchboard_rate_limit_disconnects_total \(counts.rateDisconnects)

            """
    }
}
