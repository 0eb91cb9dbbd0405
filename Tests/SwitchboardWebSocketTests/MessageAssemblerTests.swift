import SwitchboardWebSocket
import Testing

@Suite struct MessageAssemblerTests {
    func frame(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    @Test func anUnfragmentedFrameIsAMessage() throws {
        var assembler = MessageAssembler()
        #expect(try assembler.receive(frame(.text, Array("hi".utf8))) == .message(.text("hi")))
        #expect(try assembler.receive(frame(.binary, [0xFF, 0x00])) == .message(.binary([0xFF, 0x00])))
    }

    @Test func joinsFragmentsWithControlFramesInterleaved() throws {
        var assembler = MessageAssembler()
        #expect(try assembler.receive(frame(.text, Array("Hel".utf8), fin: false)) == .fragment)
        #expect(assembler.isAssemblingMessage)
        #expect(try assembler.receive(frame(.ping, [1])) == .ping([1]))
        #expect(try assembler.receive(frame(.continuation, Array("l".utf8), fin: false)) == .fragment)
        #expect(try assembler.receive(frame(.pong, [])) == .pong([]))
        #expect(try assembler.receive(frame(.continuation, Array("o".utf8))) == .message(.text("Hello")))
        #expect(!assembler.isAssemblingMessage)
        #expect(try assembler.receive(frame(.binary, [1], fin: false)) == .fragment)
        #expect(try assembler.receive(frame(.continuation, [])) == .message(.binary([1])))
    }

    @Test func aContinuationWithoutAStartFailsWith1002() {
        var assembler = MessageAssembler()
        #expect(throws: WebSocketProtocolError.self) { try assembler.receive(frame(.continuation, [1])) }
        do {
            _ = try assembler.receive(frame(.continuation, [1]))
        } catch {
            #expect(error.code == .unexpectedContinuation)
            #expect(error.closeCode == .protocolError)
        }
    }

    @Test(arguments: [WebSocketOpcode.text, .binary])
    func aNewDataFrameInsideAFragmentedMessageFailsWith1002(opcode: WebSocketOpcode) throws {
        var assembler = MessageAssembler()
        _ = try assembler.receive(frame(.binary, [1], fin: false))
        do {
            _ = try assembler.receive(frame(opcode, [2]))
            Issue.record("accepted a new data frame mid-message")
        } catch {
            #expect(error.code == .expectedContinuation)
            #expect(error.closeCode == .protocolError)
        }
    }

    @Test func messagesOverTheLimitFailWith1009AcrossFragments() throws {
        var assembler = MessageAssembler(maxMessageSize: 10)
        _ = try assembler.receive(frame(.binary, [UInt8](repeating: 0, count: 6), fin: false))
        do {
            _ = try assembler.receive(frame(.continuation, [UInt8](repeating: 0, count: 5)))
            Issue.record("accepted an 11-byte message with a 10-byte limit")
        } catch {
            #expect(error.code == .messageTooLarge)
            #expect(error.closeCode == .messageTooBig)
        }
        var single = MessageAssembler(maxMessageSize: 10)
        #expect(throws: WebSocketProtocolError.self) { try single.receive(frame(.text, [UInt8](repeating: 0x61, count: 11))) }
        #expect(try single.receive(frame(.text, [UInt8](repeating: 0x61, count: 10))) != .fragment)
    }

    @Test func invalidUTF8FailsAtTheFirstBadFragmentWith1007() throws {
        var assembler = MessageAssembler()
        _ = try assembler.receive(frame(.text, Array("ok ".utf8), fin: false))
        do {
            _ = try assembler.receive(frame(.continuation, [0xED, 0xA0, 0x80], fin: false))
            Issue.record("accepted a surrogate mid-message")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.closeCode == .invalidPayloadData)
        }
    }

    @Test func invalidUTF8InAFirstFragmentFailsBeforeTheMessageEnds() {
        var assembler = MessageAssembler()
        #expect(throws: WebSocketProtocolError.self) { try assembler.receive(frame(.text, [0xC0, 0xAF], fin: false)) }
    }

    @Test func aCharacterSplitAcrossFragmentsIsValid() throws {
        var assembler = MessageAssembler()
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        _ = try assembler.receive(frame(.text, [euro[0]], fin: false))
        _ = try assembler.receive(frame(.continuation, [euro[1]], fin: false))
        #expect(try assembler.receive(frame(.continuation, [euro[2]])) == .message(.text("€")))
    }

    @Test func textEndingInsideACharacterFailsWith1007() throws {
        var assembler = MessageAssembler()
        _ = try assembler.receive(frame(.text, [0x61, 0xE2, 0x82], fin: false))
        #expect(throws: WebSocketProtocolError.self) { try assembler.receive(frame(.continuation, [])) }
        var single = MessageAssembler()
        #expect(throws: WebSocketProtocolError.self) { try single.receive(frame(.text, [0xF0, 0x9F, 0x98])) }
    }

    @Test func binaryMessagesAreNotValidatedAsText() throws {
        var assembler = MessageAssembler()
        #expect(try assembler.receive(frame(.binary, [0xFF, 0xFE])) == .message(.binary([0xFF, 0xFE])))
    }

    @Test func decodesCloseFrames() throws {
        var assembler = MessageAssembler()
        #expect(try assembler.receive(frame(.close, [])) == .close(nil, reason: ""))
        #expect(try assembler.receive(frame(.close, [0x03, 0xE8] + Array("done".utf8))) == .close(.normalClosure, reason: "done"))
        #expect(try assembler.receive(frame(.close, [0x0F, 0xA0])) == .close(WebSocketCloseCode(4000), reason: ""))
    }

    @Test func aOneByteCloseFrameFailsWith1002() {
        var assembler = MessageAssembler()
        do {
            _ = try assembler.receive(frame(.close, [0x03]))
            Issue.record("accepted a 1-byte close payload")
        } catch {
            #expect(error.code == .invalidClosePayload)
            #expect(error.closeCode == .protocolError)
        }
    }

    @Test(arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000] as [UInt16])
    func closeFramesWithInvalidCodesFailWith1002(code: UInt16) {
        var assembler = MessageAssembler()
        do {
            _ = try assembler.receive(frame(.close, [UInt8(code >> 8), UInt8(code & 0xFF)]))
            Issue.record("accepted close code \(code)")
        } catch {
            #expect(error.code == .invalidCloseCode)
            #expect(error.closeCode == .protocolError)
        }
    }

    @Test func aCloseReasonThatIsNotUTF8FailsWith1007() {
        var assembler = MessageAssembler()
        do {
            _ = try assembler.receive(frame(.close, [0x03, 0xE8, 0xCE, 0xBA, 0xE1, 0xBD]))
            Issue.record("accepted a truncated close reason")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.closeCode == .invalidPayloadData)
        }
    }
}
