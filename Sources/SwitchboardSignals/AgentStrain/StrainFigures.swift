public import SwitchboardRouter

/// Where one agent stands at an instant: its load now (what strain is judged on) and its figures for
/// today (since the day start the caller gave). Time is split in four: busy (holding work, whatever the
/// chosen state), and when free, available, not ready (per reason) or offline; logged-in time is all but
/// the last.
public struct StrainFigures: Sendable, Hashable {
    public var agent: AgentID
    /// The instant these figures are for.
    public var at: Int64

    // MARK: Now

    /// Demanding contacts in a row (since the last non-demanding one).
    public var streak: Int
    /// Demanding contacts finished in the rolling hour (this minute and the 59 before it).
    public var demandingLastHour: Int
    /// Busy time in the rolling hour.
    public var busyLastHourMs: Int64
    /// Logged-in time in the rolling hour.
    public var loggedInLastHourMs: Int64
    /// How long the agent has worked without a break (short gaps between contacts included; 0 after a break).
    public var continuousBusyMs: Int64
    /// When the running cool-down ends; nil when none runs.
    public var coolDownUntil: Int64?

    // MARK: Today

    /// The start of today (local midnight, as the caller gave it).
    public var dayStart: Int64
    /// Contacts finished today.
    public var handledToday: Int
    /// …of which demanding (flagged, or by disposition).
    public var demandingHandledToday: Int
    /// The most demanding contacts in a row today.
    public var longestStreakToday: Int
    /// Handle time (as the caller measured it, wrap-up included) of the contacts finished today.
    public var handleTodayMs: Int64
    public var busyTodayMs: Int64
    public var loggedInTodayMs: Int64
    /// Time free in each not-ready state today, by reason.
    public var notReadyTodayMs: [String: Int64]

    public init(
        agent: AgentID, at: Int64, streak: Int = 0, demandingLastHour: Int = 0, busyLastHourMs: Int64 = 0, loggedInLastHourMs: Int64 = 0,
        continuousBusyMs: Int64 = 0, coolDownUntil: Int64? = nil, dayStart: Int64 = 0, handledToday: Int = 0, demandingHandledToday: Int = 0,
        longestStreakToday: Int = 0, handleTodayMs: Int64 = 0, busyTodayMs: Int64 = 0, loggedInTodayMs: Int64 = 0,
        notReadyTodayMs: [String: Int64] = [:]
    ) {
        self.agent = agent
        self.at = at
        self.streak = streak
        self.demandingLastHour = demandingLastHour
        self.busyLastHourMs = busyLastHourMs
        self.loggedInLastHourMs = loggedInLastHourMs
        self.continuousBusyMs = continuousBusyMs
        self.coolDownUntil = coolDownUntil
        self.dayStart = dayStart
        self.handledToday = handledToday
        self.demandingHandledToday = demandingHandledToday
        self.longestStreakToday = longestStreakToday
        self.handleTodayMs = handleTodayMs
        self.busyTodayMs = busyTodayMs
        self.loggedInTodayMs = loggedInTodayMs
        self.notReadyTodayMs = notReadyTodayMs
    }

    /// Busy / logged-in time over the rolling hour; nil without logged-in time in it.
    public var occupancyLastHour: Double? {
        loggedInLastHourMs > 0 ? Double(busyLastHourMs) / Double(loggedInLastHourMs) : nil
    }

    /// Busy / logged-in time today; nil without logged-in time today.
    public var occupancyToday: Double? {
        loggedInTodayMs > 0 ? Double(busyTodayMs) / Double(loggedInTodayMs) : nil
    }

    /// Average handle time of the contacts finished today; nil when none was.
    public var averageHandleMs: Double? {
        handledToday > 0 ? Double(handleTodayMs) / Double(handledToday) : nil
    }
}
