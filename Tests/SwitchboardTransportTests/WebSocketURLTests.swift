import Testing
import SwitchboardTransport

@Suite struct WebSocketURLTests {
    @Test func parsesSchemeHostPortAndTarget() throws {
        let url = try WebSocketURL("wss://127.0.0.1:9443/v1/ws?agent=7")
        #expect(url.secure)
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 9443)
        #expect(url.target == "/v1/ws?agent=7")
        #expect(url.hostHeader == "127.0.0.1:9443")
    }

    @Test func defaultsPortAndPathByScheme() throws {
        let url = try WebSocketURL("ws://localhost")
        #expect(url.port == 80)
        #expect(url.target == "/")
        #expect(url.hostHeader == "localhost")
        #expect(try WebSocketURL("wss://[::1]/x").host == "::1")
        #expect(try WebSocketURL("wss://[::1]/x").port == 443)
    }

    @Test(arguments: ["http://host/", "ws://", "ws://host:0/", "ws://host:70000/", "ws://host:abc/", "wss://[::1/x"])
    func rejectsMalformedURLsWithTheOffendingPart(_ text: String) {
        #expect(throws: SocketError.self) { try WebSocketURL(text) }
    }

    @Test func clientReportsTheStatusWhenTheServerRefusesTheUpgrade() async throws {
        let fixture = try await EchoFixture()
        do {
            _ = try await fixture.client.connect("ws://127.0.0.1:\(fixture.server.port)/not-the-socket")
            Issue.record("upgrade on a path without WebSocket succeeded")
        } catch {
            #expect(error.status == 404)
        }
        await fixture.stop()
    }
}
