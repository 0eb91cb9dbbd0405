import SwitchboardWebSocket

/// Parses `bytes` in one go and returns the frames, or the error that stopped parsing.
func parseAll(_ bytes: [UInt8], role: WebSocketRole = .client,
              configuration: FrameParser.Configuration = FrameParser.Configuration()) -> ([WebSocketFrame], WebSocketProtocolError?) {
    var parser = FrameParser(role: role, configuration: configuration)
    var frames: [WebSocketFrame] = []
    var failure: WebSocketProtocolError?
    bytes.withUnsafeBytes { buffer in
        var index = 0
        do throws(WebSocketProtocolError) {
            while let frame = try parser.nextFrame(from: buffer, index: &index) { frames.append(frame) }
        } catch {
            failure = error
        }
    }
    return (frames, failure)
}

/// Parses `bytes` fed as the given chunks, in order.
func parseChunks(_ chunks: [[UInt8]], role: WebSocketRole = .client,
                 configuration: FrameParser.Configuration = FrameParser.Configuration()) -> ([WebSocketFrame], WebSocketProtocolError?) {
    var parser = FrameParser(role: role, configuration: configuration)
    var frames: [WebSocketFrame] = []
    for chunk in chunks {
        var failure: WebSocketProtocolError?
        chunk.withUnsafeBytes { buffer in
            var index = 0
            do throws(WebSocketProtocolError) {
                while let frame = try parser.nextFrame(from: buffer, index: &index) { frames.append(frame) }
            } catch {
                failure = error
            }
        }
        if let failure { return (frames, failure) }
    }
    return (frames, nil)
}

/// Encodes one frame.
func encoded(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true,
             mask: WebSocketMaskingKey? = nil) -> [UInt8] {
    FrameEncoder.encode(WebSocketFrame(fin: fin, opcode: opcode, maskingKey: mask, payload: payload))
}

/// A small deterministic generator (SplitMix64) so randomized tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let testKey = WebSocketMaskingKey(0x37, 0xFA, 0x21, 0x3D)
