import SwitchboardWebSocket
import Testing

@Suite struct FrameEncoderTests {
    @Test func encodesTheRFCMaskedHelloExample() {
        let bytes = encoded(.text, Array("Hello".utf8), mask: testKey)
        #expect(bytes == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }

    @Test func encodesTheRFCFragmentedExample() {
        let bytes = encoded(.text, Array("Hel".utf8), fin: false) + encoded(.continuation, Array("lo".utf8))
        #expect(bytes == [0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F])
    }

    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10)])
    func usesTheMinimalLengthEncoding(length: Int, headerSize: Int) {
        let bytes = encoded(.binary, [UInt8](repeating: 7, count: length))
        #expect(bytes.count == headerSize + length)
        #expect(FrameEncoder.headerSize(payloadLength: length, masked: false) == headerSize)
        #expect(FrameEncoder.headerSize(payloadLength: length, masked: true) == headerSize + 4)
        switch headerSize {
        case 2: #expect(bytes[1] == UInt8(length))
        case 4: #expect(Array(bytes[1...3]) == [126, UInt8(length >> 8), UInt8(length & 0xFF)])
        default: #expect(Array(bytes[1...9]) == [127, 0, 0, 0, 0, 0, 1, 0, 0])
        }
    }

    @Test func roundTripsThroughTheParserForManySizesAndKeys() {
        var generator = SeededGenerator(seed: 42)
        for length in [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 125, 126, 127, 1000, 65535, 65536, 70000] {
            let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let key = WebSocketMaskingKey.random(using: &generator)
            let frame = WebSocketFrame(opcode: .binary, maskingKey: key, payload: payload)
            let bytes = FrameEncoder.encode(frame)
            #expect(bytes.count == frame.encodedSize)
            let (frames, error) = parseAll(bytes, role: .server)
            #expect(error == nil)
            #expect(frames == [frame], "length \(length)")
        }
    }

    @Test func appendsToAnExistingBuffer() {
        var buffer: [UInt8] = [0xEE]
        FrameEncoder.encode(opcode: .ping, payload: [1], into: &buffer)
        FrameEncoder.encode(opcode: .pong, payload: [2], into: &buffer)
        #expect(buffer == [0xEE, 0x89, 0x01, 0x01, 0x8A, 0x01, 0x02])
    }

    @Test func writesReservedBitsAndFin() {
        let bytes = FrameEncoder.encode(WebSocketFrame(fin: false, rsv1: true, rsv3: true, opcode: .binary))
        #expect(bytes == [0x52, 0x00])
    }

    @Test func closePayloadCarriesTheCodeThenTheReason() {
        #expect(FrameEncoder.closePayload(code: .goingAway, reason: "bye") == [0x03, 0xE9, 0x62, 0x79, 0x65])
        #expect(FrameEncoder.closePayload(code: nil, reason: "ignored") == [])
    }

    @Test func closePayloadTruncatesLongReasonsAtACharacterBoundary() {
        let reason = String(repeating: "a", count: 122) + "€€"
        let payload = FrameEncoder.closePayload(code: .normalClosure, reason: reason)
        #expect(payload.count <= 125)
        #expect(payload.count == 2 + 122)
        #expect(UTF8Validator.isValid(Array(payload[2...])))
    }
}

@Suite struct FrameEncoderConvenienceTests {
    @Test func encodesMessagesAndCloseFrames() {
        var buffer: [UInt8] = []
        FrameEncoder.encode(WebSocketMessage.text("hi"), into: &buffer)
        FrameEncoder.encodeClose(code: .goingAway, into: &buffer)
        #expect(buffer == [0x81, 0x02, 0x68, 0x69, 0x88, 0x02, 0x03, 0xE9])
        var masked: [UInt8] = []
        FrameEncoder.encode(WebSocketMessage.binary([1]), maskingKey: testKey, into: &masked)
        #expect(masked == [0x82, 0x81, 0x37, 0xFA, 0x21, 0x3D, 0x01 ^ 0x37])
    }
}
