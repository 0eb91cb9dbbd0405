import Logging
import SwitchboardHTTP
import SwitchboardSocket
import SwitchboardWebSocket

/// One accepted connection: HTTP/1.1 requests until a WebSocket upgrade, then a
/// ``WebSocketConnection`` on the same loop that the bytes are handed to.
///
/// Requests under ``HTTPServerConfiguration/applicationPathPrefix`` go to the application's
/// ``HTTPResponder`` in a task; until its response is written (streamed bodies included), the
/// connection parses no further request: bytes that arrive meanwhile (pipelined requests) are held,
/// up to one maximal request, and read afterwards, so responses keep request order.
///
/// Until the upgrade one timer bounds how long the connection may sit without completing a
/// request: ``HTTPServerConfiguration/firstRequestTimeout`` before the first one (a peer that
/// connects and stays silent, or trickles its request, must not hold a descriptor for long), then
/// ``HTTPServerConfiguration/httpIdleTimeout`` between keep-alive requests.
actor HTTPServerConnection: ConnectionHandler {
    let socket: Connection
    nonisolated let loop: EventLoop
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
    private let context: HTTPServerContext
    /// The first-request timeout in force when this connection was accepted.
    private let firstRequestTimeout: Duration
    private var parser: HTTPRequestParser
    private var webSocket: WebSocketConnection?
    private var closing = false
    /// When the connection was established, then when its latest request completed.
    private var lastRequest = ContinuousClock.now
    private var completedRequest = false
    private var idleTimer: LoopTimer?
    /// The request with the application, until its response is complete.
    private var exchange: ApplicationExchange?
    /// Bytes that arrived while a request was with the application.
    private var heldInput: [UInt8] = []
    /// Numbers application requests, so a stale body writer cannot write into a later response.
    private var generation: UInt64 = 0

    /// A request handed to the application.
    private struct ApplicationExchange {
        let generation: UInt64
        var keepAlive: Bool
        var chunked = false
        var task: Task<Void, Never>?
        let logger: Logger
    }

    init(socket: Connection, context: HTTPServerContext) {
        self.socket = socket
        loop = socket.loop
        self.context = context
        firstRequestTimeout = context.settings.value.firstRequestTimeout
        self.parser = HTTPRequestParser(limits: context.configuration.httpLimits)
        self.idleTimer = nil
        // Runs on the loop (the factory is called there), so the timer may be armed right away.
        loop.execute { [weak self] in
            self?.assumeIsolated { $0.armIdleTimer(after: $0.firstRequestTimeout) }
        }
    }

    func connectionDidRead(_ bytes: UnsafeRawBufferPointer) {
        if let webSocket {
            // Same loop, same thread: the bytes are read synchronously before this returns.
            nonisolated(unsafe) let bytes = bytes
            webSocket.assumeIsolated { $0.receive(bytes) }
            return
        }
        guard !closing else { return }
        if exchange != nil {
            hold(bytes)
            return
        }
        var index = 0
        while !closing && webSocket == nil && exchange == nil {
            let request: HTTPRequest?
            do {
                request = try parser.nextRequest(from: bytes, index: &index)
            } catch {
                context.logger.debug("bad HTTP request", metadata: ["sb.conn.id": "\(socket.id)", "sb.http.error": "\(error)"])
                respond(HTTPResponse.error(for: error), keepAlive: false)
                return
            }
            guard let request else { return }
            lastRequest = .now
            completedRequest = true
            handle(request, remaining: UnsafeRawBufferPointer(rebasing: bytes[index...]))
        }
        if exchange != nil && index < bytes.count {
            hold(UnsafeRawBufferPointer(rebasing: bytes[index...]))
        }
    }

    /// Keeps bytes read while a request is with the application, up to one maximal request; a peer
    /// that sends more before its answer is closed (memory stays bounded).
    private func hold(_ bytes: UnsafeRawBufferPointer) {
        let limits = context.configuration.httpLimits
        let limit = limits.maxRequestLineLength + limits.maxHeadSize + limits.maxBodySize
        guard heldInput.count + bytes.count <= limit else {
            context.logger.debug("closing HTTP connection: too much pipelined input while a request is answered", metadata: [
                "sb.conn.id": "\(socket.id)", "sb.http.held": "\(heldInput.count + bytes.count)",
            ])
            closing = true
            exchange?.task?.cancel()
            socket.close()
            return
        }
        heldInput.append(contentsOf: bytes)
    }

    func connectionDidClose(error: SocketError?) {
        closing = true
        if let idleTimer { socket.loop.cancelTimer(idleTimer) }
        // The application's task (a streamed body's producer with it) ends when its peer goes away.
        exchange?.task?.cancel()
        heldInput = []
        webSocket?.assumeIsolated { $0.socketClosed() }
    }

    /// How long the connection may go without completing a request.
    private var idleLimit: Duration {
        completedRequest ? context.configuration.httpIdleTimeout : firstRequestTimeout
    }

    private func armIdleTimer(after delay: Duration) {
        idleTimer = socket.loop.scheduleTimer(after: delay) { [weak self] in
            self?.assumeIsolated { $0.checkIdle() }
        }
    }

    private func checkIdle() {
        idleTimer = nil
        guard webSocket == nil, !closing else { return }
        if exchange != nil {
            // A request is being answered (perhaps a long stream): not idle.
            armIdleTimer(after: idleLimit)
            return
        }
        let idle = ContinuousClock.now - lastRequest
        let limit = idleLimit
        if idle >= limit {
            context.logger.debug("closing HTTP connection: no complete request in time", metadata: [
                "sb.conn.id": "\(socket.id)", "sb.http.timeout": "\(limit)", "sb.http.firstRequest": "\(!completedRequest)",
            ])
            closing = true
            socket.closeAfterFlush()
        } else {
            armIdleTimer(after: limit - idle)
        }
    }

    // MARK: Routing

    private func handle(_ request: HTTPRequest, remaining: UnsafeRawBufferPointer) {
        let head = request.head
        let keepAlive = head.keepAlive
        let path = String(head.path)
        let isUpgradePath = context.configuration.webSocketPath.map { $0 == path } ?? head.isWebSocketUpgrade
        if isUpgradePath {
            upgrade(head, remaining: remaining)
            return
        }
        if let prefix = context.configuration.applicationPathPrefix, let responder = context.responder, path.hasPrefix(prefix) {
            startExchange(request, responder: responder, keepAlive: keepAlive)
            return
        }
        switch path {
        case "/healthz":
            respond(simple(head, .ok, body: "ok\n", contentType: "text/plain; charset=utf-8"), keepAlive: keepAlive)
        case "/metrics":
            respond(simple(head, .ok, body: context.metrics(), contentType: "text/plain; version=0.0.4; charset=utf-8"), keepAlive: keepAlive)
        default:
            serveStatic(head, keepAlive: keepAlive)
        }
    }

    private func simple(_ head: HTTPRequestHead, _ status: HTTPStatus, body: String, contentType: String) -> HTTPResponse {
        guard head.method == "GET" || head.method == "HEAD" else {
            return HTTPResponse.methodNotAllowed(allowed: ["GET", "HEAD"])
        }
        let response = HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(body.utf8))
        return head.method == "HEAD" ? headOnly(response) : response
    }

    private func headOnly(_ response: HTTPResponse) -> HTTPResponse {
        var head = response
        head.head.headers.replaceOrAdd(name: "Content-Length", value: "\(response.body.count)")
        head.body = []
        return head
    }

    private func serveStatic(_ head: HTTPRequestHead, keepAlive: Bool) {
        guard let root = context.configuration.staticFilesRoot, let components = head.safePathComponents else {
            respond(.notFound(), keepAlive: keepAlive)
            return
        }
        guard head.method == "GET" || head.method == "HEAD" else {
            respond(.methodNotAllowed(allowed: ["GET", "HEAD"]), keepAlive: keepAlive)
            return
        }
        switch StaticFiles.load(root: root, components: components, maxSize: context.configuration.maxStaticFileSize) {
        case .file(let bytes, let contentType):
            let response = HTTPResponse(status: .ok, headers: [("Content-Type", contentType)], body: bytes)
            respond(head.method == "HEAD" ? headOnly(response) : response, keepAlive: keepAlive)
        case .notFound:
            respond(.notFound(), keepAlive: keepAlive)
        case .tooLarge:
            respond(.plainText(.contentTooLarge, detail: "file exceeds \(context.configuration.maxStaticFileSize) bytes"), keepAlive: keepAlive)
        }
    }

    private func respond(_ response: HTTPResponse, keepAlive: Bool) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.body.count + 256)
        let closeAfter = !keepAlive || response.head.headers.containsToken("close", inField: "connection")
        var response = response
        if closeAfter && !response.head.headers.containsToken("close", inField: "connection") {
            response.head.headers.add(name: "Connection", value: "close")
        }
        response.serialize(into: &bytes)
        socket.write(bytes)
        if closeAfter {
            closing = true
            socket.closeAfterFlush()
        }
    }

    // MARK: Application requests

    private func startExchange(_ request: HTTPRequest, responder: any HTTPResponder, keepAlive: Bool) {
        generation &+= 1
        let requestID = RequestID.accept(request.head.headers["X-Request-Id"])
        var logger = context.logger
        logger[metadataKey: "sb.conn.id"] = "\(socket.id)"
        logger[metadataKey: "sb.request.id"] = "\(requestID)"
        logger.debug("HTTP request", metadata: ["sb.http.method": "\(request.head.method)", "sb.http.path": "\(request.head.path)"])
        let applicationRequest = HTTPApplicationRequest(head: request.head, body: request.body, requestID: requestID, connectionID: socket.id,
                                                        peerAddress: socket.handle.peerAddress, logger: logger)
        let generation = generation
        exchange = ApplicationExchange(generation: generation, keepAlive: keepAlive, logger: logger)
        exchange?.task = Task {
            await self.answer(applicationRequest, responder: responder, generation: generation)
        }
    }

    /// Runs the application and writes its response (on this connection's loop, in this task).
    private func answer(_ request: HTTPApplicationRequest, responder: any HTTPResponder, generation: UInt64) async {
        let response = await responder.respond(to: request)
        guard let current = exchange, current.generation == generation, !closing else { return }
        var head = HTTPResponseHead(status: response.status, headers: response.headers)
        head.headers.replaceOrAdd(name: "X-Request-Id", value: request.requestID)
        var keepAlive = current.keepAlive && !response.headers.containsToken("close", inField: "connection")
        let headOnly = request.head.method == "HEAD" || !response.status.allowsBody
        var bytes: [UInt8] = []
        switch response.body {
        case .bytes(let body):
            if !keepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
            HTTPResponse.serializeHead(head, contentLength: response.status.allowsBody ? body.count : nil, into: &bytes)
            if !headOnly { bytes.append(contentsOf: body) }
            socket.write(bytes)
            finishExchange(keepAlive: keepAlive)
        case .stream(let produce):
            // HTTP/1.0 has no chunked coding: the body ends when the connection does.
            let chunked = request.head.version.major > 1 || (request.head.version.major == 1 && request.head.version.minor >= 1)
            if !chunked { keepAlive = false }
            head.headers.remove(name: "Content-Length")
            // A status without a body (204, 304) carries no transfer coding either.
            if chunked && response.status.allowsBody { head.headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked") }
            if !keepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
            HTTPResponse.serializeHead(head, contentLength: nil, into: &bytes)
            if headOnly {
                // No body at all, not even the last chunk: a client reads none after a HEAD, a 204 or a 304,
                // so those bytes would start the next response of a pipelined connection.
                socket.write(bytes)
                finishExchange(keepAlive: keepAlive && chunked)
                return
            }
            socket.write(bytes)
            exchange?.chunked = chunked
            exchange?.keepAlive = keepAlive
            do {
                try await produce(HTTPBodyWriter(connection: self, generation: generation))
            } catch {
                guard exchange?.generation == generation, !closing else { return }
                current.logger.debug("streamed response ended by its producer; closing the connection", metadata: ["sb.error": "\(error)"])
                closing = true
                socket.close()
                return
            }
            guard exchange?.generation == generation, !closing else { return }
            if chunked { socket.write(Array("0\r\n\r\n".utf8)) }
            finishExchange(keepAlive: keepAlive)
        }
    }

    /// Queues one chunk of a streamed body, then waits while the peer has too much to read.
    func writeBodyChunk(_ bytes: [UInt8], generation: UInt64) async throws(HTTPBodyWriterError) {
        guard let current = exchange, current.generation == generation, !closing, !socket.isClosed else {
            throw HTTPBodyWriterError("the connection is closed")
        }
        if Task.isCancelled { throw HTTPBodyWriterError("the response was cancelled") }
        if current.chunked {
            var framed: [UInt8] = Array(String(bytes.count, radix: 16).utf8)
            framed.reserveCapacity(framed.count + bytes.count + 4)
            framed.append(contentsOf: [0x0D, 0x0A])
            framed.append(contentsOf: bytes)
            framed.append(contentsOf: [0x0D, 0x0A])
            socket.write(framed)
        } else {
            socket.write(bytes)
        }
        let level = context.configuration.streamHighWaterMark
        if socket.pendingWriteBytes > level {
            let socket = socket
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                socket.whenDrained(below: level, continuation)
            }
        }
        if closing || socket.isClosed { throw HTTPBodyWriterError("the connection closed") }
    }

    /// The response is written: read the requests that arrived meanwhile, or close.
    private func finishExchange(keepAlive: Bool) {
        exchange = nil
        lastRequest = .now
        guard keepAlive else {
            closing = true
            socket.closeAfterFlush()
            return
        }
        guard !heldInput.isEmpty else { return }
        let held = heldInput
        heldInput = []
        held.withUnsafeBytes { connectionDidRead($0) }
    }

    // MARK: WebSocket upgrade

    private func upgrade(_ head: HTTPRequestHead, remaining: UnsafeRawBufferPointer) {
        guard head.isWebSocketUpgrade || head.method != "GET" else {
            respond(.upgradeRequired(), keepAlive: false)
            return
        }
        let accepted: WebSocketHandshake.Accepted
        do {
            accepted = try WebSocketHandshake.acceptUpgrade(method: head.method, versionMajor: head.version.major,
                                                            versionMinor: head.version.minor, headers: head.headers)
        } catch {
            let status = HTTPStatus(code: error.status == 0 ? 400 : error.status)
            var headers = HTTPHeaders(error.responseHeaders)
            if status.code == 426 && !headers.contains(name: "Upgrade") { headers.add(name: "Upgrade", value: "websocket") }
            respond(.plainText(status, detail: error.detail, headers: headers, closeConnection: true), keepAlive: false)
            return
        }
        let origins = head.headers.values(forName: "Origin")
        let settings = context.settings.value
        guard settings.originPolicy.allows(originFields: origins, hostField: head.headers["Host"],
                                          secure: context.configuration.tls != nil) else {
            let origin = origins.count == 1 ? origins[0] : origins.joined(separator: ", ")
            context.logger.debug("WebSocket upgrade refused: origin not allowed", metadata: [
                "sb.conn.id": "\(socket.id)", "sb.http.origin": "\(origin)",
            ])
            respond(.plainText(.forbidden, detail: "origin \(origin) is not allowed", closeConnection: true), keepAlive: false)
            return
        }
        var response = HTTPResponse(status: .switchingProtocols, headers: HTTPHeaders(accepted.responseHeaders))
        response.head.headers.remove(name: "Content-Length")
        var bytes: [UInt8] = []
        HTTPResponse.serializeHead(response.head, contentLength: nil, into: &bytes)
        socket.write(bytes)
        // Until the application trusts the peer (see WebSocketConnection.raiseOutputBudget(to:)).
        socket.setOutputBudget(min(socket.outputBudget, settings.webSocketInitialOutputBudget))
        if let idleTimer { socket.loop.cancelTimer(idleTimer) }
        idleTimer = nil
        let registry = context.registry
        // The WebSocket actor runs on the socket's loop, as this one does.
        let connection = WebSocketConnection(socket: socket.handle, role: .server, request: head, configuration: context.configuration.webSocket,
                                             bufferMessages: false, logger: context.logger) { registry.remove($0) }
        webSocket = connection
        registry.add(connection)
        let handler = context.makeHandler(head)
        // Read synchronously on this thread by `start`, like the bytes of `connectionDidRead`.
        nonisolated(unsafe) let remaining = remaining
        connection.assumeIsolated { $0.start(handler: handler, initialBytes: remaining) }
    }
}
