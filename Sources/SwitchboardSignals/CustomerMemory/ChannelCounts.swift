public import SwitchboardRouter

/// A count per channel, held inline (no allocation), so a context can carry it on every arrival.
public struct ChannelCounts: Sendable, Hashable {
    private var voice: Int32 = 0
    private var chat: Int32 = 0
    private var email: Int32 = 0
    private var sms: Int32 = 0
    private var callback: Int32 = 0
    private var video: Int32 = 0

    public init() {}

    public subscript(channel: Channel) -> Int {
        get {
            switch channel {
            case .voice: Int(voice)
            case .chat: Int(chat)
            case .email: Int(email)
            case .sms: Int(sms)
            case .callback: Int(callback)
            case .video: Int(video)
            }
        }
        set {
            let value = Int32(clamping: newValue)
            switch channel {
            case .voice: voice = value
            case .chat: chat = value
            case .email: email = value
            case .sms: sms = value
            case .callback: callback = value
            case .video: video = value
            }
        }
    }

    /// The sum over channels.
    public var total: Int { Int(voice) + Int(chat) + Int(email) + Int(sms) + Int(callback) + Int(video) }

    /// The channels with a count above zero, in `Channel.allCases` order (the wire's `byChannel`).
    public var nonZero: [(channel: Channel, count: Int)] {
        Channel.allCases.compactMap { self[$0] > 0 ? ($0, self[$0]) : nil }
    }
}
