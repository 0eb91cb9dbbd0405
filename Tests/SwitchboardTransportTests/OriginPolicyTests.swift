import Foundation
import SwitchboardTesting
import Testing
import SwitchboardTransport

@Suite struct OriginPolicyTests {
    @Test func upgradesFromOtherBrowserOriginsAreRefusedWith403() async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, allowedOrigins: ["https://App.Example.com", "http://127.0.0.1:9"])
        let fixture = try await EchoFixture(configuration: configuration)
        let port = fixture.server.port
        func status(host: String? = nil, _ origins: [String]) throws -> Int {
            try upgradeExchange(port: port, host: host, headers: origins.map { ("Origin", $0) }).status
        }
        // Non-browser clients send no Origin.
        #expect(try status([]) == 101)
        // The server's own origin: scheme of the connection plus the Host field, host in any case.
        #expect(try status(["http://127.0.0.1:\(port)"]) == 101)
        #expect(try status(host: "LocalHost:\(port)", ["http://localhost:\(port)"]) == 101)
        // Listed origins, the host ignoring case and the default port implied.
        #expect(try status(["https://app.example.com"]) == 101)
        #expect(try status(["https://app.example.com:443"]) == 101)
        #expect(try status(["http://127.0.0.1:9"]) == 101)
        // Everything else.
        #expect(try status(["http://app.example.com"]) == 403)
        #expect(try status(["https://app.example.com:8443"]) == 403)
        #expect(try status(["https://127.0.0.1:\(port)"]) == 403)
        #expect(try status(["null"]) == 403)
        #expect(try status(["not an origin"]) == 403)
        #expect(try status(["https://app.example.com", "https://evil.example"]) == 403)

        let refused = try upgradeExchange(port: port, headers: [("Origin", "https://evil.example")])
        #expect(refused.status == 403)
        #expect(refused.text.contains("Content-Type: text/plain"))
        #expect(refused.text.hasSuffix("origin https://evil.example is not allowed\n"))
        #expect(!refused.text.contains("Sec-WebSocket-Accept"))
        // The client sees the refusal as a failed handshake with the status.
        do {
            _ = try await fixture.client.connect(fixture.url, headers: [("Origin", "https://evil.example")])
            Issue.record("a cross-origin upgrade was accepted")
        } catch {
            #expect(error.status == 403)
        }
        #expect(fixture.server.webSocketCount == 0)
        await fixture.stop()
    }

    @Test func wildcardAllowsEveryOriginAndNullAllowsOpaqueOnes() async throws {
        let any = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 1, allowedOrigins: ["*"]))
        #expect(try upgradeExchange(port: any.server.port, headers: [("Origin", "https://evil.example")]).status == 101)
        #expect(try upgradeExchange(port: any.server.port, headers: [("Origin", "null")]).status == 101)
        await any.stop()
        let opaque = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 1, allowedOrigins: ["null"]))
        #expect(try upgradeExchange(port: opaque.server.port, headers: [("Origin", "null")]).status == 101)
        #expect(try upgradeExchange(port: opaque.server.port, headers: [("Origin", "https://evil.example")]).status == 403)
        await opaque.stop()
    }

    @Test func serverRefusesToStartWithAnEntryThatIsNotAnOrigin() async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, allowedOrigins: ["https://ok.example", "ok.example/path"])
        do {
            _ = try await HTTPServer.start(configuration: configuration, logger: testLogger()) { _ in EchoingHandler() }
            Issue.record("the server started with an invalid allowed origin")
        } catch {
            #expect(error.kind == .invalidAddress)
            #expect(error.detail.contains("\"ok.example/path\""))
        }
    }

    @Test(arguments: [
        ("https://Example.COM", "https://example.com"),
        ("https://example.com:443/", "https://example.com"),
        ("http://example.com:8080", "http://example.com:8080"),
        ("HTTP://[::1]:80", "http://[::1]"),
    ])
    func originsAreNormalised(text: String, normalised: String) {
        #expect(WebOrigin(text)?.description == normalised)
    }

    @Test(arguments: ["null", "example.com", "https://", "https://user@example.com", "https://example.com/path",
                      "https://example.com:0", "https://example.com:99999", "https://exa mple.com", "://example.com"])
    func malformedOriginsDoNotParse(text: String) {
        #expect(WebOrigin(text) == nil)
    }
}
