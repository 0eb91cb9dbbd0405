/// How a queue picks among several eligible agents when an interaction arrives.
/// Raw values are the spellings used in the configuration file.
public enum RoutingStrategy: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The agent idle the longest (the default).
    case longestIdle = "longest-idle"
    /// The agent with the lowest current load relative to capacity.
    case leastOccupied = "least-occupied"
    /// The agent with the highest proficiency on the required skills.
    case mostSkilled = "most-skilled"
    /// Agents in turn, continuing after the last one picked.
    case roundRobin = "round-robin"
    /// The agent who handled the fewest interactions since login.
    case fewestHandled = "fewest-handled"
    /// A seeded, reproducible random pick (seed: `routing.random_seed`).
    case random

    public var description: String { rawValue }
}
