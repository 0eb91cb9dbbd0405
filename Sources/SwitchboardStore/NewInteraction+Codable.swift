/// The JSON of ``NewInteraction/jsonText``: absent optionals left out, and ``NewInteraction/demanding``
/// only when it is `true`, so the payloads of ordinary contacts are the text the log has always held.
///
/// Reading takes a missing `demanding` (every payload written before schema v6) as `false`.
extension NewInteraction: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, source, queue, channel, priority, customerId, tier, attributes, requirements, preferredAgent, enqueuedAt, demanding
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), source: try container.decode(String.self, forKey: .source),
            queue: try container.decode(String.self, forKey: .queue), channel: try container.decode(String.self, forKey: .channel),
            priority: try container.decode(Int.self, forKey: .priority),
            customerId: try container.decodeIfPresent(String.self, forKey: .customerId),
            tier: try container.decodeIfPresent(String.self, forKey: .tier),
            attributes: try container.decode(String.self, forKey: .attributes),
            requirements: try container.decode(String.self, forKey: .requirements),
            preferredAgent: try container.decodeIfPresent(String.self, forKey: .preferredAgent),
            enqueuedAt: try container.decodeIfPresent(Int64.self, forKey: .enqueuedAt),
            demanding: try container.decodeIfPresent(Bool.self, forKey: .demanding) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(queue, forKey: .queue)
        try container.encode(channel, forKey: .channel)
        try container.encode(priority, forKey: .priority)
        try container.encodeIfPresent(customerId, forKey: .customerId)
        try container.encodeIfPresent(tier, forKey: .tier)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(requirements, forKey: .requirements)
        try container.encodeIfPresent(preferredAgent, forKey: .preferredAgent)
        try container.encodeIfPresent(enqueuedAt, forKey: .enqueuedAt)
        if demanding { try container.encode(demanding, forKey: .demanding) }
    }
}
