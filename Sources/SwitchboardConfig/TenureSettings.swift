public import SwitchboardRouter

/// How an agent's `start_date` maps to a stage (`agents.tenure`): new until `learning_after_days` have
/// passed, learning until `experienced_after_days`, experienced after that.
public struct TenureSettings: Sendable, Hashable {
    /// Days after the start date from which an agent is `learning`.
    public var learningAfterDays: Int
    /// Days after the start date from which an agent is `experienced`; at least ``learningAfterDays``.
    public var experiencedAfterDays: Int

    public init(learningAfterDays: Int = 30, experiencedAfterDays: Int = 90) {
        self.learningAfterDays = learningAfterDays
        self.experiencedAfterDays = experiencedAfterDays
    }

    /// The stage of an agent who started `days` days ago (0 on the start date itself; negative for a start
    /// date still to come, which is `new`).
    public func stage(daysSinceStart days: Int) -> AgentStage {
        if days >= experiencedAfterDays { return .experienced }
        if days >= learningAfterDays { return .learning }
        return .new
    }

    /// Up to ten years.
    public static let daysRange: ClosedRange<Int> = 0...3_650
}
