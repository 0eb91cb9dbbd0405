/// The media an interaction arrives on. Agents have a separate capacity on each.
///
/// Raw values are the spellings of the configuration file and of the wire protocol, which both use this type.
public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
    case voice, chat, email, sms, callback, video

    /// Dense index 0..<6, used to address per-channel arrays and bit masks.
    @inlinable
    public var index: Int {
        switch self {
        case .voice: 0
        case .chat: 1
        case .email: 2
        case .sms: 3
        case .callback: 4
        case .video: 5
        }
    }

    /// The number of channels.
    public static let count = 6

    /// The channel with the given dense index.
    public init?(index: Int) {
        // A switch, not `allCases[index]`: that builds an array on every call, and offers convert
        // their channel on the hot path.
        switch index {
        case 0: self = .voice
        case 1: self = .chat
        case 2: self = .email
        case 3: self = .sms
        case 4: self = .callback
        case 5: self = .video
        default: return nil
        }
    }

    var bit: UInt8 { 1 << UInt8(index) }
}
