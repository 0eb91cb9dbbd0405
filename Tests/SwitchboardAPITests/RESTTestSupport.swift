import Foundation
import Logging
import SwitchboardAPI
import SwitchboardConfig
import SwitchboardRouter
import SwitchboardServer
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import SwitchboardTransport

let quietLogger: Logger = {
    var logger = Logger(label: "sb.api.test")
    logger.logLevel = ProcessInfo.processInfo.environment["SB_TEST_LOG"] != nil ? .trace : .critical
    return logger
}()

/// Queue `sales` (voice, english ≥ 3), agents `a1` and `a2`; tokens for agents, sources `gw` and
/// `gw2`, a supervisor and an admin.
func restConfiguration() -> SwitchboardConfiguration {
    var config = SwitchboardConfiguration()
    config.agentSettings.loginState = .available
    config.skills = ["english"].map { SkillDefinition(name: $0) }
    config.queues = [
        QueueDefinition(name: "sales", channels: [.voice], requirements: ["english": 3], defaultPriority: 0,
                        agingPointsPerSecond: 0, wrapUpSeconds: 0, offerTimeoutSeconds: 20),
    ]
    config.agents = [
        AgentDefinition(id: "a1", name: "One", skills: ["english": 5], capacity: [.chat: 0]),
        AgentDefinition(id: "a2", name: "Two", skills: ["english": 8], capacity: [.chat: 0]),
    ]
    config.server.limits.helloTimeoutSeconds = 600
    config.credentials = Credentials(entries: [
        ("a1-token", Principal.agent(id: "a1")), ("gw-token", .source(name: "gw")), ("gw2-token", .source(name: "gw2")),
        ("sup-token", .supervisor(name: "lead")), ("admin-token", .admin(name: "ops")),
    ].map { Credential(principal: $0.1, tokenHash: TokenHasher.digest($0.0)) })
    config.server.host = "127.0.0.1"
    config.server.port = 0
    config.server.limits.eventLoopThreads = 2
    return config
}

/// A server with the REST API and a store in a temporary file, on a free loopback port.
final class RESTBed: Sendable {
    let server: SwitchboardServer
    let databasePath: String
    let clients: EventLoopGroup
    let client: WebSocketClient

    init(_ configure: (inout SwitchboardConfiguration) -> Void = { _ in }) async throws {
        var config = restConfiguration()
        configure(&config)
        databasePath = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-rest-\(UUID().uuidString).sqlite").path
        var storeConfiguration = StoreConfiguration()
        storeConfiguration.syncEveryCommit = false
        let store = try Store(path: databasePath, configuration: storeConfiguration, logger: quietLogger)
        server = try await SwitchboardServer.start(configuration: config, source: .embedded, store: store, logger: quietLogger,
                                                   application: { try RESTResponder(services: $0) })
        clients = try EventLoopGroup(threads: 1, logger: quietLogger)
        client = WebSocketClient(group: clients, logger: quietLogger)
    }

    var port: Int { server.port }

    /// The row as another reader sees it now, without waiting for anything pending.
    func committedRow(_ id: String) async throws -> InteractionRow? {
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let reader = try Store(path: databasePath, configuration: configuration, logger: quietLogger)
        let row = try await reader.interaction(id: id)
        await reader.close()
        return row
    }

    /// A WebSocket client logged in with `token`, its welcome read.
    func login(_ token: String) async throws -> TransportClient {
        let client = try await TransportClient.connect(client, port: port)
        try await client.send(#"{"type":"hello","token":"\#(token)"}"#)
        _ = try await client.expect("welcome")
        return client
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(300))
        await clients.shutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
    }
}

/// One HTTP exchange's result.
struct Reply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    /// The body's JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

/// Sends one request on its own connection (`Connection: close`) from a thread of its own, so the
/// blocking read never holds a cooperative thread the server needs.
func http(_ method: String, _ path: String, port: Int, token: String? = nil, body: String? = nil,
          headers: [(String, String)] = []) async throws -> Reply {
    var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if let token { request += "Authorization: Bearer \(token)\r\n" }
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    if let body {
        request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    } else {
        request += "\r\n"
    }
    let wire = request
    let text = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
        Thread {
            do {
                let socket = try RawClient(port: port)
                socket.send(wire)
                continuation.resume(returning: String(decoding: socket.readToEnd().bytes, as: UTF8.self))
            } catch {
                continuation.resume(throwing: error)
            }
        }.start()
    }
    let parts = text.components(separatedBy: "\r\n\r\n")
    let lines = parts[0].components(separatedBy: "\r\n")
    let status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return Reply(status: status, headers: fields, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
}

struct TestTimeout: Error, CustomStringConvertible {
    let description: String
}

extension WireClient {
    /// Reads until a message contains every fragment (failing after `seconds`); returns it.
    @discardableResult
    func expect(_ fragments: String..., within seconds: Double = 15) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                while let text = try await self.receive() {
                    if fragments.allSatisfy({ text.contains($0) }) { return text }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw TestTimeout(description: "no message with \(fragments) within \(seconds) s") }
            return first
        }
    }
}
