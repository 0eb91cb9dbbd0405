/// Writes frames in wire format, always with the minimal length encoding (RFC 6455 §5.2).
///
/// Appends to a caller-owned `[UInt8]` so a connection can batch many frames into one write
/// buffer; `writeHeader(into:)` serves callers that manage raw memory themselves.
public enum FrameEncoder {
    /// The largest header: 2 bytes, an 8-byte length and a 4-byte masking key.
    public static let maxHeaderSize = 14

    /// The header size for a payload of `payloadLength` bytes.
    @inlinable
    public static func headerSize(payloadLength: Int, masked: Bool) -> Int {
        let lengthBytes = payloadLength < 126 ? 0 : (payloadLength <= 0xFFFF ? 2 : 8)
        return 2 + lengthBytes + (masked ? 4 : 0)
    }

    /// Writes a frame header into `destination`, which must hold `headerSize(...)` bytes.
    /// - Returns: the number of bytes written.
    @inlinable
    public static func writeHeader(into destination: UnsafeMutableRawPointer, fin: Bool, reservedBits: UInt8 = 0,
                                   opcode: WebSocketOpcode, payloadLength: Int,
                                   maskingKey: WebSocketMaskingKey?) -> Int {
        destination.storeBytes(of: (fin ? 0x80 : 0) | (reservedBits & 0x70) | opcode.rawValue, as: UInt8.self)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var offset: Int
        if payloadLength < 126 {
            destination.storeBytes(of: maskBit | UInt8(payloadLength), toByteOffset: 1, as: UInt8.self)
            offset = 2
        } else if payloadLength <= 0xFFFF {
            destination.storeBytes(of: maskBit | 126, toByteOffset: 1, as: UInt8.self)
            destination.storeBytes(of: UInt16(payloadLength).bigEndian, toByteOffset: 2, as: UInt16.self)
            offset = 4
        } else {
            destination.storeBytes(of: maskBit | 127, toByteOffset: 1, as: UInt8.self)
            destination.storeBytes(of: UInt64(payloadLength).bigEndian, toByteOffset: 2, as: UInt64.self)
            offset = 10
        }
        if let maskingKey {
            destination.storeBytes(of: maskingKey.word, toByteOffset: offset, as: UInt32.self)
            offset += 4
        }
        return offset
    }

    /// Appends one frame carrying `payload` to `buffer`, masking the payload when `maskingKey` is set.
    @inlinable
    public static func encode(opcode: WebSocketOpcode, fin: Bool = true, reservedBits: UInt8 = 0,
                              payload: UnsafeRawBufferPointer, maskingKey: WebSocketMaskingKey? = nil,
                              into buffer: inout [UInt8]) {
        let length = payload.count
        let needed = buffer.count + maxHeaderSize + length
        // Grow geometrically: reserving exactly on every frame would make batching quadratic.
        if buffer.capacity < needed { buffer.reserveCapacity(max(needed, buffer.capacity * 2)) }
        withUnsafeTemporaryAllocation(byteCount: maxHeaderSize, alignment: 8) { header in
            let written = writeHeader(into: header.baseAddress.unsafelyUnwrapped, fin: fin, reservedBits: reservedBits,
                                      opcode: opcode, payloadLength: length, maskingKey: maskingKey)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: header[..<written]))
        }
        guard length > 0 else { return }
        let start = buffer.count
        buffer.append(contentsOf: payload)
        if let maskingKey {
            buffer.withUnsafeMutableBytes { bytes in
                maskingKey.apply(to: UnsafeMutableRawBufferPointer(rebasing: bytes[start...]))
            }
        }
    }

    /// Appends one frame carrying `payload` to `buffer`.
    @inlinable
    public static func encode(opcode: WebSocketOpcode, fin: Bool = true, reservedBits: UInt8 = 0,
                              payload: [UInt8], maskingKey: WebSocketMaskingKey? = nil,
                              into buffer: inout [UInt8]) {
        payload.withUnsafeBytes { bytes in
            encode(opcode: opcode, fin: fin, reservedBits: reservedBits, payload: bytes,
                   maskingKey: maskingKey, into: &buffer)
        }
    }

    /// Appends `frame` to `buffer`, masked with the frame's key if it has one.
    @inlinable
    public static func encode(_ frame: WebSocketFrame, into buffer: inout [UInt8]) {
        encode(opcode: frame.opcode, fin: frame.fin, reservedBits: frame.reservedBits, payload: frame.payload,
               maskingKey: frame.maskingKey, into: &buffer)
    }

    /// Appends `message` as a single unfragmented frame.
    @inlinable
    public static func encode(_ message: WebSocketMessage, maskingKey: WebSocketMaskingKey? = nil,
                              into buffer: inout [UInt8]) {
        encode(opcode: message.opcode, payload: message.payload, maskingKey: maskingKey, into: &buffer)
    }

    /// Appends a close frame with `code` and `reason` (see `closePayload(code:reason:)`).
    public static func encodeClose(code: WebSocketCloseCode?, reason: String = "",
                                   maskingKey: WebSocketMaskingKey? = nil, into buffer: inout [UInt8]) {
        encode(opcode: .close, payload: closePayload(code: code, reason: reason), maskingKey: maskingKey, into: &buffer)
    }

    /// `frame` in wire format.
    public static func encode(_ frame: WebSocketFrame) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(frame.encodedSize)
        encode(frame, into: &buffer)
        return buffer
    }

    /// The payload of a close frame: the code in network order, then `reason` truncated to fit
    /// the 125-byte control-frame limit at a character boundary. No code gives an empty payload.
    public static func closePayload(code: WebSocketCloseCode?, reason: String = "") -> [UInt8] {
        guard let code else { return [] }
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        var reasonBytes = Array(reason.utf8.prefix(123))
        // Drop a partial character left by the cut: back up to the last lead byte.
        if reason.utf8.count > 123 {
            while !reasonBytes.isEmpty && !UTF8Validator.isValid(reasonBytes) {
                reasonBytes.removeLast()
            }
        }
        payload.append(contentsOf: reasonBytes)
        return payload
    }
}
