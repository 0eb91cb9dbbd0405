/// One customer tier's interactions in a run (the mix entries' `tier`): how many arrived, how many were
/// answered and how long they waited, and which agent groups answered them, so that a reader sees
/// whether the groups dedicated to the tier took its work.
public struct TierCounts: Sendable, Equatable, Codable {
    /// The tier; nil for the interactions sent without one (to compare with).
    public var tier: String?
    /// Interactions of the tier the server accepted.
    public var offered = 0
    /// Of those, assigned to an agent (the source's first `assigned`).
    public var answered = 0
    /// Enqueue → assigned, summed and at worst, in seconds; the mean over the answered ones.
    public var totalWaitSeconds = 0.0
    public var maxWaitSeconds = 0.0
    public var meanWaitSeconds: Double?
    /// Answered within the scenario's `service_level_seconds`.
    public var answeredWithinServiceLevel = 0
    /// Answered interactions per agent group of the agent that took them.
    public var answeredByGroup: [String: Int] = [:]

    public init(tier: String?) {
        self.tier = tier
    }

    /// Answered within the service level ÷ answered; nil before the first answer.
    public var serviceLevel: Double? { answered > 0 ? Double(answeredWithinServiceLevel) / Double(answered) : nil }

    /// An interaction of the tier was assigned after `wait` seconds to an agent of `group`.
    mutating func answered(wait: Double, group: String, withinServiceLevel: Bool) {
        answered += 1
        totalWaitSeconds += wait
        maxWaitSeconds = max(maxWaitSeconds, wait)
        meanWaitSeconds = totalWaitSeconds / Double(answered)
        if withinServiceLevel { answeredWithinServiceLevel += 1 }
        answeredByGroup[group, default: 0] += 1
    }
}
