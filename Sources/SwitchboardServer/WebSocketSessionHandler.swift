import Logging
import SwitchboardHTTP
import SwitchboardMessages
import SwitchboardSocket
import SwitchboardWebSocket

/// WebSocket settings of the endpoint.
public struct EndpointSettings: Sendable, Hashable {
    /// Largest message accepted (`server.limits.max_message_bytes`).
    public var maxMessageBytes: Int
    /// Silence after which the server pings (`ping_interval_seconds`).
    public var pingInterval: Duration
    /// Silence (no frame, not even a pong) after which the client counts as gone (`presence_timeout_seconds`).
    public var presenceTimeout: Duration

    public init(maxMessageBytes: Int = 65_536, pingInterval: Duration = .seconds(10), presenceTimeout: Duration = .seconds(30)) {
        self.maxMessageBytes = maxMessageBytes
        self.pingInterval = pingInterval
        self.presenceTimeout = presenceTimeout
    }
}

/// One accepted TCP connection: HTTP until the upgrade (`/v1/ws`; `/healthz` answers 200), then
/// WebSocket frames to and from a ``Session``. Runs on the connection's loop.
///
/// Pings and presence follow `WebSocketStateMachine`: a client silent for the ping interval is
/// pinged; one silent (no pong either) for the presence timeout is dropped, which the session
/// reports to the routing owner as a disconnect.
actor WebSocketSessionHandler: ConnectionHandler {
    nonisolated let connection: Connection
    nonisolated var unownedExecutor: UnownedSerialExecutor { connection.loop.asUnownedSerialExecutor() }

    let context: SessionContext
    let settings: EndpointSettings
    let registry: ConnectionRegistry
    var httpParser = HTTPRequestParser()
    var upgraded = false
    var frameParser: FrameParser
    var machine: WebSocketStateMachine
    var session: Session?
    var tick: LoopTimer?
    var closed = false

    init(connection: Connection, context: SessionContext, settings: EndpointSettings, registry: ConnectionRegistry) {
        self.connection = connection
        self.registry = registry
        self.context = context
        self.settings = settings
        frameParser = FrameParser(role: .server, configuration: .init(maxFrameSize: settings.maxMessageBytes))
        machine = WebSocketStateMachine(
            role: .server,
            configuration: .init(maxMessageSize: settings.maxMessageBytes, pingInterval: settings.pingInterval,
                                 idleTimeout: settings.presenceTimeout, closeTimeout: .seconds(5)),
            now: .now
        )
    }

    func connectionDidRead(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        if !upgraded {
            readHTTP(bytes, index: &index)
            guard upgraded else { return }
        }
        readFrames(bytes, index: &index)
    }

    func connectionDidClose(error: SocketError?) {
        closed = true
        machine.connectionClosed()
        if let tick { connection.loop.cancelTimer(tick) }
        tick = nil
        session?.connectionClosed()
        session = nil
        registry.remove(connection.id)
    }

    // MARK: HTTP

    func readHTTP(_ bytes: UnsafeRawBufferPointer, index: inout Int) {
        do {
            while !upgraded, let request = try httpParser.nextRequest(from: bytes, index: &index) {
                respond(to: request)
            }
        } catch {
            connection.write(HTTPResponse.error(for: error).bytes)
            connection.closeAfterFlush()
        }
    }

    func respond(to request: HTTPRequest) {
        let head = request.head
        switch head.path {
        case "/healthz":
            connection.write(HTTPResponse.plainText(.ok, detail: "switchboard", closeConnection: !head.keepAlive).bytes)
            if !head.keepAlive { connection.closeAfterFlush() }
        case "/v1/ws":
            do {
                let accepted = try WebSocketHandshake.acceptUpgrade(
                    method: head.method, versionMajor: head.version.major, versionMinor: head.version.minor,
                    headers: Array(head.headers))
                connection.write(HTTPResponse(status: .switchingProtocols, headers: HTTPHeaders(accepted.responseHeaders)).bytes)
                upgraded = true
                machine = WebSocketStateMachine(role: .server, configuration: machine.configuration, now: .now)
                let link = ConnectionLink(handler: self, id: connection.id)
                session = Session(link: link, context: context)
                registry.add(link)
                scheduleTick()
            } catch {
                let response = HTTPResponse.plainText(HTTPStatus(code: error.status), detail: error.detail,
                                                      headers: HTTPHeaders(error.responseHeaders), closeConnection: true)
                connection.write(response.bytes)
                connection.closeAfterFlush()
            }
        default:
            connection.write(HTTPResponse.plainText(.notFound, closeConnection: !head.keepAlive).bytes)
            if !head.keepAlive { connection.closeAfterFlush() }
        }
    }

    // MARK: WebSocket

    func readFrames(_ bytes: UnsafeRawBufferPointer, index: inout Int) {
        while !closed {
            switch frameParser.parse(bytes, index: &index) {
            case .frame(let frame):
                perform(machine.receive(frame, now: .now))
            case .needMoreData:
                return
            case .failed(let error):
                perform(machine.receive(error))
                return
            }
        }
    }

    func perform(_ action: WebSocketStateMachine.Action) {
        switch action {
        case .ignore:
            break
        case .deliver(let message):
            switch message.kind {
            case .text: session?.receive(text: String(decoding: message.payload, as: UTF8.self))
            case .binary: session?.receiveBinary()
            }
        case .sendPing(let payload):
            write(.ping, payload)
        case .sendPong(let payload):
            write(.pong, payload)
        case .sendClose(let code, let reason, let closeConnection):
            var buffer: [UInt8] = []
            FrameEncoder.encodeClose(code: code, reason: reason, into: &buffer)
            connection.write(buffer)
            if closeConnection { connection.closeAfterFlush() }
        case .closeConnection:
            connection.closeAfterFlush()
        }
    }

    func write(_ opcode: WebSocketOpcode, _ payload: [UInt8]) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(payload.count + FrameEncoder.maxHeaderSize)
        FrameEncoder.encode(opcode: opcode, payload: payload, into: &buffer)
        connection.write(buffer)
    }

    /// Pings, presence and the close-handshake timeout run from one periodic tick.
    func scheduleTick() {
        let interval = min(settings.pingInterval / 2, .seconds(1))
        tick = connection.loop.scheduleTimer(after: max(interval, .milliseconds(10))) { [weak self] in
            self?.assumeIsolated { handler in
                guard !handler.closed else { return }
                handler.perform(handler.machine.pingTick(now: .now))
                handler.scheduleTick()
            }
        }
    }

    // MARK: From the routing owner and the session (any thread, through the link)

    func sendText(_ bytes: [UInt8]) {
        guard !closed, machine.isOpen else { return }
        write(.text, bytes)
    }

    func closeFromServer(code: UInt16, reason: String) {
        guard !closed else { return }
        perform(machine.close(code: WebSocketCloseCode(code), reason: reason, now: .now))
    }
}

/// The ``ClientLink`` of a WebSocket connection: encodes on the caller's thread, then hops to the
/// connection's loop to write, so the routing owner never waits for a socket.
final class ConnectionLink: ClientLink {
    let id: UInt64
    private let handler: WebSocketSessionHandler

    init(handler: WebSocketSessionHandler, id: UInt64) {
        self.handler = handler
        self.id = id
    }

    func send(_ message: ServerMessage) {
        let bytes = MessageEncoder.encode(message)
        let handler = self.handler
        handler.connection.loop.execute {
            handler.assumeIsolated { $0.sendText(bytes) }
        }
    }

    func close(code: UInt16, reason: String) {
        let handler = self.handler
        handler.connection.loop.execute {
            handler.assumeIsolated { $0.closeFromServer(code: code, reason: reason) }
        }
    }
}
