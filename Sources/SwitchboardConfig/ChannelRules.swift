public import SwitchboardRouter

/// Per-channel defaults (`channels:`).
public struct ChannelRules: Sendable, Hashable {
    /// Concurrent interactions an agent takes per channel unless the agent says otherwise.
    public var defaultCapacity: [Channel: Int]
    /// Channels whose active work blocks every other channel for that agent (voice by default).
    public var exclusive: Set<Channel>

    public init(defaultCapacity: [Channel: Int] = ChannelRules.standardCapacity, exclusive: Set<Channel> = [.voice]) {
        self.defaultCapacity = defaultCapacity
        self.exclusive = exclusive
    }

    /// One call, three chats, five e-mails, five SMS, one callback, one video.
    public static let standardCapacity: [Channel: Int] = [
        .voice: 1, .chat: 3, .email: 5, .sms: 5, .callback: 1, .video: 1,
    ]

    /// Per-channel capacity may not exceed this (the largest the field uses).
    public static let capacityRange: ClosedRange<Int> = 0...50

    /// Capacity for `channel` when an agent does not set one.
    public func capacity(for channel: Channel) -> Int {
        defaultCapacity[channel] ?? Self.standardCapacity[channel] ?? 0
    }
}
