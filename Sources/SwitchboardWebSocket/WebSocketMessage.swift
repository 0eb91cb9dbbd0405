/// A complete data message: the payload of one text or binary frame or of a whole fragmented
/// sequence. Text payloads are kept as their UTF-8 bytes (already validated when they come from
/// `MessageAssembler`), so an echo or a JSON decoder never pays for a `String` round trip.
public struct WebSocketMessage: Sendable, Hashable {
    /// Text or binary.
    public enum Kind: Sendable, Hashable {
        case text
        case binary
    }

    public var kind: Kind
    /// The message bytes; valid UTF-8 when `kind` is `.text`.
    public var payload: [UInt8]

    @inlinable
    public init(kind: Kind, payload: [UInt8]) {
        self.kind = kind
        self.payload = payload
    }

    /// A text message holding the UTF-8 of `string`.
    @inlinable
    public static func text(_ string: String) -> WebSocketMessage {
        WebSocketMessage(kind: .text, payload: Array(string.utf8))
    }

    /// A binary message.
    @inlinable
    public static func binary(_ bytes: [UInt8]) -> WebSocketMessage {
        WebSocketMessage(kind: .binary, payload: bytes)
    }

    /// The payload as a string when this is a text message.
    public var text: String? {
        kind == .text ? String(decoding: payload, as: UTF8.self) : nil
    }

    /// The data opcode that starts this message on the wire.
    @inlinable
    public var opcode: WebSocketOpcode { kind == .text ? .text : .binary }
}
