import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals

/// Customer memory and the floor's risk signals, kept by the routing owner beside its ledger: what it
/// remembers of customers (for offers and repeat routing) and what it watches to raise alerts.
struct FloorSignals {
    var rules: SignalRules
    var wellbeing: WellbeingRules
    var tiers: TierRules
    /// Tier interactions by the instant they pass their tier's target wait.
    var vipDeadlines = DeadlineWatch<InteractionID>()
    var vipAlerts: Set<InteractionID> = []
    /// Tiers with a raised `no_dedicated_agent`.
    var tiersWithoutAgent: Set<String> = []
    /// Tier interactions not answered yet (waiting or offered), and how many per tier.
    var unansweredTier: [InteractionID: String] = [:]
    var unansweredByTier: [String: Int] = [:]
    /// Each agent's strain: demanding streaks and cool-downs, load, occupancy, today's figures.
    var strain: AgentStrain
    var strainChanges: [StrainChange] = []
    /// Agents in a recovery pause the guard started, and when it ends (they may end it early).
    var recoveryUntil: [AgentID: Int64] = [:]
    var memory: CustomerMemory
    var surges: TopicSurgeDetector
    var serviceLevels: ServiceLevelWindow
    /// Complaints not yet answered, by the instant their deadline passes.
    var complaints = DeadlineWatch<InteractionID>()
    /// Next instant memory forgets customers whose contacts all left the window.
    var nextPrune: Int64 = 0
    /// What raised alerts are about, so the hot path clears one only where there is one: interactions
    /// with a `complaint_waiting`, customers with a `repeat_contact`, and queues whose `service_level`
    /// alert was raised before a restart (no window behind it).
    var complaintAlerts: Set<InteractionID> = []
    var repeatAlerts: Set<String> = []
    var restoredLevelAlerts: Set<QueueID> = []
    /// Scratch buffers, reused across steps.
    var surgeChanges: [SurgeChange] = []
    var levelChanges: [ServiceLevelChange] = []

    init(_ configuration: SwitchboardConfiguration) {
        rules = SignalRules(configuration)
        wellbeing = WellbeingRules(configuration)
        tiers = TierRules(configuration)
        strain = AgentStrain(settings: wellbeing.settings)
        memory = CustomerMemory(settings: rules.memorySettings)
        surges = TopicSurgeDetector(settings: rules.surgeSettings)
        serviceLevels = ServiceLevelWindow(settings: rules.serviceLevelSettings)
    }
}

/// What the configuration asks of the signals, read once per configuration (a reload replaces it),
/// in the units the signals use: milliseconds and queue ids.
struct SignalRules {
    var memoryEnabled: Bool
    var memorySettings: CustomerMemorySettings
    var topicAttribute: String
    var defaultRepeat: RepeatPolicy
    var repeatByQueue: [QueueID: RepeatPolicy]
    var surgeEnabled: Bool
    var surgePerQueue: Bool
    var surgeSettings: SurgeSettings
    var baselineDays: Int
    var serviceLevelEnabled: Bool
    var serviceLevelSettings: ServiceLevelSettings
    /// Each queue's answer threshold (`service_level_seconds`).
    var thresholdMs: [QueueID: Int64]
    /// Queues whose every interaction is a complaint.
    var complaintQueues: Set<QueueID>
    /// Attribute values that mark a complaint.
    var complaintAttributes: [(key: String, value: String)]
    var complaintDeadlineMs: [QueueID: Int64]
    var defaultComplaintDeadlineMs: Int64

    init(_ configuration: SwitchboardConfiguration) {
        let customers = configuration.customers
        let alerts = configuration.alerts
        memoryEnabled = customers.memory
        memorySettings = CustomerMemorySettings(windowMs: Self.milliseconds(hours: customers.windowHours), maxCustomers: customers.maxCustomers,
                                                maxContactsPerCustomer: customers.maxContactsPerCustomer)
        topicAttribute = customers.topicAttribute
        defaultRepeat = customers.repeatPolicy
        var repeatByQueue: [QueueID: RepeatPolicy] = [:]
        var thresholdMs: [QueueID: Int64] = [:]
        var targets: [QueueID: Double] = [:]
        var complaintQueues: Set<QueueID> = []
        var deadlines: [QueueID: Int64] = [:]
        for queue in configuration.queues {
            let id = QueueID(queue.name)
            if queue.repeatOverride != nil { repeatByQueue[id] = queue.repeatPolicy(base: customers.repeatPolicy) }
            thresholdMs[id] = Int64((queue.serviceLevelSeconds * 1000).rounded())
            targets[id] = queue.serviceLevelTarget
            if queue.complaint { complaintQueues.insert(id) }
            if let seconds = queue.complaintDeadlineSeconds { deadlines[id] = Int64((seconds * 1000).rounded()) }
        }
        self.repeatByQueue = repeatByQueue
        self.thresholdMs = thresholdMs
        self.complaintQueues = complaintQueues
        complaintDeadlineMs = deadlines
        complaintAttributes = alerts.complaints.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        defaultComplaintDeadlineMs = Int64((alerts.complaints.deadlineSeconds * 1000).rounded())
        let surge = alerts.topicSurge
        surgeEnabled = surge.enabled
        surgePerQueue = surge.perQueue
        baselineDays = surge.baselineDays
        surgeSettings = SurgeSettings(windowMs: Int64(surge.windowMinutes) * 60_000, floor: surge.floor, multiple: surge.multiple,
                                      clearRatio: surge.clearRatio, baselineHalfLifeMs: Self.milliseconds(hours: surge.baselineHalfLifeHours),
                                      maxTopics: surge.maxTopics)
        let level = alerts.serviceLevel
        serviceLevelEnabled = level.enabled
        serviceLevelSettings = ServiceLevelSettings(windowMs: Int64(level.windowMinutes) * 60_000, minContacts: level.minContacts,
                                                    clearMargin: level.clearMargin, defaultTarget: QueueDefinition.defaultServiceLevelTarget,
                                                    targets: targets)
    }

    static func milliseconds(hours: Double) -> Int64 {
        Int64((hours * 3_600_000).rounded())
    }

    func repeatPolicy(for queue: QueueID) -> RepeatPolicy {
        repeatByQueue[queue] ?? defaultRepeat
    }

    /// The complaint deadline of an interaction of `queue` with these attributes; nil when it is no complaint.
    func complaintDeadline(queue: QueueID, attributes: [(key: String, value: JSONValue)]) -> Int64? {
        var isComplaint = complaintQueues.contains(queue)
        if !isComplaint, !complaintAttributes.isEmpty {
            isComplaint = attributes.contains { member in
                complaintAttributes.contains { $0.key == member.key && Self.text(member.value) == $0.value }
            }
        }
        guard isComplaint else { return nil }
        return complaintDeadlineMs[queue] ?? defaultComplaintDeadlineMs
    }

    /// The topic an interaction's attributes name: a non-empty text value only (the store reads the
    /// same when it rebuilds memory).
    func topic(_ attributes: [(key: String, value: JSONValue)]) -> String? {
        for member in attributes where member.key == topicAttribute {
            if case .string(let text) = member.value, !text.isEmpty { return text }
            return nil
        }
        return nil
    }

    /// An attribute value as the text configuration compares it with.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text.isEmpty ? nil : text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: nil
        }
    }
}
