public import Logging
import SwitchboardHTTP
import SwitchboardSocket
import SwitchboardWebSocket

/// Why a WebSocket client connection could not be opened.
public struct WebSocketClientError: Error, Sendable, CustomStringConvertible {
    /// The URL being opened.
    public let url: String
    /// What went wrong: the socket error, the HTTP parse error or the handshake check that failed.
    public let detail: String
    /// The server's status when it answered with something other than 101, otherwise nil.
    public let status: Int?

    public var description: String { "WebSocket connect to \(url) failed: \(detail)" }
}

/// Opens WebSocket connections (`ws://`, `wss://`) on its own event loops; used by tests and the
/// bench tool. A connection buffers its messages in ``WebSocketConnection/messages`` unless it is
/// given a handler.
public final class WebSocketClient: Sendable {
    /// The loops client connections run on.
    public let group: EventLoopGroup
    private let ownsGroup: Bool
    private let logger: Logger

    /// A client with its own loops.
    public init(threads: Int = 1, logger: Logger) throws(SocketError) {
        self.group = try EventLoopGroup(threads: threads, logger: logger)
        self.ownsGroup = true
        self.logger = logger
    }

    /// A client on existing loops (not shut down by ``shutdown()``).
    public init(group: EventLoopGroup, logger: Logger) {
        self.group = group
        self.ownsGroup = false
        self.logger = logger
    }

    /// Connects and completes the opening handshake.
    /// - Parameters:
    ///   - url: `ws://host:port/path` or `wss://…` (host: an IP literal or `localhost`).
    ///   - configuration: message size limit and timers of the connection.
    ///   - tls: the client TLS context for `wss://` (default: verifying, system roots).
    ///   - headers: extra request fields (e.g. `Authorization`, `Origin`).
    ///   - serverName: SNI and certificate name; defaults to the URL's host.
    ///   - loop: the loop the connection runs on; defaults to the group's next loop.
    ///   - makeHandler: when given, called on the loop at the upgrade; its handler then receives every
    ///     message on the loop thread as it is parsed (no task per message), and ``WebSocketConnection/messages``
    ///     stays empty. Without it, messages are buffered for ``WebSocketConnection/receive()``.
    public func connect(_ url: String, configuration: WebSocketStateMachine.Configuration = WebSocketStateMachine.Configuration(),
                        tls: TLSContext? = nil, headers: [(name: String, value: String)] = [],
                        serverName: String? = nil, on loop: EventLoop? = nil,
                        makeHandler: (@Sendable () -> any WebSocketHandler)? = nil) async throws(WebSocketClientError) -> WebSocketConnection {
        let parsed: WebSocketURL
        do {
            parsed = try WebSocketURL(url)
        } catch {
            throw WebSocketClientError(url: url, detail: error.description, status: nil)
        }
        var context = tls
        if parsed.secure && context == nil {
            do {
                context = try TLSContext.client()
            } catch {
                throw WebSocketClientError(url: url, detail: error.description, status: nil)
            }
        }
        let request = WebSocketHandshake.makeClientRequest(host: parsed.hostHeader, path: parsed.target, extraHeaders: headers)
        let logger = self.logger
        let handshake: ClientHandshake
        do {
            handshake = try await Connection.connect(host: parsed.host, port: parsed.port, on: loop ?? group.next(),
                                                     tls: parsed.secure ? context : nil, serverName: serverName ?? parsed.host,
                                                     logger: logger) { socket in
                ClientHandshake(socket: socket, request: request, configuration: configuration, logger: logger,
                                makeHandler: makeHandler)
            }
        } catch {
            throw WebSocketClientError(url: url, detail: error.description, status: nil)
        }
        switch await handshake.result() {
        case .success(let connection):
            return connection
        case .failure(let failure):
            throw WebSocketClientError(url: url, detail: failure.detail, status: failure.status)
        }
    }

