/// How `AgentStrain` judges an agent's load (the `wellbeing` keys). A limit of 0 (a ceiling of 1 for
/// occupancy) turns its check off.
public struct StrainSettings: Sendable, Hashable {
    /// K: this many demanding contacts in a row start a cool-down (0: off).
    public var streak: Int
    /// How long a cool-down lasts (0: the streak is reported, but no cool-down starts).
    public var coolDownMs: Int64
    /// A not-ready pause the agent is offered when a streak starts a cool-down (0: off).
    public var recoveryPauseMs: Int64
    /// Strain once the share of logged-in time spent busy over the rolling hour is above this (1: off).
    public var occupancyCeiling: Double
    /// …and cleared once it is below `occupancyCeiling − occupancyClearMargin`.
    public var occupancyClearMargin: Double
    /// No occupancy verdict on less logged-in time than this in the hour: an agent just logged in and
    /// busy at once is not strained.
    public var occupancyMinimumLoggedInMs: Int64
    /// Strain beyond this many demanding contacts finished in the rolling hour, cleared below it (0: off).
    public var demandingPerHourLimit: Int
    /// Strain once the agent has worked this long without a break, cleared at its next break (0: off).
    public var continuousBusyLimitMs: Int64
    /// A free spell this long is a break: it ends a run of continuous busy time. Shorter gaps (the
    /// seconds between one call and the next) do not (0: any free moment is a break).
    public var minimumBreakMs: Int64
    /// Dispositions that make a contact demanding after the fact (an `escalated` call, say).
    public var demandingDispositions: Set<String>

    /// - Parameters:
    ///   - streak: K (3 by default); 0 turns streaks off.
    ///   - coolDownMs: 15 minutes by default.
    ///   - recoveryPauseMs: off by default.
    ///   - occupancyCeiling: 0.9 by default, kept within 0 – 1.
    ///   - occupancyClearMargin: 0.05 by default.
    ///   - occupancyMinimumLoggedInMs: 30 minutes by default.
    ///   - demandingPerHourLimit: 8 by default.
    ///   - continuousBusyLimitMs: 90 minutes by default.
    ///   - minimumBreakMs: 5 minutes by default.
    ///   - demandingDispositions: none by default.
    public init(
        streak: Int = 3, coolDownMs: Int64 = 15 * 60_000, recoveryPauseMs: Int64 = 0, occupancyCeiling: Double = 0.9,
        occupancyClearMargin: Double = 0.05, occupancyMinimumLoggedInMs: Int64 = 30 * 60_000, demandingPerHourLimit: Int = 8,
        continuousBusyLimitMs: Int64 = 90 * 60_000, minimumBreakMs: Int64 = 5 * 60_000, demandingDispositions: Set<String> = []
    ) {
        self.streak = max(0, streak)
        self.coolDownMs = max(0, coolDownMs)
        self.recoveryPauseMs = max(0, recoveryPauseMs)
        self.occupancyCeiling = min(1, max(0, occupancyCeiling))
        self.occupancyClearMargin = max(0, occupancyClearMargin)
        self.occupancyMinimumLoggedInMs = max(0, occupancyMinimumLoggedInMs)
        self.demandingPerHourLimit = max(0, demandingPerHourLimit)
        self.continuousBusyLimitMs = max(0, continuousBusyLimitMs)
        self.minimumBreakMs = max(0, minimumBreakMs)
        self.demandingDispositions = demandingDispositions
    }

    /// Whether occupancy is judged (a ceiling of 1 can never be exceeded).
    var judgesOccupancy: Bool { occupancyCeiling < 1 }
}
