/// One WebSocket frame (RFC 6455 §5.2) with its payload already unmasked.
///
/// `maskingKey` records the key the frame carried (parsed frames) or the key to mask with when
/// encoding (client frames); the payload itself is always plain text.
public struct WebSocketFrame: Sendable, Hashable {
    /// Final fragment of a message.
    public var fin: Bool
    /// Reserved bits: must be zero unless an extension defines them.
    public var rsv1: Bool
    public var rsv2: Bool
    public var rsv3: Bool
    public var opcode: WebSocketOpcode
    public var maskingKey: WebSocketMaskingKey?
    /// The unmasked payload.
    public var payload: [UInt8]

    /// - Parameters:
    ///   - fin: whether this frame ends its message (always true for control frames).
    ///   - opcode: the frame type.
    ///   - maskingKey: the key to mask with when encoding; nil for unmasked (server) frames.
    ///   - payload: the unmasked payload bytes.
    @inlinable
    public init(fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false,
                opcode: WebSocketOpcode, maskingKey: WebSocketMaskingKey? = nil, payload: [UInt8] = []) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
    }

    /// The reserved bits as they sit in the first header byte (0x40, 0x20, 0x10).
    @inlinable
    public var reservedBits: UInt8 {
        (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0)
    }

    /// The number of bytes this frame occupies on the wire.
    @inlinable
    public var encodedSize: Int {
        FrameEncoder.headerSize(payloadLength: payload.count, masked: maskingKey != nil) + payload.count
    }
}
