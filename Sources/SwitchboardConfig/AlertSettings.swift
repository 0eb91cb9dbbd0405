/// The conditions that raise alerts for supervisors (`alerts:`). Reloadable: a reload applies to the
/// next contact or the next check.
public struct AlertSettings: Sendable, Hashable {
    /// Many more contacts about one topic (or into one queue) than usual.
    public var topicSurge: TopicSurgeSettings
    /// Complaints left waiting too long.
    public var complaints: ComplaintSettings
    /// A queue's service level below its target.
    public var serviceLevel: ServiceLevelAlertSettings

    public init(
        topicSurge: TopicSurgeSettings = TopicSurgeSettings(),
        complaints: ComplaintSettings = ComplaintSettings(),
        serviceLevel: ServiceLevelAlertSettings = ServiceLevelAlertSettings()
    ) {
        self.topicSurge = topicSurge
        self.complaints = complaints
        self.serviceLevel = serviceLevel
    }
}

/// `alerts.topic_surge`: a `topic_surge` alert when the contacts about one topic within a sliding window
/// reach both a floor and a multiple of the usual count; cleared with hysteresis so it does not flap.
public struct TopicSurgeSettings: Sendable, Hashable {
    public var enabled: Bool
    /// The sliding window counted, in one-minute buckets.
    public var windowMinutes: Int
    /// Never a surge below this many contacts in the window, however quiet the topic usually is.
    public var floor: Int
    /// Nor below this multiple of the usual count for the window.
    public var multiple: Double
    /// Cleared when the count falls below `clearRatio` × the threshold it was raised at.
    public var clearRatio: Double
    /// Half-life of the usual rate's moving average: how fast it follows a lasting change.
    public var baselineHalfLifeHours: Double
    /// Days of history read from the store at start to learn the usual rate (0: learn from scratch).
    public var baselineDays: Int
    /// Topics tracked at once, bounding memory whatever the attribute's values.
    public var maxTopics: Int
    /// Also watch each queue's arrivals for surges.
    public var perQueue: Bool

    public init(
        enabled: Bool = true,
        windowMinutes: Int = 15,
        floor: Int = 20,
        multiple: Double = 3,
        clearRatio: Double = 0.7,
        baselineHalfLifeHours: Double = 24,
        baselineDays: Int = 7,
        maxTopics: Int = 1_000,
        perQueue: Bool = true
    ) {
        self.enabled = enabled
        self.windowMinutes = windowMinutes
        self.floor = floor
        self.multiple = multiple
        self.clearRatio = clearRatio
        self.baselineHalfLifeHours = baselineHalfLifeHours
        self.baselineDays = baselineDays
        self.maxTopics = maxTopics
        self.perQueue = perQueue
    }

    /// One minute to one day.
    public static let windowMinutesRange: ClosedRange<Int> = 1...1_440
    public static let floorRange: ClosedRange<Int> = 1...1_000_000
    public static let multipleRange: ClosedRange<Double> = 1...1_000
    public static let clearRatioRange: ClosedRange<Double> = 0.1...1
    public static let baselineHalfLifeHoursRange: ClosedRange<Double> = 0.1...8_760
    public static let baselineDaysRange: ClosedRange<Int> = 0...365
    public static let maxTopicsRange: ClosedRange<Int> = 1...100_000
}

/// `alerts.complaints`: which interactions are complaints, and how long one may wait unanswered before
/// a `complaint_waiting` alert. Queues may mark all their work as complaints and set their own deadline.
public struct ComplaintSettings: Sendable, Hashable {
    /// Attribute name → value; an interaction whose attributes match any entry is a complaint.
    public var attributes: [String: String]
    /// A complaint not answered this long after it arrived raises `complaint_waiting`.
    public var deadlineSeconds: Double

    public init(attributes: [String: String] = ["kind": "complaint"], deadlineSeconds: Double = 120) {
        self.attributes = attributes
        self.deadlineSeconds = deadlineSeconds
    }

    /// One second to one day.
    public static let deadlineSecondsRange: ClosedRange<Double> = 1...86_400
}

/// `alerts.service_level`: a `service_level` alert when a queue's share of contacts answered within its
/// `service_level_seconds` falls below its `service_level_target`, over a rolling window.
public struct ServiceLevelAlertSettings: Sendable, Hashable {
    public var enabled: Bool
    /// The rolling window of answered and abandoned contacts, per queue.
    public var windowMinutes: Int
    /// No verdict on fewer contacts in the window, so a quiet queue's one slow answer raises nothing.
    public var minContacts: Int
    /// Cleared once the level is back at target + margin, so it does not flap around the target.
    public var clearMargin: Double

    public init(enabled: Bool = true, windowMinutes: Int = 30, minContacts: Int = 20, clearMargin: Double = 0.05) {
        self.enabled = enabled
        self.windowMinutes = windowMinutes
        self.minContacts = minContacts
        self.clearMargin = clearMargin
    }

    public static let windowMinutesRange: ClosedRange<Int> = 1...1_440
    public static let minContactsRange: ClosedRange<Int> = 1...1_000_000
    public static let clearMarginRange: ClosedRange<Double> = 0...0.5
}
