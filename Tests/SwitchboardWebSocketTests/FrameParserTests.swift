import SwitchboardWebSocket
import Testing

@Suite struct FrameParserTests {
    // RFC 6455 §5.7 examples.
    @Test func parsesTheUnmaskedHelloExampleAsAClient() {
        let (frames, error) = parseAll([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], role: .client)
        #expect(error == nil)
        #expect(frames == [WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))])
    }

    @Test func parsesAndUnmasksTheMaskedHelloExampleAsAServer() {
        let (frames, error) = parseAll([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58], role: .server)
        #expect(error == nil)
        #expect(frames.count == 1)
        #expect(frames.first?.payload == Array("Hello".utf8))
        #expect(frames.first?.maskingKey == testKey)
        #expect(frames.first?.fin == true)
    }

    @Test func parsesTheFragmentedHelloExample() {
        let (frames, error) = parseAll([0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F])
        #expect(error == nil)
        #expect(frames == [
            WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
            WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)),
        ])
    }

    @Test func parsesPingAndMaskedPongExamples() {
        let ping = parseAll([0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], role: .client)
        #expect(ping.0 == [WebSocketFrame(opcode: .ping, payload: Array("Hello".utf8))])
        let pong = parseAll([0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58], role: .server)
        #expect(pong.0.first?.opcode == .pong)
        #expect(pong.0.first?.payload == Array("Hello".utf8))
    }

    @Test func parses16BitAnd64BitLengths() {
        let medium = [UInt8](repeating: 0xAB, count: 256)
        let (frames16, error16) = parseAll([0x82, 0x7E, 0x01, 0x00] + medium)
        #expect(error16 == nil)
        #expect(frames16.first?.payload == medium)

        let large = [UInt8](repeating: 0xCD, count: 65536)
        let (frames64, error64) = parseAll([0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00] + large)
        #expect(error64 == nil)
        #expect(frames64.first?.payload == large)
    }

    @Test func acceptsNonMinimalLengthEncodings() {
        // RFC 6455 asks senders for minimal lengths; receivers here are lenient, like most peers.
        let (frames, error) = parseAll([0x82, 0x7E, 0x00, 0x03, 1, 2, 3])
        #expect(error == nil)
        #expect(frames.first?.payload == [1, 2, 3])
    }

    @Test func emptyPayloadFramesCompleteWithTheHeader() {
        let (frames, error) = parseAll([0x81, 0x00, 0x89, 0x00])
        #expect(error == nil)
        #expect(frames == [WebSocketFrame(opcode: .text), WebSocketFrame(opcode: .ping)])
    }

    @Test func everySplitOfAMixedStreamYieldsTheSameFrames() {
        var stream: [UInt8] = []
        stream += encoded(.text, Array("Hello, world".utf8), fin: false, mask: testKey)
        stream += encoded(.ping, [1, 2, 3], mask: WebSocketMaskingKey(1, 2, 3, 4))
        stream += encoded(.continuation, [UInt8](repeating: 0x61, count: 300), mask: WebSocketMaskingKey(9, 8, 7, 6))
        stream += encoded(.binary, [], mask: testKey)
        stream += encoded(.close, [0x03, 0xE8], mask: testKey)
        let (whole, wholeError) = parseAll(stream, role: .server)
        #expect(wholeError == nil)
        #expect(whole.count == 5)
        for cut in 0...stream.count {
            let (split, error) = parseChunks([Array(stream[..<cut]), Array(stream[cut...])], role: .server)
            #expect(error == nil)
            #expect(split == whole, "split at \(cut)")
        }
        for first in stride(from: 0, through: stream.count, by: 7) {
            for second in stride(from: first, through: stream.count, by: 13) {
                let chunks = [Array(stream[..<first]), Array(stream[first..<second]), Array(stream[second...])]
                #expect(parseChunks(chunks, role: .server).0 == whole)
            }
        }
    }

    @Test func byteByByteFeedingYieldsTheSameFrames() {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let stream = encoded(.binary, payload, mask: testKey) + encoded(.text, Array("é".utf8), mask: testKey)
        let (frames, error) = parseChunks(stream.map { [$0] }, role: .server)
        #expect(error == nil)
        #expect(frames.map(\.payload) == [payload, Array("é".utf8)])
    }

    @Test func indexStopsAfterEachFrameSoTheRestCanBeHandedOn() throws {
        let stream: [UInt8] = [0x81, 0x01, 0x41, 0x82, 0x02, 0x01, 0x02, 0xFF]
        var parser = FrameParser(role: .client)
        try stream.withUnsafeBytes { buffer in
            var index = 0
            let first = try parser.nextFrame(from: buffer, index: &index)
            #expect(first?.payload == [0x41])
            #expect(index == 3)
            let second = try parser.nextFrame(from: buffer, index: &index)
            #expect(second?.payload == [1, 2])
            #expect(index == 7)
            #expect(parser.isAtFrameBoundary)
        }
    }

    @Test func keepsAPartialFrameAndReportsItIsMidFrame() throws {
        var parser = FrameParser(role: .client)
        #expect(try parser.frames(in: [0x81, 0x03, 0x61]).isEmpty)
        #expect(!parser.isAtFrameBoundary)
        #expect(try parser.frames(in: [0x62, 0x63]) == [WebSocketFrame(opcode: .text, payload: Array("abc".utf8))])
        #expect(parser.isAtFrameBoundary)
    }

    // MARK: Header rules

    @Test(arguments: [0x40, 0x20, 0x10, 0x70] as [UInt8])
    func reservedBitsWithoutAnExtensionFailWith1002(bits: UInt8) {
        let (_, error) = parseAll([0x81 | bits])
        #expect(error?.code == .reservedBitsSet)
        #expect(error?.closeCode == .protocolError)
    }

    @Test func negotiatedReservedBitsAreAccepted() {
        let configuration = FrameParser.Configuration(allowedReservedBits: 0x40)
        let (frames, error) = parseAll([0xC1, 0x01, 0x41], configuration: configuration)
        #expect(error == nil)
        #expect(frames.first?.rsv1 == true)
        #expect(parseAll([0xA1, 0x01, 0x41], configuration: configuration).1?.code == .reservedBitsSet)
    }

    @Test(arguments: [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] as [UInt8])
    func reservedOpcodesFailWith1002FromTheFirstByte(opcode: UInt8) {
        let (_, error) = parseAll([0x80 | opcode])
        #expect(error?.code == .reservedOpcode)
        #expect(error?.closeCode == .protocolError)
    }

    @Test(arguments: [0x88, 0x89, 0x8A] as [UInt8])
    func controlFramesOver125BytesFailBeforeTheLengthIsRead(firstByte: UInt8) {
        #expect(parseAll([firstByte, 0x7E]).1?.code == .controlFrameTooLong)
        #expect(parseAll([firstByte, 0x7F]).1?.code == .controlFrameTooLong)
        let payload = [UInt8](repeating: 0, count: 125)
        #expect(parseAll([firstByte, 125] + payload).1 == nil)
    }

    @Test(arguments: [0x08, 0x09, 0x0A] as [UInt8])
    func fragmentedControlFramesFailWith1002(firstByte: UInt8) {
        let (_, error) = parseAll([firstByte, 0x00])
        #expect(error?.code == .fragmentedControlFrame)
        #expect(error?.closeCode == .protocolError)
    }

    @Test func unmaskedFramesFromAClientFailWith1002() {
        let (_, error) = parseAll([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], role: .server)
        #expect(error?.code == .unmaskedFrame)
        #expect(error?.closeCode == .protocolError)
    }

    @Test func maskedFramesFromAServerFailWith1002() {
        let (_, error) = parseAll([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D], role: .client)
        #expect(error?.code == .maskedFrame)
    }

    @Test func anOversizedFrameFailsWith1009FromItsHeaderAlone() {
        // 16,385 bytes declared, limit 16,384: rejected after 4 header bytes, nothing buffered.
        let configuration = FrameParser.Configuration(maxFrameSize: 16384)
        let (_, error) = parseAll([0x81, 0xFE, 0x40, 0x01], role: .server, configuration: configuration)
        #expect(error?.code == .frameTooLarge)
        #expect(error?.closeCode == .messageTooBig)
        let exact = parseAll([0x81, 0xFE, 0x40, 0x00, 1, 2, 3, 4], role: .server, configuration: configuration)
        #expect(exact.1 == nil)
    }

    @Test func aHuge64BitLengthFailsWith1009() {
        let (_, error) = parseAll([0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(error?.code == .frameTooLarge)
        #expect(error?.closeCode == .messageTooBig)
    }

    @Test func a64BitLengthWithTheHighBitSetFailsWith1002() {
        let (_, error) = parseAll([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0x01])
        #expect(error?.code == .invalidPayloadLength)
        #expect(error?.closeCode == .protocolError)
    }

    @Test func aFailedParserKeepsFailingWithTheSameError() {
        var parser = FrameParser(role: .client)
        #expect(throws: WebSocketProtocolError.self) { try parser.frames(in: [0x83]) }
        do {
            _ = try parser.frames(in: [0x81, 0x00])
            Issue.record("a failed parser accepted more input")
        } catch {
            #expect(error.code == .reservedOpcode)
        }
    }

    @Test func errorsDescribeWhatWasSeenAndTheLimit() {
        let configuration = FrameParser.Configuration(maxFrameSize: 10)
        let error = parseAll([0x82, 0x7E, 0x01, 0x00], configuration: configuration).1
        #expect(error?.description.contains("256") == true)
        #expect(error?.description.contains("10") == true)
    }
}

@Suite struct FrameParserFailFastTests {
    func header(_ firstByte: UInt8, length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        FrameEncoder.encode(opcode: WebSocketOpcode(rawValue: firstByte & 0x0F) ?? .text, fin: firstByte & 0x80 != 0,
                            payload: [UInt8](repeating: 0, count: length), maskingKey: testKey, into: &bytes)
        return Array(bytes.prefix(FrameEncoder.headerSize(payloadLength: length, masked: true)))
    }

    func masked(_ payload: [UInt8], from offset: Int = 0) -> [UInt8] {
        payload.enumerated().map { $1 ^ testKey[($0 + offset) % 4] }
    }

    @Test func invalidUTF8FailsWith1007BeforeTheRestOfALargeTextFrameArrives() {
        // 1,000 bytes announced; the 6th is invalid; only 10 have arrived.
        let start = header(0x81, length: 1000) + masked(Array("hello".utf8) + [0xFF, 0x61, 0x62, 0x63, 0x64])
        let (frames, error) = parseAll(start, role: .server)
        #expect(frames.isEmpty)
        #expect(error?.code == .invalidUTF8)
        #expect(error?.closeCode == .invalidPayloadData)
    }

    @Test func invalidUTF8InAContinuationFailsAsItArrives() {
        let first = encoded(.text, [0x61, 0xE2, 0x82], fin: false, mask: testKey)   // ends inside "€"
        let good = header(0x00, length: 100) + masked([0xAC, 0x63, 0x64])            // completes "€", "cd"
        #expect(parseAll(first + good, role: .server).1 == nil)
        let bad = header(0x00, length: 100) + masked([0xAC, 0xC0, 0xAF])              // then an overlong
        #expect(parseAll(first + bad, role: .server).1?.code == .invalidUTF8)
    }

    @Test func binaryPayloadsAreNotChecked() {
        let start = header(0x82, length: 100) + masked([0xFF, 0xFE, 0xFD])
        #expect(parseAll(start, role: .server).1 == nil)
        let continuation = encoded(.binary, [1], fin: false, mask: testKey) + header(0x80, length: 100) + masked([0xFF])
        #expect(parseAll(continuation, role: .server).1 == nil)
    }

    @Test func theCheckCanBeLeftToTheAssembler() {
        let configuration = FrameParser.Configuration(failsFastOnInvalidText: false)
        let start = header(0x81, length: 1000) + masked([0xFF])
        #expect(parseAll(start, role: .server, configuration: configuration).1 == nil)
    }

    @Test func validTextSplitAtEveryPointNeverFailsEarly() {
        let text = Array("ab€𝄞κόσμε".utf8)
        for cut in 0...text.count {
            let stream = encoded(.text, Array(text[..<cut]), fin: false, mask: testKey)
                + encoded(.continuation, Array(text[cut...]), mask: testKey)
            for split in 0...stream.count {
                let (frames, error) = parseChunks([Array(stream[..<split]), Array(stream[split...])], role: .server)
                #expect(error == nil, "fragment cut \(cut), read split \(split)")
                #expect(frames.count == 2)
            }
        }
    }
}

@Suite struct FrameParserParseResultTests {
    @Test func reportsFramesThenNeedMoreDataThenFailure() {
        var parser = FrameParser(role: .client)
        let bytes: [UInt8] = [0x81, 0x01, 0x41, 0x82, 0x02, 0x01]
        var results: [FrameParser.ParseResult] = []
        bytes.withUnsafeBytes { buffer in
            var index = 0
            results.append(parser.parse(buffer, index: &index))
            results.append(parser.parse(buffer, index: &index))
            #expect(index == bytes.count)
        }
        #expect(results == [.frame(WebSocketFrame(opcode: .text, payload: [0x41])), .needMoreData])
        [UInt8]([0x02, 0x83]).withUnsafeBytes { buffer in
            var index = 0
            #expect(parser.parse(buffer, index: &index) == .frame(WebSocketFrame(opcode: .binary, payload: [0x01, 0x02])))
            guard case .failed(let error) = parser.parse(buffer, index: &index) else {
                Issue.record("reserved opcode accepted")
                return
            }
            #expect(error.code == .reservedOpcode)
        }
    }
}
