/// A violation of RFC 6455 by the peer, detected while parsing or assembling frames. Every error
/// names the close code the connection must be failed with (1002, 1007 or 1009).
///
/// A struct over an open set of `Code`s so that new checks do not break exhaustive switches.
public struct WebSocketProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which rule was broken.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// RSV1–3 set without an extension that defines them.
        public static let reservedBitsSet = Code("reservedBitsSet")
        /// Opcode 3–7 or 0xB–0xF.
        public static let reservedOpcode = Code("reservedOpcode")
        /// Control frame with a payload over 125 bytes.
        public static let controlFrameTooLong = Code("controlFrameTooLong")
        /// Control frame with FIN clear.
        public static let fragmentedControlFrame = Code("fragmentedControlFrame")
        /// A client sent an unmasked frame (server role).
        public static let unmaskedFrame = Code("unmaskedFrame")
        /// A server sent a masked frame (client role).
        public static let maskedFrame = Code("maskedFrame")
        /// 64-bit payload length with the most significant bit set.
        public static let invalidPayloadLength = Code("invalidPayloadLength")
        /// A frame longer than the configured maximum frame size.
        public static let frameTooLarge = Code("frameTooLarge")
        /// A message longer than the configured maximum message size.
        public static let messageTooLarge = Code("messageTooLarge")
        /// A continuation frame with no message in progress.
        public static let unexpectedContinuation = Code("unexpectedContinuation")
        /// A new text/binary frame while a fragmented message is still open.
        public static let expectedContinuation = Code("expectedContinuation")
        /// Text (or a close reason) that is not valid UTF-8.
        public static let invalidUTF8 = Code("invalidUTF8")
        /// A close frame whose payload is exactly one byte.
        public static let invalidClosePayload = Code("invalidClosePayload")
        /// A close frame with a status code peers may not send.
        public static let invalidCloseCode = Code("invalidCloseCode")
    }

    /// The broken rule.
    public let code: Code
    /// The close code to fail the connection with.
    public let closeCode: WebSocketCloseCode
    /// What was seen and which limit applied.
    public let detail: String

    init(_ code: Code, _ closeCode: WebSocketCloseCode, _ detail: String) {
        self.code = code
        self.closeCode = closeCode
        self.detail = detail
    }

    public var description: String { "\(code) (close \(closeCode.rawValue)): \(detail)" }

    static func reservedBits(_ bits: UInt8) -> Self {
        Self(.reservedBitsSet, .protocolError, "reserved bits 0x\(String(bits, radix: 16)) set without a negotiated extension")
    }
    static func reservedOpcode(_ opcode: UInt8) -> Self {
        Self(.reservedOpcode, .protocolError, "reserved opcode 0x\(String(opcode, radix: 16))")
    }
    static func controlFrameTooLong(_ opcode: UInt8, length: Int) -> Self {
        Self(.controlFrameTooLong, .protocolError, "control frame opcode 0x\(String(opcode, radix: 16)) declares \(length) payload bytes, limit 125")
    }
    static func fragmentedControlFrame(_ opcode: UInt8) -> Self {
        Self(.fragmentedControlFrame, .protocolError, "control frame opcode 0x\(String(opcode, radix: 16)) has FIN clear")
    }
    static let unmaskedFrame = Self(.unmaskedFrame, .protocolError, "client frame is not masked")
    static let maskedFrame = Self(.maskedFrame, .protocolError, "server frame is masked")
    static let invalidPayloadLength = Self(.invalidPayloadLength, .protocolError, "64-bit payload length has its most significant bit set")
    static func frameTooLarge(length: UInt64, limit: Int) -> Self {
        Self(.frameTooLarge, .messageTooBig, "frame payload of \(length) bytes exceeds the limit of \(limit)")
    }
    static func messageTooLarge(length: Int, limit: Int) -> Self {
        Self(.messageTooLarge, .messageTooBig, "message of at least \(length) bytes exceeds the limit of \(limit)")
    }
    static let unexpectedContinuation = Self(.unexpectedContinuation, .protocolError, "continuation frame without a message in progress")
    static func expectedContinuation(_ opcode: WebSocketOpcode) -> Self {
        Self(.expectedContinuation, .protocolError, "\(opcode) frame while a fragmented message is in progress")
    }
    static func invalidUTF8(_ what: String) -> Self {
        Self(.invalidUTF8, .invalidPayloadData, "\(what) is not valid UTF-8")
    }
    static let invalidClosePayload = Self(.invalidClosePayload, .protocolError, "close frame payload of 1 byte (a status code needs 2)")
    static func invalidCloseCode(_ code: UInt16) -> Self {
        Self(.invalidCloseCode, .protocolError, "close code \(code) may not be sent by a peer")
    }
}
