import Foundation
import SwitchboardTesting
import Testing
import SwitchboardTransport

@Suite struct WebSocketEchoTests {
    @Test func handshakeSucceedsAndTextIsEchoed() async throws {
        let fixture = try await EchoFixture()
        let connection = try await fixture.client.connect(fixture.url)
        await connection.send(text: "hello, switchboard")
        #expect(await nextMessage(connection) == .text("hello, switchboard"))
        await connection.close()
        #expect(await closeCode(connection) == .normalClosure)
        await fixture.stop()
    }

    @Test(arguments: [0, 1, 125, 126, 65_535, 65_536])
    func binaryMessagesAreEchoedUnchanged(size: Int) async throws {
        let fixture = try await EchoFixture()
        let connection = try await fixture.client.connect(fixture.url)
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        await connection.send(binary: payload)
        let echoed = await nextMessage(connection)
        let intact = echoed == .binary(payload)
        #expect(intact)
        await fixture.stop()
    }

    @Test func fragmentedMessageIsEchoedWhole() async throws {
        let fixture = try await EchoFixture()
        let connection = try await fixture.client.connect(fixture.url)
        let text = String(repeating: "fragments ✓ ", count: 500)
        await connection.sendFragmented(.text(text), fragmentSize: 97)
        #expect(await nextMessage(connection) == .text(text))
        await fixture.stop()
    }

    @Test func pingIsAnsweredWithAPongCarryingItsPayload() async throws {
        let fixture = try await EchoFixture()
        let socket = try RawClient(port: fixture.server.port)
        let request = WebSocketHandshake.makeClientRequest(host: "127.0.0.1", path: "/v1/ws")
        socket.send(request.bytes)
        let head = String(decoding: socket.read(atLeast: 4), as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 101"))
        socket.send(maskedFrame(firstByte: 0x89, payload: Array("are you there".utf8)))
        let pong = socket.read(atLeast: 15)
        #expect(pong == [0x8A, 13] + Array("are you there".utf8))
        await fixture.stop()
    }

    @Test func clientThatStopsAnsweringPingsIsDroppedAtTheServersIdleTimeout() async throws {
        var configuration = HTTPServerConfiguration(port: 0, threads: 2)
        configuration.webSocket = WebSocketStateMachine.Configuration(pingInterval: .milliseconds(100), idleTimeout: .seconds(1))
        let fixture = try await EchoFixture(configuration: configuration)
        let connection = try await fixture.client.connect(fixture.url)
        // While it answers, it outlives the idle timeout.
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(await connection.isOpen)
        await connection.stopAnsweringPings()
        #expect(await closeCode(connection) == .goingAway)
        await fixture.stop()
    }

    @Test func messagePushedFromAnotherTaskReachesTheClient() async throws {
        let fixture = try await EchoFixture()
        let connection = try await fixture.client.connect(fixture.url)
        let serverSide = try #require(await fixture.registry.waitForCount(1).first)
        Task.detached { serverSide.enqueue(.text("pushed")) }
        #expect(await nextMessage(connection) == .text("pushed"))
        await serverSide.send(text: "awaited")
        #expect(await nextMessage(connection) == .text("awaited"))
        await fixture.stop()
    }

    @Test func tlsEchoWorksWithASelfSignedCertificate() async throws {
        let (certificate, key) = try makeSelfSignedCertificate()
        let tls = try TLSContext.server(certificatePath: certificate, privateKeyPath: key)
        let fixture = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 2, tls: tls))
        let connection = try await fixture.client.connect("wss://localhost:\(fixture.server.port)/v1/ws",
                                                          tls: try TLSContext.client(verifyPeer: false))
        let payload = (0..<65_536).map { UInt8(truncatingIfNeeded: $0) }
        await connection.send(binary: payload)
        let intact = await nextMessage(connection) == .binary(payload)
        #expect(intact)
        await connection.send(text: "over tls")
        #expect(await nextMessage(connection) == .text("over tls"))
        await fixture.stop()
    }

    @Test func thousandConcurrentConnectionsEchoAtOnce() async throws {
        let fixture = try await EchoFixture()
        let count = 1000
        let connections = try await withThrowingTaskGroup(of: WebSocketConnection.self) { group in
            for _ in 0..<count {
                group.addTask { try await fixture.client.connect(fixture.url) }
            }
            var all: [WebSocketConnection] = []
            for try await connection in group { all.append(connection) }
            return all
        }
        #expect(connections.count == count)
        let echoed = await withTaskGroup(of: Bool.self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    await connection.send(text: "message \(index)")
                    return await nextMessage(connection, timeout: .seconds(30)) == .text("message \(index)")
                }
            }
            var good = 0
            for await ok in group where ok { good += 1 }
            return good
        }
        #expect(echoed == count)
        #expect(fixture.server.webSocketCount == count)
        await fixture.stop()
    }

    @Test func shutdownClosesEveryWebSocketWithGoingAway() async throws {
        let fixture = try await EchoFixture()
        var connections: [WebSocketConnection] = []
        for _ in 0..<5 { connections.append(try await fixture.client.connect(fixture.url)) }
        _ = await fixture.registry.waitForCount(5)
        await fixture.server.shutdown()
        for connection in connections {
            #expect(await closeCode(connection) == .goingAway)
        }
        await fixture.client.shutdown()
    }

    @Test func silentPeerIsPingedThenDroppedAfterTheIdleTimeout() async throws {
        let timers = WebSocketStateMachine.Configuration(pingInterval: .milliseconds(100), idleTimeout: .milliseconds(400))
        let fixture = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 1, webSocket: timers))
        // A client that never answers: sees pings (0x89), then a 1001 "idle timeout" close frame
        // (0x88, length 14, code 0x03E9) and the end of the connection.
        let socket = try RawClient(port: fixture.server.port)
        socket.send(WebSocketHandshake.makeClientRequest(host: "127.0.0.1", path: "/v1/ws").bytes)
        let bytes = socket.readToEnd().bytes
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 101"))
        #expect(bytes.contains(0x89))
        let closeFrame: [UInt8] = [0x88, 14, 0x03, 0xE9] + Array("idle timeout".utf8)
        #expect(Array(bytes.suffix(closeFrame.count)) == closeFrame)
        // A client whose state machine answers pings stays connected past the idle timeout.
        let connection = try await fixture.client.connect(fixture.url)
        try await Task.sleep(for: .milliseconds(900))
        #expect(await connection.isOpen)
        await connection.send(text: "still here")
        #expect(await nextMessage(connection) == .text("still here"))
        await fixture.stop()
    }
}
