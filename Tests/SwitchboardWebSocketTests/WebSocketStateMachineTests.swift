import SwitchboardWebSocket
import Testing

@Suite struct WebSocketStateMachineTests {
    let start = ContinuousClock.now
    func at(_ seconds: Double) -> ContinuousClock.Instant { start.advanced(by: .milliseconds(Int(seconds * 1000))) }

    func machine(_ role: WebSocketRole = .server, maxMessageSize: Int = 1 << 20) -> WebSocketStateMachine {
        let configuration = WebSocketStateMachine.Configuration(
            maxMessageSize: maxMessageSize, pingInterval: .seconds(10), idleTimeout: .seconds(30), closeTimeout: .seconds(5))
        return WebSocketStateMachine(role: role, configuration: configuration, now: start)
    }

    func frame(_ opcode: WebSocketOpcode, _ payload: [UInt8] = [], fin: Bool = true) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    @Test func framesInActionsOut() {
        typealias Action = WebSocketStateMachine.Action
        let table: [(WebSocketFrame, Action)] = [
            (frame(.text, Array("hi".utf8)), .deliver(.text("hi"))),
            (frame(.binary, [1, 2]), .deliver(.binary([1, 2]))),
            (frame(.ping, [7, 7]), .sendPong([7, 7])),
            (frame(.pong, [1]), .ignore),
            (frame(.binary, [1], fin: false), .ignore),
            (frame(.ping, []), .sendPong([])),
            (frame(.continuation, [2]), .deliver(.binary([1, 2]))),
        ]
        var sm = machine()
        for (index, (input, expected)) in table.enumerated() {
            #expect(sm.receive(input, now: at(Double(index))) == expected, "row \(index)")
        }
        #expect(sm.isOpen)
    }

    @Test func aServerEchoesThePeersCloseAndClosesTCP() {
        var sm = machine(.server)
        let action = sm.receive(frame(.close, [0x03, 0xE9] + Array("bye".utf8)), now: at(1))
        #expect(action == .sendClose(.goingAway, reason: "", closeConnection: true))
        #expect(sm.isClosed)
        #expect(sm.peerClose?.code == .goingAway)
        #expect(sm.peerClose?.reason == "bye")
        #expect(sm.receive(frame(.text, Array("late".utf8)), now: at(2)) == .ignore)
    }

    @Test func anEmptyCloseIsEchoedEmpty() {
        var sm = machine(.server)
        #expect(sm.receive(frame(.close), now: at(1)) == .sendClose(nil, reason: "", closeConnection: true))
    }

    @Test func aClientEchoesTheCloseThenWaitsForTheServerToCloseTCP() {
        var sm = machine(.client)
        #expect(sm.receive(frame(.close, [0x03, 0xE8]), now: at(1)) == .sendClose(.normalClosure, reason: "", closeConnection: false))
        #expect(!sm.isOpen)
        #expect(sm.pingTick(now: at(5)) == .ignore)
        #expect(sm.pingTick(now: at(6)) == .closeConnection(.closeHandshakeTimeout))
        #expect(sm.isClosed)
    }

    @Test func afterThePeersCloseAClientIgnoresGarbageUntilTheTimeout() {
        var sm = machine(.client)
        _ = sm.receive(frame(.close), now: at(0))
        var parser = FrameParser(role: .client)
        do {
            _ = try parser.frames(in: [0x83])
            Issue.record("reserved opcode accepted")
        } catch {
            #expect(sm.receive(error) == .ignore)
        }
        #expect(sm.receive(frame(.text, [0xFF]), now: at(1)) == .ignore)
        #expect(sm.pingTick(now: at(5)) == .closeConnection(.closeHandshakeTimeout))
    }

    @Test func weInitiateCloseThenThePeersCloseCompletesTheHandshake() {
        var sm = machine(.server)
        #expect(sm.close(code: .goingAway, reason: "shutdown", now: at(1)) == .sendClose(.goingAway, reason: "shutdown", closeConnection: false))
        #expect(!sm.isOpen)
        #expect(sm.close(code: .normalClosure, now: at(1.5)) == .ignore)
        // Data still in flight from the peer is delivered; pings are no longer answered.
        #expect(sm.receive(frame(.text, Array("x".utf8)), now: at(2)) == .deliver(.text("x")))
        #expect(sm.receive(frame(.ping, [1]), now: at(2)) == .ignore)
        #expect(sm.receive(frame(.close, [0x03, 0xE9]), now: at(3)) == .closeConnection(.handshakeComplete))
        #expect(sm.isClosed)
    }

