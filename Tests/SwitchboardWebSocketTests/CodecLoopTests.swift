import SwitchboardWebSocket
import Testing

/// Both ends of a connection built from the codec alone, the way the transport drives it:
/// bytes → FrameParser → WebSocketStateMachine → actions → FrameEncoder → bytes.
@Suite struct CodecLoopTests {
    /// One endpoint: parser, state machine, and the bytes it has written.
    struct Endpoint {
        var parser: FrameParser
        var machine: WebSocketStateMachine
        var output: [UInt8] = []
        var delivered: [WebSocketMessage] = []
        var tcpClosed = false
        var maskingGenerator = SeededGenerator(seed: 99)

        init(role: WebSocketRole, now: ContinuousClock.Instant) {
            parser = FrameParser(role: role)
            machine = WebSocketStateMachine(role: role, now: now)
        }

        var maskingKey: WebSocketMaskingKey? {
            mutating get { machine.role == .client ? WebSocketMaskingKey.random(using: &maskingGenerator) : nil }
        }

        mutating func send(_ message: WebSocketMessage) {
            let key = maskingKey
            FrameEncoder.encode(message, maskingKey: key, into: &output)
        }

        mutating func perform(_ action: WebSocketStateMachine.Action) {
            switch action {
            case .ignore: break
            case .deliver(let message):
                delivered.append(message)
                if machine.role == .server { send(message) }   // echo
            case .sendPing(let payload):
                let key = maskingKey
                FrameEncoder.encode(opcode: .ping, payload: payload, maskingKey: key, into: &output)
            case .sendPong(let payload):
                let key = maskingKey
                FrameEncoder.encode(opcode: .pong, payload: payload, maskingKey: key, into: &output)
            case .sendClose(let code, let reason, let closeConnection):
                let key = maskingKey
                FrameEncoder.encodeClose(code: code, reason: reason, maskingKey: key, into: &output)
                if closeConnection { tcpClosed = true }
            case .closeConnection:
                tcpClosed = true
            }
        }

        /// Reads `bytes` in chunks of `chunkSize`, performing every action.
        mutating func read(_ bytes: [UInt8], chunkSize: Int, now: ContinuousClock.Instant) {
            var start = 0
            while start < bytes.count && !tcpClosed {
                let chunk = Array(bytes[start..<min(bytes.count, start + chunkSize)])
                start += chunkSize
                var actions: [WebSocketStateMachine.Action] = []
                chunk.withUnsafeBytes { buffer in
                    var index = 0
                    do throws(WebSocketProtocolError) {
                        while let frame = try parser.nextFrame(from: buffer, index: &index) {
                            actions.append(machine.receive(frame, now: now))
                        }
                    } catch {
                        actions.append(machine.receive(error))
                    }
                }
                for action in actions { perform(action) }
            }
        }
    }

    @Test(arguments: [1, 3, 7, 64, 4096])
    func aClientAndServerEchoPingAndCloseThroughTheCodec(chunkSize: Int) {
        let now = ContinuousClock.now
        var client = Endpoint(role: .client, now: now)
        var server = Endpoint(role: .server, now: now)
        let big = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }

        client.send(.text("héllo"))
        client.send(.binary(big))
        client.perform(.sendPing([1, 2, 3]))
        client.perform(client.machine.close(code: .normalClosure, reason: "done", now: now))
        #expect(!client.machine.isOpen)

        server.read(client.output, chunkSize: chunkSize, now: now)
        #expect(server.delivered == [.text("héllo"), .binary(big)])
        #expect(server.tcpClosed)   // the server echoed the close and closes TCP first

        client.read(server.output, chunkSize: chunkSize, now: now)
        #expect(client.delivered == [.text("héllo"), .binary(big)])
        #expect(client.machine.peerClose?.code == .normalClosure)
        #expect(client.tcpClosed)
        #expect(client.machine.isClosed)
    }

    @Test func anUnmaskedClientFrameMakesTheServerCloseWith1002() {
        let now = ContinuousClock.now
        var server = Endpoint(role: .server, now: now)
        server.read([0x81, 0x02, 0x68, 0x69], chunkSize: 4, now: now)
        // Close 1002 with the rule as its reason (2 + 13 payload bytes), then TCP closes.
        #expect(server.output == [0x88, 0x0F, 0x03, 0xEA] + Array("unmaskedFrame".utf8))
        #expect(server.tcpClosed)
        #expect(server.delivered.isEmpty)
    }
}
