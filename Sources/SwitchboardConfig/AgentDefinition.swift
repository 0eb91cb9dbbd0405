public import SwitchboardRouter

/// An agent known to the configuration (`agents:`).
public struct AgentDefinition: Sendable, Hashable {
    /// Stable id used in tokens, offers and stats.
    public var id: String
    /// Display name.
    public var name: String
    /// Proficiency 1–10 per skill name.
    public var skills: [String: Int]
    /// Capacity per channel; channels not listed use `channels.capacity`.
    public var capacity: [Channel: Int]
    /// Cap on concurrent interactions across all channels, or `nil` for none.
    public var totalCapacity: Int?

    public init(id: String, name: String, skills: [String: Int] = [:], capacity: [Channel: Int] = [:], totalCapacity: Int? = nil) {
        self.id = id
        self.name = name
        self.skills = skills
        self.capacity = capacity
        self.totalCapacity = totalCapacity
    }

    /// The capacity on `channel` after applying the channel defaults.
    public func effectiveCapacity(for channel: Channel, rules: ChannelRules) -> Int {
        capacity[channel] ?? rules.capacity(for: channel)
    }
}
