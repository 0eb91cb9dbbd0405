/// How a queue chooses among several eligible agents when an interaction arrives.
///
/// Every strategy breaks ties by the longest-idle order, so each pick is deterministic. Raw values are
/// the spellings of the configuration file (`strategy:`).
public enum RoutingStrategy: String, CaseIterable, Hashable, Sendable, Codable {
    /// The agent whose work or state changed longest ago (default).
    case longestIdle = "longest-idle"
    /// The lowest ratio of current work items to total capacity.
    case leastOccupied = "least-occupied"
    /// The highest sum of proficiency over the interaction's required skills.
    case mostSkilled = "most-skilled"
    /// The next eligible agent after the queue's previous pick, in roster order.
    case roundRobin = "round-robin"
    /// The fewest interactions accepted since login.
    case fewestHandled = "fewest-handled"
    /// Uniformly among the eligible agents, from the configuration's seeded generator.
    case random
}
