public import SwitchboardRouter

/// How `ServiceLevelWindow` judges a queue (the `alerts.service_level` keys and each queue's target).
public struct ServiceLevelSettings: Sendable, Hashable {
    /// The rolling window, kept in one-minute buckets (rounded up to whole minutes).
    public var windowMs: Int64
    /// No verdict on fewer contacts (answered, or abandoned after the threshold) in the window.
    public var minContacts: Int
    /// A raised queue clears once its level is back at target + margin (capped at 1).
    public var clearMargin: Double
    /// The share answered within the threshold aimed for, unless `targets` names the queue.
    public var defaultTarget: Double
    /// Targets per queue.
    public var targets: [QueueID: Double]

    public init(
        windowMs: Int64 = 30 * 60_000, minContacts: Int = 20, clearMargin: Double = 0.05, defaultTarget: Double = 0.8,
        targets: [QueueID: Double] = [:]
    ) {
        self.windowMs = max(1, windowMs)
        self.minContacts = max(1, minContacts)
        self.clearMargin = max(0, clearMargin)
        self.defaultTarget = defaultTarget
        self.targets = targets
    }

    public func target(for queue: QueueID) -> Double { targets[queue] ?? defaultTarget }
}
