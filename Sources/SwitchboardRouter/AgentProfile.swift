/// An agent's routing profile: skills and how much work of each kind they can hold.
public struct AgentProfile: Hashable, Sendable {
    public var id: AgentID
    /// Skill name → proficiency 1–10.
    public var skills: [String: Int]
    /// Concurrent interactions per channel (e.g. chat 3, email 5); a missing channel means 0.
    public var capacity: [Channel: Int]
    /// Optional cap on all concurrent interactions together.
    public var totalCapacity: Int?
    /// How far the agent is in learning the job: a queue may require a minimum stage, and a new agent
    /// is shielded from demanding work.
    public var stage: AgentStage

    public init(
        id: AgentID, skills: [String: Int] = [:], capacity: [Channel: Int] = [.voice: 1], totalCapacity: Int? = nil,
        stage: AgentStage = .experienced
    ) {
        self.id = id
        self.skills = skills
        self.capacity = capacity
        self.totalCapacity = totalCapacity
        self.stage = stage
    }
}
