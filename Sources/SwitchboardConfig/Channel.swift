/// A medium an interaction arrives on. Raw values are the spellings used in the configuration file.
public enum Channel: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case voice
    case chat
    case email
    case sms
    case callback
    case video

    public var description: String { rawValue }

    /// Declaration order, so channel sets print the same way every time.
    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    private var ordinal: Int {
        switch self {
        case .voice: 0
        case .chat: 1
        case .email: 2
        case .sms: 3
        case .callback: 4
        case .video: 5
        }
    }
}
