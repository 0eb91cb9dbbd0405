/// Incremental RFC 6455 frame parser. Feed it bytes in any split; it returns each frame as soon as
/// its last byte arrives, with the payload unmasked.
///
/// Every header rule is checked as soon as the bytes that decide it are in, before any payload is
/// buffered: reserved bits and opcodes, control-frame length and fragmentation, masking by role,
/// the 64-bit length's top bit, and the maximum frame size (so an oversized frame never costs
/// memory). After an error the parser stays failed and rethrows the same error.
///
/// Drive it from a read buffer:
/// ```
/// var index = 0
/// while let frame = try parser.nextFrame(from: bytes, index: &index) { handle(frame) }
/// // here index == bytes.count: partial frames are kept inside the parser
/// ```
public struct FrameParser: Sendable {
    /// Limits and negotiated options.
    public struct Configuration: Sendable, Hashable {
        /// The largest payload accepted in a single frame; larger frames fail with 1009.
        public var maxFrameSize: Int
        /// RSV bits an extension has negotiated (as in the header byte: 0x40, 0x20, 0x10).
        public var allowedReservedBits: UInt8
        /// Validate the UTF-8 of a text frame while its payload is still arriving, so a bad byte
        /// fails the connection (1007) without waiting for the rest of a large frame. Frames that
        /// arrive whole are left to `MessageAssembler`, which validates every text message.
        public var failsFastOnInvalidText: Bool

        /// - Parameters:
        ///   - maxFrameSize: largest payload of one frame, in bytes (default 16 MiB).
        ///   - allowedReservedBits: RSV bits negotiated by extensions (default none).
        ///   - failsFastOnInvalidText: check text payloads as they arrive (default on).
        public init(maxFrameSize: Int = 16 << 20, allowedReservedBits: UInt8 = 0, failsFastOnInvalidText: Bool = true) {
            self.maxFrameSize = maxFrameSize
            self.allowedReservedBits = allowedReservedBits
            self.failsFastOnInvalidText = failsFastOnInvalidText
        }
    }

    /// The decoded fixed part of a frame header.
    struct Header {
        var firstByte: UInt8
        var opcode: WebSocketOpcode
        var maskingKey: WebSocketMaskingKey?
        var length: Int
        /// Whether the payload is text to check as it arrives (see `failsFastOnInvalidText`).
        var checksText = false
    }

    enum State {
        /// Waiting for (the rest of) a header; partial header bytes are in `headerBytes`.
        case header
        /// Collecting `header.length` payload bytes into `payload`.
        case payload(Header)
        case failed(WebSocketProtocolError)
    }

    /// Initial buffer for a frame whose payload arrives over several reads.
    static let initialPartialCapacity = 64 << 10

    public let role: WebSocketRole
    public let configuration: Configuration
    var state: State = .header
    /// A header split across reads (at most 14 bytes).
    var headerBytes: [UInt8] = []
    /// A payload split across reads.
    var payload: [UInt8] = []
    /// The kind of fragmented message in progress, tracked from headers by the same rules as
    /// `MessageAssembler`, so text is checked early only where the assembler would check it.
    var messageInProgress: WebSocketMessage.Kind?
    /// UTF-8 state of a text payload that arrives in pieces.
    var partialText = UTF8Validator()
    /// Leading continuation bytes of a continuation frame to pass over: they may finish a
    /// character begun in the previous fragment, which this parser did not necessarily check.
    var continuationBytesToSkip = 0

    /// - Parameters:
    ///   - role: this endpoint's role; a server requires masked frames, a client unmasked ones.
    ///   - configuration: limits and negotiated reserved bits.
    public init(role: WebSocketRole, configuration: Configuration = Configuration()) {
        self.role = role
        self.configuration = configuration
    }

    /// True when no partial frame is buffered (the parser sits at a frame boundary).
    public var isAtFrameBoundary: Bool {
        if case .header = state { return headerBytes.isEmpty }
        return false
    }

