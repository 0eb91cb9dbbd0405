import Foundation
import SwitchboardTesting
import Testing
import SwitchboardTransport

@Suite struct ConnectionLimitTests {
    @Test func connectionsPastTheLimitAndReserveAreClosedAtAcceptAndCounted() async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, maxConnections: 2, reservedConnections: 1)
        let fixture = try await EchoFixture(configuration: configuration)
        let port = fixture.server.port
        // Idle keep-alive HTTP connections hold places too, not only WebSockets.
        var held: [RawClient] = []
        for _ in 0..<3 {
            let client = try RawClient(port: port)
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(String(decoding: client.read(atLeast: 12), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            held.append(client)
        }
        #expect(fixture.server.openConnectionCount == 3)

        let refused = try RawClient(port: port)
        refused.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let (bytes, closed) = refused.readToEnd()
        #expect(closed)
        #expect(bytes.isEmpty)
        #expect(fixture.server.refusedConnectionCount == 1)
        #expect(fixture.server.openConnectionCount == 3)

        // A closed connection gives its place back.
        held[0].close()
        #expect(await waitUntil { fixture.server.openConnectionCount == 2 })
        let (status, _) = try httpExchange(port: port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(status == 200)
        await fixture.stop()
    }

    @Test func webSocketsAcceptedPastTheLimitAreMarkedInReserve() async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, maxConnections: 1, reservedConnections: 1)
        let fixture = try await EchoFixture(configuration: configuration)
        let first = try await fixture.client.connect(fixture.url)
        _ = await fixture.registry.waitForCount(1)
        let second = try await fixture.client.connect(fixture.url)
        let serverSide = await fixture.registry.waitForCount(2)
        #expect(serverSide.map(\.isInReserve) == [false, true])
        do {
            _ = try await fixture.client.connect(fixture.url)
            Issue.record("a third connection was upgraded past the limit and the reserve")
        } catch {
            #expect(error.status == nil)
        }
        #expect(fixture.server.refusedConnectionCount == 1)
        await first.send(text: "still served")
        #expect(await nextMessage(first) == .text("still served"))
        await second.send(text: "reserve too")
        #expect(await nextMessage(second) == .text("reserve too"))
        await fixture.stop()
    }
}
