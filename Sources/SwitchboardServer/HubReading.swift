public import SwitchboardConfig
public import SwitchboardRouter

/// What `/metrics` reads from the routing owner at a scrape: the core's running totals, and the state
/// that is read where it lives rather than maintained per event (queues, agents, logged-in connections).
public struct HubReading: Sendable, Hashable {
    /// One configured queue.
    public struct Queue: Sendable, Hashable {
        public var name: String
        /// The router's live counters of the queue (kept across reloads while the queue exists).
        public var statistics: QueueStatistics
        /// How long its longest-waiting interaction has waited.
        public var longestWait: Duration
        /// The queue's `service_level_seconds`.
        public var serviceLevelThreshold: Duration
    }

    /// The core's totals (without latency samples: those go to their histograms after each step).
    public var tally: HubTally
    public var queues: [Queue] = []
    /// Rostered agents by the line supervisors see (``AgentLine/states``).
    public var agentsByState: [String: Int] = [:]
    /// Not-ready agents by reason, the reason mapped to a bounded label (``AgentLine/reasonLabel(_:)``).
    public var agentsNotReady: [String: Int] = [:]
    /// Logged-in connections by role.
    public var connectionsByRole: [Role: Int] = [:]

    public init(tally: HubTally) {
        self.tally = tally
    }
}

/// The bounded label values of the agent series.
public enum AgentLine {
    /// Every value of an agent's line (``WireMapping``'s: held work wins over the chosen state).
    public static let states = ["available", "not_ready", "busy", "reserved", "wrap_up", "offline"]

    /// Not-ready reasons given their own label: the ones the server sets itself (`login` at login,
    /// `no_answer` after a missed offer, `recovery` from the wellbeing guard, `supervisor` and
    /// `not_ready` when a change names none) and the usual breaks. Reasons are free text chosen by
    /// clients, so any other is counted as `other` (a label per reason would let clients grow the
    /// series without bound).
    public static let knownReasons = [AgentSettings.loginReason, AgentState.noAnswerReason, HubCore.recoveryReason, "supervisor", "not_ready",
                                      "break", "lunch", "meeting", "training", "coaching", "personal"]

    /// The label of a not-ready reason.
    public static func reasonLabel(_ reason: String?) -> String {
        guard let reason, knownReasons.contains(reason) else { return "other" }
        return reason
    }
}
