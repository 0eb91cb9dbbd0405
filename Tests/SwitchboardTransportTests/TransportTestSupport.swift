import Foundation
import Logging
import Synchronization
import SwitchboardTransport

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

/// A blocking TCP client with a receive timeout, for raw HTTP and frame exchanges.
final class RawSocket {
    let descriptor: Int32

    init(port: Int) throws {
        // Close-on-exec: a child process spawned by another test must not inherit the socket and keep it open.
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw SocketError.makeFailed("connect") }
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until at least `count` bytes, EOF or timeout.
    func read(atLeast count: Int) -> [UInt8] {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while all.count < count {
            let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if got <= 0 { break }
            all += buffer[0..<got]
        }
        return all
    }

    /// Reads until EOF or timeout.
    func readToEnd() -> [UInt8] { read(atLeast: Int.max) }
}

/// Sends one request with `Connection: close` and returns the status code and the whole response text.
func httpExchange(port: Int, _ request: String) throws -> (status: Int, text: String) {
    let socket = try RawSocket(port: port)
    socket.send(request)
    let text = String(decoding: socket.readToEnd(), as: UTF8.self)
    let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, text)
}

func makeSelfSignedCertificate() throws -> (certificate: String, key: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let certificate = directory.appendingPathComponent("c.pem").path
    let key = directory.appendingPathComponent("k.pem").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                         "-days", "1", "-subj", "/CN=localhost"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw SocketError(kind: .tls, operation: "openssl req", detail: "exit status \(process.terminationStatus)")
    }
    return (certificate, key)
}
