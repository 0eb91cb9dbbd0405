/// A queue's `wellbeing`: the keys of ``WellbeingSettings`` it sets (any but `demanding`), each `nil` where
/// `wellbeing:` applies.
public struct WellbeingOverride: Sendable, Hashable {
    public var enabled: Bool?
    public var streak: Int?
    public var coolDownMinutes: Double?
    public var recoveryPauseMinutes: Double?
    public var demandingPerHour: Int?
    public var continuousBusyMinutes: Double?
    public var occupancyCeiling: Double?

    public init(
        enabled: Bool? = nil,
        streak: Int? = nil,
        coolDownMinutes: Double? = nil,
        recoveryPauseMinutes: Double? = nil,
        demandingPerHour: Int? = nil,
        continuousBusyMinutes: Double? = nil,
        occupancyCeiling: Double? = nil
    ) {
        self.enabled = enabled
        self.streak = streak
        self.coolDownMinutes = coolDownMinutes
        self.recoveryPauseMinutes = recoveryPauseMinutes
        self.demandingPerHour = demandingPerHour
        self.continuousBusyMinutes = continuousBusyMinutes
        self.occupancyCeiling = occupancyCeiling
    }

    /// `base` with every key this override sets replaced (`demanding` is always the base's).
    public func applied(to base: WellbeingSettings) -> WellbeingSettings {
        WellbeingSettings(
            enabled: enabled ?? base.enabled,
            demanding: base.demanding,
            streak: streak ?? base.streak,
            coolDownMinutes: coolDownMinutes ?? base.coolDownMinutes,
            recoveryPauseMinutes: recoveryPauseMinutes ?? base.recoveryPauseMinutes,
            demandingPerHour: demandingPerHour ?? base.demandingPerHour,
            continuousBusyMinutes: continuousBusyMinutes ?? base.continuousBusyMinutes,
            occupancyCeiling: occupancyCeiling ?? base.occupancyCeiling
        )
    }
}
