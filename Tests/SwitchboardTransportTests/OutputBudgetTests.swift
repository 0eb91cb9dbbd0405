import Foundation
import SwitchboardTesting
import Testing
import SwitchboardTransport

/// Answers `flood N` with N binary messages of 16 KiB, and `login` by raising the connection's
/// output budget to 8 MiB, as an application does once a peer has authenticated.
final class FloodingHandler: WebSocketHandler {
    static let chunk = [UInt8](repeating: 0x5A, count: 16 << 10)

    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        let text = String(decoding: message.payload, as: UTF8.self)
        if text == "login" {
            connection.raiseOutputBudget(to: 8 << 20)
        } else if text.hasPrefix("flood "), let count = Int(text.dropFirst(6)) {
            for _ in 0..<count { connection.send(binary: Self.chunk) }
        }
    }
}

@available(*, unavailable)
extension FloodingHandler: Sendable {}

/// A server whose connections flood on request, with small socket buffers so a peer that does not
/// read makes output queue up in the server right away.
struct FloodFixture {
    let server: HTTPServer

    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }) async throws {
        // No presence timeout: a peer that reads late under a loaded machine must be cut by a budget or
        // not at all (it never answers pings, which would otherwise drop it after 90 s of silence).
        var configuration = HTTPServerConfiguration(port: 0, threads: 1,
                                                    webSocket: WebSocketStateMachine.Configuration(pingInterval: nil, idleTimeout: nil),
                                                    connection: ConnectionOptions(highWaterMark: 16 << 20, sendBufferSize: 4096))
        configure(&configuration)
        server = try await HTTPServer.start(configuration: configuration, logger: testLogger()) { _ in FloodingHandler() }
    }

    /// A raw WebSocket client that reads only the 101 head, then sends `messages` and stops reading.
    func nonReadingPeer(sending messages: [String]) throws -> RawClient {
        let socket = try RawClient(port: server.port, receiveBufferSize: 4096)
        socket.send(WebSocketHandshake.makeClientRequest(host: "127.0.0.1", path: "/v1/ws").bytes)
        let head = String(decoding: socket.read(atLeast: 12), as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101") else {
            throw SocketError(kind: .closed, operation: "upgrade", detail: "unexpected answer \(head)")
        }
        for message in messages { socket.send(maskedFrame(firstByte: 0x81, payload: Array(message.utf8))) }
        return socket
    }
}

/// Reads that wait on a slow peer run on threads of their own (`offPool`): a late reader on a loaded
/// machine must not hold a cooperative thread the rest of the suite needs.
@Suite struct OutputBudgetTests {
    @Test func peerThatHasNotLoggedInAndDoesNotReadIsCutAfterTheInitialBudget() async throws {
        let fixture = try await FloodFixture()
        #expect(fixture.server.configuration.webSocketInitialOutputBudget == 256 << 10)
        // 4 MiB of output, far under the 16 MiB high-water mark, but the peer has not logged in.
        nonisolated(unsafe) let peer = try fixture.nonReadingPeer(sending: ["flood 256"])
        #expect(await waitUntil { fixture.server.webSocketCount == 0 })
        let (bytes, closed) = try await offPool { peer.readToEnd() }
        let received = bytes.count
        #expect(closed)
        #expect(received < 1 << 20)
        #expect(await waitUntil { fixture.server.queuedOutputBytes == 0 })
        await fixture.server.shutdown(timeout: .milliseconds(200))
    }

    @Test func loggedInPeerKeepsTheRaisedBudget() async throws {
        let fixture = try await FloodFixture()
        nonisolated(unsafe) let peer = try fixture.nonReadingPeer(sending: ["login", "flood 256"])
        #expect(await waitUntil { fixture.server.queuedOutputBytes >= 3 << 20 })
        #expect(fixture.server.webSocketCount == 1)
        // Everything queued reaches a peer that reads late.
        let received = try await offPool { peer.read(atLeast: 256 * (16 << 10)).count }
        #expect(received >= 256 * (16 << 10))
        #expect(fixture.server.webSocketCount == 1)
        await fixture.server.shutdown(timeout: .milliseconds(200))
    }

    @Test func serverWideCapCutsTheNonReaderWithTheLargestQueue() async throws {
        let fixture = try await FloodFixture { configuration in
            configuration.maxQueuedOutputBytes = 1 << 20
            configuration.webSocketInitialOutputBudget = 8 << 20
        }
        // 640 KiB for the first peer fits under the 1 MiB cap...
        nonisolated(unsafe) let first = try fixture.nonReadingPeer(sending: ["flood 40"])
        #expect(await waitUntil { fixture.server.queuedOutputBytes >= 512 << 10 })
        // ...768 KiB more for the second passes it, and the second holds the larger queue.
        nonisolated(unsafe) let second = try fixture.nonReadingPeer(sending: ["flood 48"])
        #expect(await waitUntil { fixture.server.webSocketCount == 1 })
        // Checked outside #expect: a failure would otherwise print every byte read.
        let secondClosed = try await offPool { second.readToEnd().closed }
        #expect(secondClosed)
        #expect(fixture.server.queuedOutputBytes < 1 << 20)
        // The first is still served in full once it reads.
        let firstReceived = try await offPool { first.read(atLeast: 40 * (16 << 10)).count }
        #expect(firstReceived >= 40 * (16 << 10))
        await fixture.server.shutdown(timeout: .milliseconds(200))
    }
}
