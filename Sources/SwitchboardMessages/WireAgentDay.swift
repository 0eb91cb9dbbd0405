/// An agent's day so far, in a supervisor's `stats` (`agents` topic): what the wellbeing guard sees.
public struct WireAgentDay: Sendable, Equatable {
    /// Contacts finished today, and how many of them were demanding.
    public var handled: Int
    public var demandingHandled: Int
    /// Demanding contacts in a row now, and the longest such run today.
    public var streak: Int
    public var longestStreak: Int
    /// Demanding contacts finished in the last hour.
    public var demandingLastHour: Int
    /// Busy share of logged-in time today, 0–1; nil before any logged-in time.
    public var occupancy: Double?
    /// Average handle time today; nil before the first contact.
    public var averageHandleMs: Int?
    /// Time not ready today, by reason.
    public var notReadyMs: [(reason: String, ms: Int)]
    /// Shielded from demanding work until this instant (wall-clock ms); nil when not cooling down.
    public var coolDownUntilMs: Int?

    public init(handled: Int = 0, demandingHandled: Int = 0, streak: Int = 0, longestStreak: Int = 0, demandingLastHour: Int = 0,
                occupancy: Double? = nil, averageHandleMs: Int? = nil, notReadyMs: [(reason: String, ms: Int)] = [], coolDownUntilMs: Int? = nil) {
        self.handled = handled
        self.demandingHandled = demandingHandled
        self.streak = streak
        self.longestStreak = longestStreak
        self.demandingLastHour = demandingLastHour
        self.occupancy = occupancy
        self.averageHandleMs = averageHandleMs
        self.notReadyMs = notReadyMs
        self.coolDownUntilMs = coolDownUntilMs
    }

    public static func == (lhs: WireAgentDay, rhs: WireAgentDay) -> Bool {
        lhs.handled == rhs.handled && lhs.demandingHandled == rhs.demandingHandled && lhs.streak == rhs.streak
            && lhs.longestStreak == rhs.longestStreak && lhs.demandingLastHour == rhs.demandingLastHour && lhs.occupancy == rhs.occupancy
            && lhs.averageHandleMs == rhs.averageHandleMs && lhs.coolDownUntilMs == rhs.coolDownUntilMs
            && lhs.notReadyMs.map(\.reason) == rhs.notReadyMs.map(\.reason) && lhs.notReadyMs.map(\.ms) == rhs.notReadyMs.map(\.ms)
    }
}
