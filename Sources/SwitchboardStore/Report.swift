/// KPIs for a period, computed from the event log.
///
/// Definitions (every count is of log events whose instant lies in the period):
/// - **offered**: times an interaction entered the queue: `enqueued`, plus `transferred` and
///   `overflowed` into it. (Not to be confused with offers to agents.)
/// - **answered**: `accepted` events in the queue that answered a waiting interaction (a late
///   duplicate accept counts nowhere).
/// - **abandoned**: `cancelled`/`abandoned` events of interactions that were still waiting.
///   Interactions closed by the queue's rules (`ended`) count as offered only.
/// - **service level** = answered within the queue's threshold / answered × 100 (Asterisk's SL;
///   abandons count on neither side). The wait is measured from the original enqueue instant (kept
///   across overflow), or from the transfer or re-queue for a contact answered a second time.
/// - **ASA**: mean of those waits over answered.
/// - **handled / AHT**: `wrap_up_ended` events of interactions (talk + wrap-up of one agent's handling);
///   AHT is their mean duration.
/// - **demanding handled**: those of an agent's handled contacts that are demanding: the server marked
///   the interaction so at enqueue (`wellbeing.demanding` queues and attributes; the `demanding` column),
///   or its disposition is one of the query's ``ReportQuery/demandingDispositions``.
/// - **longest streak**: the agent's longest run of demanding handled contacts in a row, in the order
///   the log has them; an ordinary handled contact ends a run. Only the period's contacts count: a run
///   that began before it counts from the period's first contact.
/// - **occupancy** = handling / (handling + available idle) × 100, from the agent's `agent_state`
///   timeline clipped to the period: `active`, `busy` and `wrap_up` count as handling; `available` and
///   `reserved` as available idle; `not_ready` time is summed per reason; `offline` and logged-out time
///   count as neither. Agent time is not split by queue.
/// - **alerts**: alerts raised in the period, and alerts raised before it that were still raised at its
///   end, oldest raise first, as their rows are now (a later clear or acknowledgement shows). A report
///   of one queue leaves out alerts whose subject names another queue (`"queue"`).
public struct Report: Sendable, Hashable, Codable {
    public var from: Int64
    public var to: Int64
    public var queue: String?
    public var queues: [QueueReport]
    public var agents: [AgentReport]
    public var alerts: [AlertRow]

    public init(from: Int64, to: Int64, queue: String?, queues: [QueueReport], agents: [AgentReport], alerts: [AlertRow] = []) {
        self.from = from
        self.to = to
        self.queue = queue
        self.queues = queues
        self.agents = agents
        self.alerts = alerts
    }
}

/// One queue's KPIs; see ``Report`` for the definitions.
public struct QueueReport: Sendable, Hashable, Codable {
    public var queue: String
    public var offered: Int
    public var answered: Int
    public var abandoned: Int
    public var answeredWithinThreshold: Int
    public var serviceLevelThresholdMs: Int64
    /// `nil` when nothing was answered.
    public var serviceLevelPercent: Double?
    public var averageSpeedOfAnswerMs: Double?
    public var handled: Int
    public var averageHandleTimeMs: Double?

    public init(
        queue: String, offered: Int, answered: Int, abandoned: Int, answeredWithinThreshold: Int,
        serviceLevelThresholdMs: Int64, serviceLevelPercent: Double?, averageSpeedOfAnswerMs: Double?,
        handled: Int, averageHandleTimeMs: Double?
    ) {
        self.queue = queue
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
        self.answeredWithinThreshold = answeredWithinThreshold
        self.serviceLevelThresholdMs = serviceLevelThresholdMs
        self.serviceLevelPercent = serviceLevelPercent
        self.averageSpeedOfAnswerMs = averageSpeedOfAnswerMs
        self.handled = handled
        self.averageHandleTimeMs = averageHandleTimeMs
    }
}

/// One agent's KPIs; see ``Report`` for the definitions.
public struct AgentReport: Sendable, Hashable, Codable {
    public var agentId: String
    public var handled: Int
    /// Handled contacts that were demanding work.
    public var demandingHandled: Int
    /// The most demanding contacts handled in a row.
    public var longestDemandingStreak: Int
    public var averageHandleTimeMs: Double?
    public var handlingMs: Int64
    public var availableMs: Int64
    /// `nil` when the agent was neither handling nor available.
    public var occupancyPercent: Double?
    /// Not-ready time per reason (`unspecified` when the agent gave none).
    public var notReadyMs: [String: Int64]

    public init(
        agentId: String, handled: Int, demandingHandled: Int = 0, longestDemandingStreak: Int = 0, averageHandleTimeMs: Double?,
        handlingMs: Int64, availableMs: Int64, occupancyPercent: Double?, notReadyMs: [String: Int64]
    ) {
        self.agentId = agentId
        self.handled = handled
        self.demandingHandled = demandingHandled
        self.longestDemandingStreak = longestDemandingStreak
        self.averageHandleTimeMs = averageHandleTimeMs
        self.handlingMs = handlingMs
        self.availableMs = availableMs
        self.occupancyPercent = occupancyPercent
        self.notReadyMs = notReadyMs
    }
}
