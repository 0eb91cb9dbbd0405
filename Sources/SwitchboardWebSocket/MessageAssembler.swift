/// Turns frames into messages (RFC 6455 §5.4–5.6): joins fragments, enforces the continuation
/// rules and the message size limit, validates text as UTF-8 fragment by fragment (so invalid
/// text fails at the first bad fragment, not at the end of the message), and decodes close frames.
///
/// Control frames may arrive between the fragments of a message and are passed straight through.
/// An unfragmented frame (the common case) becomes a message without copying its payload.
public struct MessageAssembler: Sendable {
    /// What one frame amounts to.
    public enum Event: Sendable, Hashable {
        /// A complete text or binary message.
        case message(WebSocketMessage)
        /// A fragment was absorbed; the message is not complete yet.
        case fragment
        case ping([UInt8])
        case pong([UInt8])
        /// A valid close frame: its code (nil when the frame had no payload) and reason.
        case close(WebSocketCloseCode?, reason: String)
    }

    /// The largest message accepted, in bytes; larger ones fail with 1009.
    public let maxMessageSize: Int
    /// The kind of the fragmented message in progress, if any.
    var messageKind: WebSocketMessage.Kind?
    var buffer: [UInt8] = []
    var validator = UTF8Validator()

    /// - Parameter maxMessageSize: largest message in bytes, all fragments together (default 16 MiB).
    public init(maxMessageSize: Int = 16 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    /// True while a fragmented message is open.
    public var isAssemblingMessage: Bool { messageKind != nil }

    /// Absorbs one frame.
    /// - Throws: `WebSocketProtocolError` with close code 1002 (continuation rules, close frame
    ///   format), 1007 (invalid UTF-8) or 1009 (message too large).
    public mutating func receive(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> Event {
        switch frame.opcode {
        case .text, .binary:
            if messageKind != nil { throw .expectedContinuation(frame.opcode) }
            let kind: WebSocketMessage.Kind = frame.opcode == .text ? .text : .binary
            let count = frame.payload.count
            // UTF-8 before size: FrameParser may already have failed this frame's text while it
            // arrived, and both must agree on the close code whatever the read boundaries were.
            if frame.fin {
                // Fast path: one frame, one message, no copy.
                if kind == .text && !UTF8Validator.isValid(frame.payload) { throw .invalidUTF8("text message") }
                if count > maxMessageSize { throw .messageTooLarge(length: count, limit: maxMessageSize) }
                return .message(WebSocketMessage(kind: kind, payload: frame.payload))
            }
            validator.reset()
            if kind == .text && !validator.validate(frame.payload) { throw .invalidUTF8("text message") }
            if count > maxMessageSize { throw .messageTooLarge(length: count, limit: maxMessageSize) }
            messageKind = kind
            buffer = frame.payload
            return .fragment

        case .continuation:
            guard let kind = messageKind else { throw .unexpectedContinuation }
            if kind == .text && !validator.validate(frame.payload) { throw .invalidUTF8("text message") }
            let total = buffer.count + frame.payload.count
            if total > maxMessageSize { throw .messageTooLarge(length: total, limit: maxMessageSize) }
            buffer.append(contentsOf: frame.payload)
            guard frame.fin else { return .fragment }
            if kind == .text && !validator.isComplete { throw .invalidUTF8("text message") }
            let message = WebSocketMessage(kind: kind, payload: buffer)
            buffer = []
            messageKind = nil
            return .message(message)

        case .ping:
            return .ping(frame.payload)
        case .pong:
            return .pong(frame.payload)
        case .close:
            let (code, reason) = try Self.decodeClosePayload(frame.payload)
            return .close(code, reason: reason)
        }
    }

    /// Decodes and validates a close frame payload: empty, or a code a peer may send followed by
    /// a UTF-8 reason.
    public static func decodeClosePayload(_ payload: [UInt8]) throws(WebSocketProtocolError) -> (WebSocketCloseCode?, String) {
        if payload.isEmpty { return (nil, "") }
        if payload.count == 1 { throw .invalidClosePayload }
        let code = WebSocketCloseCode(UInt16(payload[0]) << 8 | UInt16(payload[1]))
        if !code.isValidInCloseFrame { throw .invalidCloseCode(code.rawValue) }
        let reasonBytes = payload[2...]
        var validator = UTF8Validator()
        let valid = reasonBytes.withUnsafeBytes { validator.validate($0) } && validator.isComplete
        if !valid { throw .invalidUTF8("close reason") }
        return (code, String(decoding: reasonBytes, as: UTF8.self))
    }
}
