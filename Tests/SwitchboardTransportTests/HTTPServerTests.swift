import Foundation
import SwitchboardTesting
import Testing
import SwitchboardTransport

@Suite struct HTTPServerTests {
    @Test func healthzAnswersOk() async throws {
        let fixture = try await EchoFixture()
        let (status, text) = try httpExchange(port: fixture.server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(status == 200)
        #expect(text.hasSuffix("\r\n\r\nok\n"))
        await fixture.stop()
    }

    @Test func metricsServesTheHooksText() async throws {
        let fixture = try await EchoFixture()
        let (status, text) = try httpExchange(port: fixture.server.port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(status == 200)
        #expect(text.contains("sb_test_metric 1"))
        await fixture.stop()
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let fixture = try await EchoFixture()
        let socket = try RawClient(port: fixture.server.port)
        socket.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = String(decoding: socket.readToEnd().bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        await fixture.stop()
    }

    @Test func unknownPathIs404() async throws {
        let fixture = try await EchoFixture()
        #expect(try httpExchange(port: fixture.server.port, "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status == 404)
        await fixture.stop()
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let fixture = try await EchoFixture()
        let (status, text) = try httpExchange(port: fixture.server.port,
                                              "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(status == 405)
        #expect(text.contains("Allow: GET, HEAD"))
        await fixture.stop()
    }

    @Test func plainGetOnTheWebSocketPathIs426() async throws {
        let fixture = try await EchoFixture()
        let (status, text) = try httpExchange(port: fixture.server.port, "GET /v1/ws HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(status == 426)
        #expect(text.contains("Sec-WebSocket-Version: 13"))
        await fixture.stop()
    }

    @Test func wrongWebSocketVersionIs426() async throws {
        let fixture = try await EchoFixture()
        let request = "GET /v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n"
        #expect(try httpExchange(port: fixture.server.port, request).status == 426)
        await fixture.stop()
    }

    @Test func malformedRequestIs400AndOversizedHeadIs431() async throws {
        let fixture = try await EchoFixture()
        #expect(try httpExchange(port: fixture.server.port, "NOT HTTP AT ALL\r\n\r\n").status == 400)
        let huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n"
        #expect(try httpExchange(port: fixture.server.port, huge).status == 431)
        await fixture.stop()
    }

    @Test func oversizedBodyIs413() async throws {
        let fixture = try await EchoFixture()
        let request = "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"
        #expect(try httpExchange(port: fixture.server.port, request).status == 413)
        await fixture.stop()
    }

    @Test func staticFilesAreServedWithContentTypesAndNeverOutsideTheRoot() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sb-static-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("css"), withIntermediateDirectories: true)
        try "<h1>agents</h1>".write(to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "body{}".write(to: root.appendingPathComponent("css/site.css"), atomically: true, encoding: .utf8)
        try "{}".write(to: root.appendingPathComponent("data.json"), atomically: true, encoding: .utf8)
        let secret = root.deletingLastPathComponent().appendingPathComponent("sb-secret-\(UUID().uuidString).txt")
        try "secret".write(to: secret, atomically: true, encoding: .utf8)
        let fixture = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 1, staticFilesRoot: root.path))
        let port = fixture.server.port
        func get(_ path: String) throws -> (status: Int, text: String) {
            try httpExchange(port: port, "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        }
        let index = try get("/")
        #expect(index.status == 200)
        #expect(index.text.contains("Content-Type: text/html"))
        #expect(index.text.hasSuffix("<h1>agents</h1>"))
        #expect(try get("/css/site.css").text.contains("Content-Type: text/css"))
        #expect(try get("/data.json").text.contains("Content-Type: application/json"))
        #expect(try get("/missing.js").status == 404)
        let name = secret.lastPathComponent
        for escape in ["/../\(name)", "/%2e%2e/\(name)", "/css/..%2f..%2f\(name)", "/css/%2e%2e/%2e%2e/\(name)"] {
            let response = try get(escape)
            #expect(response.status != 200, "\(escape)")
            #expect(!response.text.contains("secret"), "\(escape)")
        }
        await fixture.stop()
    }

    @Test func staticFilesNeverFollowSymbolicLinks() async throws {
        let manager = FileManager.default
        let base = manager.temporaryDirectory.appendingPathComponent("sb-links-\(UUID().uuidString)")
        let root = base.appendingPathComponent("web")
        let outside = base.appendingPathComponent("etc")
        try manager.createDirectory(at: root.appendingPathComponent("css"), withIntermediateDirectories: true)
        try manager.createDirectory(at: outside, withIntermediateDirectories: true)
        try "<h1>agents</h1>".write(to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "body{}".write(to: root.appendingPathComponent("css/site.css"), atomically: true, encoding: .utf8)
        try "root:secret".write(to: outside.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
        try "<h1>secret</h1>".write(to: outside.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        // A folder link out of the root (ln -s ../etc web/etcdir), a file link out, and a file link within.
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("etcdir").path, withDestinationPath: outside.path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("passwd").path,
                                       withDestinationPath: outside.appendingPathComponent("passwd").path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("css/home.html").path, withDestinationPath: "../index.html")
        defer { try? manager.removeItem(at: base) }
        let fixture = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 1, staticFilesRoot: root.path))
        func get(_ path: String) throws -> (status: Int, text: String) {
            try httpExchange(port: fixture.server.port, "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        }
        for path in ["/etcdir/passwd", "/etcdir/", "/etcdir", "/passwd", "/css/home.html"] {
            let response = try get(path)
            #expect(response.status == 404, "\(path)")
            #expect(!response.text.contains("secret"), "\(path)")
        }
        #expect(try get("/").text.hasSuffix("<h1>agents</h1>"))
        #expect(try get("/css/site.css").status == 200)
        await fixture.stop()
    }
}
