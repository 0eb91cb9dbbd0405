/// Failed `hello`s per client address, with no I/O and the time passed in: the first few failures
/// are answered at once, further ones after a delay that doubles each time, and an address that keeps
/// failing is locked out for a while (every `hello` from it refused without looking at the token).
///
/// Guessing tokens is then slow from one address, and costs other clients nothing: the delay is
/// served by the failing connection's own session, never by a shared thread.
public struct LoginThrottle: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Failures answered without delay.
        public var freeFailures: Int
        /// The delay after the first failure past the free ones; it doubles with each further one…
        public var firstDelay: Duration
        /// …up to this.
        public var maxDelay: Duration
        /// Failures (within `window`) that lock the address out.
        public var failuresBeforeLockout: Int
        /// How long a lockout lasts.
        public var lockout: Duration
        /// Failures older than this are forgotten.
        public var window: Duration
        /// Addresses remembered at most (memory stays bounded whatever the number of attackers); past
        /// it, addresses whose last failure is oldest are forgotten first.
        public var maxAddresses: Int

        public init(freeFailures: Int = 3, firstDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(5),
                    failuresBeforeLockout: Int = 20, lockout: Duration = .seconds(300), window: Duration = .seconds(600),
                    maxAddresses: Int = 10_000) {
            self.freeFailures = freeFailures
            self.firstDelay = firstDelay
            self.maxDelay = maxDelay
            self.failuresBeforeLockout = failuresBeforeLockout
            self.lockout = lockout
            self.window = window
            self.maxAddresses = maxAddresses
        }
    }

    /// What to do with a `hello` from an address.
    public enum Admission: Sendable, Equatable {
        /// Check its token.
        case check
        /// Refuse it unchecked; the lockout ends after `remaining`.
        case lockedOut(remaining: Duration)
    }

    /// What a failure costs.
    public struct Penalty: Sendable, Equatable {
        /// Wait this long before answering the refusal.
        public var delay: Duration
        /// This failure locked the address out.
        public var lockedOut: Bool
    }

    struct Entry {
        var failures: Int
        var lastFailure: ContinuousClock.Instant
        var lockedUntil: ContinuousClock.Instant?
    }

    public var settings: Settings
    private var entries: [String: Entry] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Addresses remembered now.
    public var count: Int { entries.count }

    /// Whether a `hello` from `address` is checked at all.
    public mutating func admit(_ address: String, now: ContinuousClock.Instant) -> Admission {
        guard var entry = entries[address] else { return .check }
        if let until = entry.lockedUntil {
            if now < until { return .lockedOut(remaining: until - now) }
            // The lockout is over: start afresh.
            entries[address] = nil
            return .check
        }
        if now - entry.lastFailure > settings.window {
            entry.failures = 0
            entries[address] = entry
        }
        return .check
    }

    /// A `hello` from `address` named an unknown token.
    public mutating func failed(_ address: String, now: ContinuousClock.Instant) -> Penalty {
        var entry = entries[address] ?? Entry(failures: 0, lastFailure: now, lockedUntil: nil)
        if now - entry.lastFailure > settings.window { entry.failures = 0 }
        entry.failures += 1
        entry.lastFailure = now
        var penalty = Penalty(delay: .zero, lockedOut: false)
        if entry.failures >= settings.failuresBeforeLockout {
            entry.lockedUntil = now + settings.lockout
            penalty.lockedOut = true
        }
        let beyond = entry.failures - settings.freeFailures
        if beyond > 0 {
            var delay = settings.firstDelay
            for _ in 1..<min(beyond, 32) where delay < settings.maxDelay { delay *= 2 }
            penalty.delay = min(delay, settings.maxDelay)
        }
        if entries[address] == nil && entries.count >= settings.maxAddresses { evict(now: now) }
        entries[address] = entry
        return penalty
    }

    /// A `hello` from `address` authenticated: its failures are forgiven.
    public mutating func succeeded(_ address: String) {
        if let entry = entries[address], entry.lockedUntil == nil { entries[address] = nil }
    }

    /// Makes room: forgets what expired, then the addresses whose last failure is oldest.
    private mutating func evict(now: ContinuousClock.Instant) {
        entries = entries.filter { _, entry in
            if let until = entry.lockedUntil { return now < until }
            return now - entry.lastFailure <= settings.window
        }
        let excess = entries.count - settings.maxAddresses + 1
        guard excess > 0 else { return }
        let oldest = entries.sorted { $0.value.lastFailure < $1.value.lastFailure }.prefix(excess)
        for (address, _) in oldest { entries[address] = nil }
    }
}

