import Foundation
import SwitchboardTesting
import Testing
import SwitchboardTransport

@Suite struct FirstRequestTimeoutTests {
    @Test func silentAndTricklingConnectionsAreClosedAfterTheFirstRequestTimeout() async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, firstRequestTimeout: .milliseconds(300))
        let fixture = try await EchoFixture(configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let silent = try RawClient(port: fixture.server.port)
        let trickling = try RawClient(port: fixture.server.port)
        trickling.send("GET /healthz HTTP/1.1\r\nHo")
        // RawClient gives up after 5 s: without the timeout both reads would time out, not end.
        let silentClosed = silent.readToEnd().closed
        let tricklingClosed = trickling.readToEnd().closed
        #expect(silentClosed)
        #expect(tricklingClosed)
        #expect(clock.now - start < .seconds(4))
        #expect(await waitUntil { fixture.server.openConnectionCount == 0 })
        await fixture.stop()
    }

    @Test func completedRequestsAndUpgradesAreNotCutByIt() async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, firstRequestTimeout: .milliseconds(300))
        let fixture = try await EchoFixture(configuration: configuration)
        // After a complete request the keep-alive idle timeout (60 s) applies instead.
        let keepAlive = try RawClient(port: fixture.server.port)
        keepAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(String(decoding: keepAlive.read(atLeast: 12), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        let connection = try await fixture.client.connect(fixture.url)
        try await Task.sleep(for: .milliseconds(700))
        keepAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(String(decoding: keepAlive.read(atLeast: 12), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        await connection.send(text: "after the deadline")
        #expect(await nextMessage(connection) == .text("after the deadline"))
        await fixture.stop()
    }
}
