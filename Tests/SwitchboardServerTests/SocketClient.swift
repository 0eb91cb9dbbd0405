import Logging
import Synchronization
import SwitchboardHTTP
import SwitchboardSocket
import SwitchboardWebSocket

/// A WebSocket client over a real TCP connection, for end-to-end tests.
final class SocketClient: WireClient {
    actor Handler: ConnectionHandler {
        nonisolated let connection: Connection
        nonisolated var unownedExecutor: UnownedSerialExecutor { connection.loop.asUnownedSerialExecutor() }
        let request: WebSocketHandshake.ClientRequest
        let continuation: AsyncStream<Event>.Continuation
        var responseParser = HTTPResponseParser()
        var upgraded = false
        var parser = FrameParser(role: .client)
        var machine = WebSocketStateMachine(role: .client, configuration: .init(pingInterval: nil, idleTimeout: nil), now: .now)

        init(connection: Connection, request: WebSocketHandshake.ClientRequest, continuation: AsyncStream<Event>.Continuation) {
            self.connection = connection
            self.request = request
            self.continuation = continuation
            connection.write(request.bytes)
        }

        func connectionDidRead(_ bytes: UnsafeRawBufferPointer) {
            var index = 0
            if !upgraded {
                do {
                    guard let head = try responseParser.nextHead(from: bytes, index: &index) else { return }
                    try WebSocketHandshake.validateServerResponse(status: head.status.code, headers: Array(head.headers), for: request)
                    upgraded = true
                    continuation.yield(.open)
                } catch {
                    continuation.yield(.failed("\(error)"))
                    connection.close()
                    return
                }
            }
            while true {
                switch parser.parse(bytes, index: &index) {
                case .frame(let frame): perform(machine.receive(frame, now: .now))
                case .needMoreData: return
                case .failed(let error):
                    perform(machine.receive(error))
                    return
                }
            }
        }

        func perform(_ action: WebSocketStateMachine.Action) {
            switch action {
            case .ignore: break
            case .deliver(let message):
                if let text = message.text { continuation.yield(.text(text)) } else { continuation.yield(.binary) }
            case .sendPing(let payload): write(.ping, payload)
            case .sendPong(let payload): if !silent { write(.pong, payload) }
            case .sendClose(let code, let reason, let close):
                if let peer = machine.peerClose { continuation.yield(.closed(peer.code?.rawValue)) }
                var buffer: [UInt8] = []
                FrameEncoder.encodeClose(code: code, reason: reason, maskingKey: .random(), into: &buffer)
                connection.write(buffer)
                if close { connection.closeAfterFlush() }
            case .closeConnection: connection.close()
            }
        }

        func write(_ opcode: WebSocketOpcode, _ payload: [UInt8]) {
            var buffer: [UInt8] = []
            FrameEncoder.encode(opcode: opcode, payload: payload, maskingKey: .random(), into: &buffer)
            connection.write(buffer)
        }

        func sendText(_ text: String) { if machine.isOpen { write(.text, Array(text.utf8)) } }
        func sendBinary(_ bytes: [UInt8]) { if machine.isOpen { write(.binary, bytes) } }
        func close() { perform(machine.close(now: .now)) }
        /// Stops answering pings, like a client whose process froze (TCP stays open).
        func goSilent() { silent = true }
        var silent = false

        func connectionDidClose(error: SocketError?) {
            machine.connectionClosed()
            continuation.yield(.closed(machine.peerClose?.code?.rawValue))
            continuation.finish()
        }
    }

    enum Event: Sendable {
        case open
        case text(String)
        case binary
        case closed(UInt16?)
        case failed(String)
    }

    final class Reader: @unchecked Sendable {
        var iterator: AsyncStream<Event>.Iterator
        init(_ stream: AsyncStream<Event>) { iterator = stream.makeAsyncIterator() }
    }

    let handler: Handler
    private let reader: Reader
    /// The close code the server sent, once closed.
    let closeCode = Mutex<UInt16?>(nil)

    static let logger: Logger = {
        var logger = Logger(label: "test-client")
        logger.logLevel = .critical
        return logger
    }()

    init(port: Int, loop: EventLoop, path: String = "/v1/ws") async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let request = WebSocketHandshake.makeClientRequest(host: "127.0.0.1:\(port)", path: path)
        handler = try await Connection.connect(host: "127.0.0.1", port: port, on: loop, logger: Self.logger) { connection in
            Handler(connection: connection, request: request, continuation: continuation)
        }
        reader = Reader(stream)
        guard case .open? = await reader.iterator.next() else { throw ScenarioError("WebSocket upgrade failed") }
    }

    func send(_ text: String) async throws {
        await handler.sendText(text)
    }

    func sendBinary(_ bytes: [UInt8]) async {
        await handler.sendBinary(bytes)
    }

    func receive() async throws -> String? {
        while let event = await reader.iterator.next() {
            switch event {
            case .text(let text): return text
            case .closed(let code):
                closeCode.withLock { if $0 == nil { $0 = code } }
            case .open, .binary, .failed: continue
            }
        }
        return nil
    }

    /// Reads until the connection closes; returns the server's close code.
    func closedCode() async throws -> UInt16? {
        while try await receive() != nil {}
        return closeCode.withLock { $0 }
    }

    func close() async {
        await handler.close()
    }
}