    @Test func aPeerThatNeverAnswersOurCloseIsDroppedAfterTheTimeout() {
        var sm = machine(.server)
        _ = sm.close(code: .goingAway, now: at(0))
        #expect(sm.pingTick(now: at(4.9)) == .ignore)
        #expect(sm.pingTick(now: at(5)) == .closeConnection(.closeHandshakeTimeout))
        #expect(sm.pingTick(now: at(6)) == .ignore)
    }

    @Test(arguments: [
        (WebSocketFrame(opcode: .continuation, payload: [1]), WebSocketCloseCode.protocolError),
        (WebSocketFrame(opcode: .text, payload: [0xFF]), .invalidPayloadData),
        (WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 11)), .messageTooBig),
        (WebSocketFrame(opcode: .close, payload: [0x03]), .protocolError),
        (WebSocketFrame(opcode: .close, payload: [0x03, 0xED]), .protocolError),
        (WebSocketFrame(opcode: .close, payload: [0x03, 0xE8, 0xFF]), .invalidPayloadData),
    ])
    func protocolErrorsFailTheConnectionWithTheirCloseCode(input: WebSocketFrame, code: WebSocketCloseCode) {
        var sm = machine(maxMessageSize: 10)
        let action = sm.receive(input, now: at(1))
        guard case .sendClose(let sent, _, let closeConnection) = action else {
            Issue.record("expected sendClose, got \(action)")
            return
        }
        #expect(sent == code)
        #expect(closeConnection)
        #expect(sm.isClosed)
    }

    @Test func parserErrorsFailTheConnectionWithTheirCloseCode() {
        var parser = FrameParser(role: .server, configuration: .init(maxFrameSize: 100))
        var sm = machine()
        do {
            _ = try parser.frames(in: [0x82, 0xFE, 0x10, 0x00])
            Issue.record("oversized frame accepted")
        } catch {
            #expect(sm.receive(error) == .sendClose(.messageTooBig, reason: "frameTooLarge", closeConnection: true))
            #expect(sm.receive(error) == .ignore)
        }
    }

    @Test func aProtocolErrorWhileClosingJustClosesTCP() {
        var sm = machine()
        _ = sm.close(now: at(0))
        let action = sm.receive(frame(.continuation, [1]), now: at(1))
        guard case .closeConnection(.protocolError(let error)) = action else {
            Issue.record("expected closeConnection, got \(action)")
            return
        }
        #expect(error.code == .unexpectedContinuation)
    }

    @Test func pingsASilentPeerThenDropsItAtTheIdleTimeout() {
        var sm = machine()
        #expect(sm.pingTick(now: at(9.9)) == .ignore)
        guard case .sendPing(let first) = sm.pingTick(now: at(10)) else {
            Issue.record("no ping after 10 s of silence")
            return
        }
        #expect(sm.pingTick(now: at(15)) == .ignore)
        guard case .sendPing(let second) = sm.pingTick(now: at(20)) else {
            Issue.record("no second ping after another interval")
            return
        }
        #expect(first != second)
        #expect(sm.pingTick(now: at(29.9)) == .ignore)
        #expect(sm.pingTick(now: at(30)) == .closeConnection(.idleTimeout))
        #expect(sm.isClosed)
    }

    @Test func anyFrameFromThePeerResetsTheIdleClock() {
        var sm = machine()
        #expect(sm.receive(frame(.pong, []), now: at(9)) == .ignore)
        #expect(sm.pingTick(now: at(18)) == .ignore)
        guard case .sendPing = sm.pingTick(now: at(19)) else {
            Issue.record("no ping 10 s after the last frame")
            return
        }
        #expect(sm.pingTick(now: at(28.9)) == .ignore)
        #expect(sm.pingTick(now: at(38.9)) != .ignore)   // the next ping, one interval later
        #expect(sm.pingTick(now: at(39)) == .closeConnection(.idleTimeout))
    }

    @Test func withoutTimersTheMachineNeverPingsOrTimesOut() {
        var sm = WebSocketStateMachine(role: .client, configuration: .init(pingInterval: nil, idleTimeout: nil), now: start)
        #expect(sm.pingTick(now: at(100_000)) == .ignore)
        #expect(sm.isOpen)
    }

    @Test func aClosedTCPConnectionIgnoresEverything() {
        var sm = machine()
        sm.connectionClosed()
        #expect(sm.receive(frame(.ping, []), now: at(1)) == .ignore)
        #expect(sm.close(now: at(1)) == .ignore)
        #expect(sm.pingTick(now: at(100)) == .ignore)
    }
}
