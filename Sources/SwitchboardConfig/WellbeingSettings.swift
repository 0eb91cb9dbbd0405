/// The wellbeing guard (`wellbeing:`): which work is demanding, and how routing and alerts look after the
/// agents who take it. Queues may override any key but ``demanding`` (``QueueDefinition/wellbeing(base:)``).
/// Reloadable: a reload applies to the next contact or the next check.
public struct WellbeingSettings: Sendable, Hashable {
    /// `false` turns off the guard: no cool-downs, recovery pauses or strain alerts.
    public var enabled: Bool
    /// What makes an interaction demanding.
    public var demanding: DemandingRules
    /// This many demanding contacts in a row start a cool-down; 0 turns it off.
    public var streak: Int
    /// How long routing keeps demanding work away from an agent after a streak (while anyone else can take it).
    public var coolDownMinutes: Double
    /// After a streak, the agent goes `not_ready` with reason `recovery` this long (and may end it early); 0 turns it off.
    public var recoveryPauseMinutes: Double
    /// A strain alert when an agent handles more demanding contacts than this within an hour; 0 turns it off.
    public var demandingPerHour: Int
    /// A strain alert when an agent has been busy this long without a moment free; 0 turns it off.
    public var continuousBusyMinutes: Double
    /// A strain alert when an agent's occupancy over a rolling hour is above this share; 1 turns it off.
    public var occupancyCeiling: Double

    public init(
        enabled: Bool = true,
        demanding: DemandingRules = DemandingRules(),
        streak: Int = 3,
        coolDownMinutes: Double = 15,
        recoveryPauseMinutes: Double = 0,
        demandingPerHour: Int = 8,
        continuousBusyMinutes: Double = 90,
        occupancyCeiling: Double = 0.9
    ) {
        self.enabled = enabled
        self.demanding = demanding
        self.streak = streak
        self.coolDownMinutes = coolDownMinutes
        self.recoveryPauseMinutes = recoveryPauseMinutes
        self.demandingPerHour = demandingPerHour
        self.continuousBusyMinutes = continuousBusyMinutes
        self.occupancyCeiling = occupancyCeiling
    }

    public static let streakRange: ClosedRange<Int> = 0...100
    /// Up to eight hours.
    public static let coolDownMinutesRange: ClosedRange<Double> = 0...480
    /// Up to two hours.
    public static let recoveryPauseMinutesRange: ClosedRange<Double> = 0...120
    public static let demandingPerHourRange: ClosedRange<Int> = 0...1_000
    /// Up to a day.
    public static let continuousBusyMinutesRange: ClosedRange<Double> = 0...1_440
    public static let occupancyCeilingRange: ClosedRange<Double> = 0...1
}

/// `wellbeing.demanding`: an interaction is demanding when its queue is listed, when any of its attributes
/// has the value given here, or (after the fact) when the agent closes it with a listed disposition.
public struct DemandingRules: Sendable, Hashable {
    /// Queues all of whose work is demanding.
    public var queues: [String]
    /// Attribute name → value; an interaction whose attributes match any entry is demanding.
    public var attributes: [String: String]
    /// Dispositions that make a finished contact count as demanding.
    public var dispositions: [String]

    public init(queues: [String] = [], attributes: [String: String] = ["kind": "complaint"], dispositions: [String] = ["escalated"]) {
        self.queues = queues
        self.attributes = attributes
        self.dispositions = dispositions
    }
}