    /// Stops the client's own loops, closing their connections.
    public func shutdown() async {
        if ownsGroup { await group.shutdown() }
    }
}

/// The client's socket handler: sends the upgrade request, checks the 101 answer, then hands
/// the socket's bytes to a ``WebSocketConnection``.
actor ClientHandshake: ConnectionHandler {
    struct Failure: Error {
        let detail: String
        let status: Int?
    }

    let socket: Connection
    nonisolated let loop: EventLoop
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
    private let request: WebSocketHandshake.ClientRequest
    private let configuration: WebSocketStateMachine.Configuration
    private let logger: Logger
    private let makeHandler: (@Sendable () -> any WebSocketHandler)?
    private var parser = HTTPResponseParser()
    private var outcome: Result<WebSocketConnection, Failure>?
    private var waiters: [CheckedContinuation<Result<WebSocketConnection, Failure>, Never>] = []
    private var webSocket: WebSocketConnection?

    init(socket: Connection, request: WebSocketHandshake.ClientRequest, configuration: WebSocketStateMachine.Configuration, logger: Logger,
         makeHandler: (@Sendable () -> any WebSocketHandler)?) {
        self.socket = socket
        loop = socket.loop
        self.request = request
        self.configuration = configuration
        self.logger = logger
        self.makeHandler = makeHandler
        // The factory runs on the loop, so the request can be queued and the deadline armed now.
        socket.write(request.bytes)
        let timeout = socket.options.connectTimeout
        socket.loop.scheduleTimer(after: timeout) { [weak self] in
            self?.assumeIsolated { $0.expire(after: timeout) }
        }
    }

    private func expire(after timeout: Duration) {
        guard outcome == nil else { return }
        finish(.failure(Failure(detail: "no handshake response within \(timeout)", status: nil)))
        socket.close()
    }

    func result() async -> Result<WebSocketConnection, Failure> {
        if let outcome { return outcome }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func finish(_ result: Result<WebSocketConnection, Failure>) {
        guard outcome == nil else { return }
        outcome = result
        for waiter in waiters { waiter.resume(returning: result) }
        waiters.removeAll()
    }

    func connectionDidRead(_ bytes: UnsafeRawBufferPointer) {
        // Same loop, same thread: the bytes are read synchronously before this returns.
        nonisolated(unsafe) let bytes = bytes
        if let webSocket {
            webSocket.assumeIsolated { $0.receive(bytes) }
            return
        }
        guard outcome == nil else { return }
        var index = 0
        let head: HTTPResponseHead
        do {
            guard let parsed = try parser.nextHead(from: bytes, index: &index) else { return }
            head = parsed
        } catch {
            finish(.failure(Failure(detail: "bad handshake response: \(error)", status: nil)))
            socket.close()
            return
        }
        do {
            try WebSocketHandshake.validateServerResponse(status: head.status.code, headers: head.headers, for: request)
        } catch {
            finish(.failure(Failure(detail: error.description, status: head.status.code == 101 ? nil : head.status.code)))
            socket.close()
            return
        }
        // The WebSocket actor runs on the socket's loop, as this one does.
        let connection = WebSocketConnection(socket: socket.handle, role: .client, request: nil, configuration: configuration,
                                             bufferMessages: makeHandler == nil, logger: logger)
        webSocket = connection
        let remaining = UnsafeRawBufferPointer(rebasing: bytes[index...])
        // Read synchronously on this thread by `start`, like `bytes` above.
        nonisolated(unsafe) let rest = remaining
        let handler = makeHandler?()
        connection.assumeIsolated { $0.start(handler: handler, initialBytes: rest) }
        finish(.success(connection))
    }

    func connectionDidClose(error: SocketError?) {
        if let webSocket {
            webSocket.assumeIsolated { $0.socketClosed() }
        } else {
            finish(.failure(Failure(detail: "connection closed during the handshake\(error.map { ": \($0)" } ?? "")", status: nil)))
        }
    }
}
