/// How far an agent is in learning the job: new agents are shielded from demanding work, and a queue
/// may require a minimum stage.
public enum AgentStage: String, Sendable, Hashable, CaseIterable, Comparable {
    case new
    case learning
    case experienced

    public static func < (lhs: AgentStage, rhs: AgentStage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