    /// Consumes bytes of `input` from `index` on and returns the next complete frame, or nil once
    /// all of `input` is consumed without completing one (the partial frame is kept). `index` is
    /// advanced past exactly the bytes used, so the caller can hand the rest to another parser.
    ///
    /// - Throws: `WebSocketProtocolError` for a frame that breaks RFC 6455 or the limits; the
    ///   parser then stays failed.
    public mutating func nextFrame(from input: UnsafeRawBufferPointer, index: inout Int) throws(WebSocketProtocolError) -> WebSocketFrame? {
        guard let base = input.baseAddress, index < input.count else {
            if case .failed(let error) = state { throw error }
            return nil
        }
        while index < input.count {
            switch state {
            case .failed(let error):
                throw error

            case .header:
                let available = input.count &- index
                var header: Header
                if headerBytes.isEmpty {
                    let decoded: (Header, Int)?
                    do {
                        decoded = try decodeHeader(base + index, available: available)
                    } catch {
                        state = .failed(error)
                        throw error
                    }
                    guard let (decodedHeader, headerLength) = decoded else {
                        // Fewer bytes than the header needs (< 14): keep them for the next read.
                        headerBytes.append(contentsOf: UnsafeRawBufferPointer(start: base + index, count: available))
                        index = input.count
                        return nil
                    }
                    header = decodedHeader
                    index &+= headerLength
                } else {
                    let alreadyHeld = headerBytes.count
                    let taken = min(14 &- alreadyHeld, available)
                    headerBytes.append(contentsOf: UnsafeRawBufferPointer(start: base + index, count: taken))
                    let result = headerBytes.withUnsafeBytes { bytes in
                        Result { () throws(WebSocketProtocolError) in
                            try decodeHeader(bytes.baseAddress.unsafelyUnwrapped, available: bytes.count)
                        }
                    }
                    let decoded: (Header, Int)?
                    switch result {
                    case .success(let value):
                        decoded = value
                    case .failure(let error):
                        state = .failed(error)
                        throw error
                    }
                    guard let (decodedHeader, headerLength) = decoded else {
                        index &+= taken
                        return nil
                    }
                    header = decodedHeader
                    index &+= headerLength &- alreadyHeld
                    headerBytes.removeAll(keepingCapacity: true)
                }

                trackMessage(&header)
                let length = header.length
                if length == 0 {
                    return makeFrame(header, payload: [])
                }
                let rest = input.count &- index
                if rest >= length {
                    // Fast path: the whole payload is here; copy and unmask in one pass.
                    let source = UnsafeRawPointer(base + index)
                    let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
                        let destination = UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped)
                        if let key = header.maskingKey {
                            WebSocketMaskingKey.xor(from: source, to: destination, count: length, key: key)
                        } else {
                            destination.copyMemory(from: source, byteCount: length)
                        }
                        initialized = length
                    }
                    index &+= length
                    return makeFrame(header, payload: bytes)
                }
                payload = []
                // A header alone must not commit memory for a frame that may never arrive:
                // start small and grow toward the declared length as bytes come in.
                payload.reserveCapacity(min(length, Self.initialPartialCapacity))
                if header.checksText {
                    partialText.reset()
                    continuationBytesToSkip = header.opcode == .continuation ? 3 : 0
                }
                state = .payload(header)
                try appendPayload(base + index, count: rest, header: header)
                index = input.count
                return nil

            case .payload(let header):
                let needed = header.length &- payload.count
                let taken = min(needed, input.count &- index)
                try appendPayload(base + index, count: taken, header: header)
                index &+= taken
                guard taken == needed else { return nil }
                state = .header
                let bytes = payload
                payload = []
                return makeFrame(header, payload: bytes)
            }
        }
        return nil
    }

    /// Parses every complete frame in `bytes`, keeping any partial frame for the next call.
    public mutating func frames(in bytes: some Sequence<UInt8>) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        let array = Array(bytes)
        var frames: [WebSocketFrame] = []
        var index = 0
        var failure: WebSocketProtocolError?
        array.withUnsafeBytes { buffer in
            do throws(WebSocketProtocolError) {
                while let frame = try nextFrame(from: buffer, index: &index) {
                    frames.append(frame)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return frames
    }

    @inline(__always)
    private mutating func makeFrame(_ header: Header, payload: [UInt8]) -> WebSocketFrame {
        state = .header
        let first = header.firstByte
        return WebSocketFrame(
            fin: first & 0x80 != 0, rsv1: first & 0x40 != 0, rsv2: first & 0x20 != 0, rsv3: first & 0x10 != 0,
            opcode: header.opcode, maskingKey: header.maskingKey, payload: payload)
    }

    /// Follows the message a data frame belongs to, deciding whether its payload is text to
    /// check early. Frames the assembler will reject for sequence errors (1002) are not checked,
    /// so the close code never depends on how the input was split.
    @inline(__always)
    private mutating func trackMessage(_ header: inout Header) {
        let fin = header.firstByte & 0x80 != 0
        switch header.opcode {
        case .text, .binary:
            guard messageInProgress == nil else { return }
            let isText = header.opcode == .text
            header.checksText = isText && configuration.failsFastOnInvalidText
            if !fin { messageInProgress = isText ? .text : .binary }
        case .continuation:
            guard let kind = messageInProgress else { return }
            header.checksText = kind == .text && configuration.failsFastOnInvalidText
            if fin { messageInProgress = nil }
        case .close, .ping, .pong:
            break
        }
    }

    /// Appends `count` bytes to the partial payload, unmasking them at their payload offset, and
    /// checks them when they are text.
    private mutating func appendPayload(_ source: UnsafeRawPointer, count: Int, header: Header) throws(WebSocketProtocolError) {
        guard count > 0 else { return }
        let offset = payload.count
        if offset + count > payload.capacity {
            payload.reserveCapacity(min(header.length, max(offset + count, payload.capacity * 2)))
        }
        payload.append(contentsOf: UnsafeRawBufferPointer(start: source, count: count))
        if let key = header.maskingKey {
            payload.withUnsafeMutableBytes { bytes in
                key.apply(to: UnsafeMutableRawBufferPointer(rebasing: bytes[offset...]), payloadOffset: offset)
            }
        }
        guard header.checksText else { return }
        let valid = payload.withUnsafeBytes { bytes in
            var start = offset
            while continuationBytesToSkip > 0 && start < bytes.count && bytes[start] & 0xC0 == 0x80 {
                start &+= 1
                continuationBytesToSkip &-= 1
            }
            if start < bytes.count { continuationBytesToSkip = 0 }
            return partialText.validate(UnsafeRawBufferPointer(rebasing: bytes[start...]))
        }
        if !valid {
            let error = WebSocketProtocolError.invalidUTF8("text frame")
            state = .failed(error)
            throw error
        }
    }

    /// Decodes a header from `available` bytes at `pointer`: nil when more bytes are needed, the
    /// header and its length otherwise. Each rule is checked as soon as its bytes are present.
    @inline(__always)
    private func decodeHeader(_ pointer: UnsafeRawPointer, available: Int) throws(WebSocketProtocolError) -> (Header, Int)? {
        let first = pointer.load(as: UInt8.self)
        let reserved = first & 0x70 & ~configuration.allowedReservedBits
        if reserved != 0 { throw .reservedBits(reserved) }
        let rawOpcode = first & 0x0F
        guard let opcode = WebSocketOpcode(rawValue: rawOpcode) else { throw .reservedOpcode(rawOpcode) }
        let isControl = opcode.isControl
        if isControl && first & 0x80 == 0 { throw .fragmentedControlFrame(rawOpcode) }
        guard available >= 2 else { return nil }

        let second = pointer.load(fromByteOffset: 1, as: UInt8.self)
        let masked = second & 0x80 != 0
        switch role {
        case .server: if !masked { throw .unmaskedFrame }
        case .client: if masked { throw .maskedFrame }
        }
        let shortLength = Int(second & 0x7F)
        if isControl && shortLength > 125 { throw .controlFrameTooLong(rawOpcode, length: shortLength) }

        var headerLength = 2
        let length: Int
        switch shortLength {
        case 126:
            guard available >= 4 else { return nil }
            length = Int(UInt16(pointer.load(fromByteOffset: 2, as: UInt8.self)) << 8
                | UInt16(pointer.load(fromByteOffset: 3, as: UInt8.self)))
            headerLength = 4
        case 127:
            guard available >= 10 else { return nil }
            let wide = UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            if wide & (1 << 63) != 0 { throw .invalidPayloadLength }
            if wide > UInt64(configuration.maxFrameSize) {
                throw .frameTooLarge(length: wide, limit: configuration.maxFrameSize)
            }
            length = Int(wide)
            headerLength = 10
        default:
            length = shortLength
        }
        if length > configuration.maxFrameSize {
            throw .frameTooLarge(length: UInt64(length), limit: configuration.maxFrameSize)
        }

        var maskingKey: WebSocketMaskingKey?
        if masked {
            guard available >= headerLength &+ 4 else { return nil }
            maskingKey = WebSocketMaskingKey(
                pointer.load(fromByteOffset: headerLength, as: UInt8.self),
                pointer.load(fromByteOffset: headerLength &+ 1, as: UInt8.self),
                pointer.load(fromByteOffset: headerLength &+ 2, as: UInt8.self),
                pointer.load(fromByteOffset: headerLength &+ 3, as: UInt8.self))
            headerLength &+= 4
        }
        return (Header(firstByte: first, opcode: opcode, maskingKey: maskingKey, length: length), headerLength)
    }
}
