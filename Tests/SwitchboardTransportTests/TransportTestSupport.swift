import Foundation
import Logging
import Synchronization
import SwitchboardTransport
import SwitchboardTesting

func testLogger() -> Logger {
    var logger = Logger(label: "sb.transport.test")
    logger.logLevel = ProcessInfo.processInfo.environment["SB_TEST_LOG"] != nil ? .trace : .critical
    return logger
}

/// Echoes every message and remembers its connections, so tests can push to them.
final class EchoingHandler: WebSocketHandler {
    private let registry: ConnectionList?

    init(registry: ConnectionList? = nil) { self.registry = registry }

    func webSocketDidOpen(_ connection: isolated WebSocketConnection) {
        registry?.add(connection)
    }

    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        connection.send(message)
    }
}

@available(*, unavailable)
extension EchoingHandler: Sendable {}

final class ConnectionList: Sendable {
    private let connections = Mutex<[WebSocketConnection]>([])
    func add(_ connection: WebSocketConnection) { connections.withLock { $0.append(connection) } }
    var all: [WebSocketConnection] { connections.withLock { $0 } }

    func waitForCount(_ count: Int) async -> [WebSocketConnection] {
        for _ in 0..<1000 where all.count < count {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return all
    }
}

/// An echo server on a free port plus a client, torn down by `stop()`.
struct EchoFixture {
    let server: HTTPServer
    let client: WebSocketClient
    let registry = ConnectionList()

    init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(port: 0, threads: 2)) async throws {
        var configuration = configuration
        configuration.port = 0
        let registry = self.registry
        server = try await HTTPServer.start(configuration: configuration, logger: testLogger(),
                                            metrics: { "sb_test_metric 1\n" }) { _ in EchoingHandler(registry: registry) }
        client = try WebSocketClient(threads: 1, logger: testLogger())
    }

    var url: String { "ws://127.0.0.1:\(server.port)/v1/ws" }

    func stop() async {
        await client.shutdown()
        await server.shutdown(timeout: .milliseconds(500))
    }
}

/// Waits for the next message with a deadline.
func nextMessage(_ connection: WebSocketConnection, timeout: Duration = .seconds(10)) async -> WebSocketMessage? {
    await withTaskGroup(of: WebSocketMessage?.self) { group in
        group.addTask { await connection.receive() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        if first == nil { await connection.close() }
        return first
    }
}

/// Waits for the connection to close with a deadline; returns the peer's close code, or nil.
func closeCode(_ connection: WebSocketConnection, timeout: Duration = .seconds(10)) async -> WebSocketCloseCode? {
    await withTaskGroup(of: WebSocketCloseCode??.self) { group in
        group.addTask { .some(await connection.waitUntilClosed()) }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return .none
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        if first == nil { connection.socket.requestClose(afterFlush: false) }
        await group.waitForAll()
        return first ?? nil
    }
}

/// A masked client frame, built by hand so tests can break the rules.
func maskedFrame(firstByte: UInt8, payload: [UInt8]) -> [UInt8] {
    var frame: [UInt8] = [firstByte]
    if payload.count < 126 {
        frame.append(0x80 | UInt8(payload.count))
    } else {
        frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    }
    let key: [UInt8] = [0x11, 0x22, 0x33, 0x44]
    frame += key
    for (index, byte) in payload.enumerated() { frame.append(byte ^ key[index % 4]) }
    return frame
}

/// Sends one request with `Connection: close` and returns the status code and the whole response text.
func httpExchange(port: Int, _ request: String) throws -> (status: Int, text: String) {
    let socket = try RawClient(port: port)
    socket.send(request)
    let text = String(decoding: socket.readToEnd().bytes, as: UTF8.self)
    let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, text)
}


/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while !condition() {
        guard clock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// Sends a WebSocket upgrade for `/v1/ws` with `headers` and returns the status and what was read:
/// the head for a 101, the whole response otherwise (the server closes after a refusal).
func upgradeExchange(port: Int, host: String? = nil, headers: [(name: String, value: String)] = []) throws -> (status: Int, text: String) {
    let socket = try RawClient(port: port)
    socket.send(WebSocketHandshake.makeClientRequest(host: host ?? "127.0.0.1:\(port)", path: "/v1/ws", extraHeaders: headers).bytes)
    var bytes = socket.read(atLeast: 12)
    let status = String(decoding: bytes, as: UTF8.self).split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
    if status != 101 { bytes += socket.readToEnd().bytes }
    return (status, String(decoding: bytes, as: UTF8.self))
}
