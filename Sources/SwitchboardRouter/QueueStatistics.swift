/// Live counters of one queue, maintained incrementally by the router; reading them is O(1).
public struct QueueStatistics: Hashable, Sendable {
    /// Interactions waiting now (not counting those with a pending offer).
    public var waiting: Int = 0
    /// Original enqueue instant of the longest-waiting interaction, if any waits.
    public var oldestWaitingSince: Instant?
    /// Logged-in agents who can serve the queue and could take work now.
    public var availableAgents: Int = 0
    /// Logged-in agents who can serve the queue and hold offers, interactions or wrap-up.
    public var busyAgents: Int = 0
    /// Interactions that entered the queue (arrivals, overflows and transfers in).
    public var offered: Int = 0
    public var answered: Int = 0
    public var answeredWithinServiceLevel: Int = 0
    public var abandoned: Int = 0
    public var overflowed: Int = 0
    /// Interactions that left unanswered by the max-wait rule.
    public var ended: Int = 0
    public var completed: Int = 0
    /// Sum of waits of answered interactions, from their original enqueue.
    public var totalAnswerWait: Duration = .zero
    /// Sum of handling plus wrap-up time of completed interactions.
    public var totalHandleTime: Duration = .zero

    public init() {}

    /// How long the longest-waiting interaction has waited at `now`.
    public func longestWait(at now: Instant) -> Duration {
        oldestWaitingSince.map { now - $0 } ?? .zero
    }

    /// Average speed of answer (ASA).
    public var averageSpeedOfAnswer: Duration? {
        answered > 0 ? totalAnswerWait / answered : nil
    }

    /// Average handle time (AHT): handling plus wrap-up per completed interaction.
    public var averageHandleTime: Duration? {
        completed > 0 ? totalHandleTime / completed : nil
    }

    /// Share answered within the threshold among answered (Asterisk's SL definition).
    public var serviceLevel: Double? {
        answered > 0 ? Double(answeredWithinServiceLevel) / Double(answered) : nil
    }
}
