import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals

/// What the configuration's `wellbeing:` asks of routing, read once per configuration: which work is
/// demanding, and the strain settings of the floor and of each queue that overrides them.
struct WellbeingRules {
    var enabled: Bool
    var demandingQueues: Set<QueueID>
    var demandingAttributes: [(key: String, value: String)]
    var settings: StrainSettings
    var byQueue: [QueueID: StrainSettings]

    init(_ configuration: SwitchboardConfiguration) {
        let wellbeing = configuration.wellbeing
        enabled = wellbeing.enabled
        demandingQueues = Set(wellbeing.demanding.queues.map { QueueID($0) })
        demandingAttributes = wellbeing.demanding.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        settings = Self.strain(wellbeing)
        var byQueue: [QueueID: StrainSettings] = [:]
        for queue in configuration.queues where queue.wellbeingOverride != nil {
            byQueue[QueueID(queue.name)] = Self.strain(queue.wellbeing(base: wellbeing))
        }
        self.byQueue = byQueue
    }

    /// The strain settings `wellbeing` describes; everything off when it is disabled.
    static func strain(_ wellbeing: WellbeingSettings) -> StrainSettings {
        guard wellbeing.enabled else {
            return StrainSettings(streak: 0, coolDownMs: 0, recoveryPauseMs: 0, occupancyCeiling: 1, demandingPerHourLimit: 0,
                                  continuousBusyLimitMs: 0, demandingDispositions: [])
        }
        return StrainSettings(
            streak: wellbeing.streak, coolDownMs: Int64((wellbeing.coolDownMinutes * 60_000).rounded()),
            recoveryPauseMs: Int64((wellbeing.recoveryPauseMinutes * 60_000).rounded()), occupancyCeiling: wellbeing.occupancyCeiling,
            demandingPerHourLimit: wellbeing.demandingPerHour,
            continuousBusyLimitMs: Int64((wellbeing.continuousBusyMinutes * 60_000).rounded()),
            demandingDispositions: Set(wellbeing.demanding.dispositions))
    }

    /// Whether work of `queue` with these attributes is demanding (before any disposition says so).
    func isDemanding(queue: QueueID, attributes: [(key: String, value: JSONValue)]) -> Bool {
        guard enabled else { return false }
        if demandingQueues.contains(queue) { return true }
        guard !demandingAttributes.isEmpty else { return false }
        return attributes.contains { member in
            demandingAttributes.contains { $0.key == member.key && SignalRules.text(member.value) == $0.value }
        }
    }
}
