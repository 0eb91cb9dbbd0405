import Foundation
import Logging
import SwitchboardTesting
import Testing
@testable import SwitchboardSocket

@Suite struct ConnectionTests {
    @Test func bytesEchoThroughTheLoopAndHandlersRunOnTheLoopThread() async throws {
        let group = try EventLoopGroup(threads: 2, logger: testLogger())
        let listener = try await Listener.bind(port: 0, group: group, logger: testLogger()) { EchoHandler($0) }
        #expect(listener.port > 0)
        let client = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: group.next(), logger: testLogger()) {
            Collector($0)
        }
        let message = pattern(100_000)
        await client.write(message)
        let echoed = await client.waitForBytes(message.count)
        let intact = echoed == message
        #expect(intact)
        #expect(await client.ranOnLoopThread)
        await group.shutdown()
    }

    @Test func sendFromAnotherTaskHopsToTheLoop() async throws {
        let group = try EventLoopGroup(threads: 2, logger: testLogger())
        let listener = try await Listener.bind(port: 0, group: group, logger: testLogger()) { EchoHandler($0) }
        let client = try await Connection.connect(host: "localhost", port: listener.port, on: group.loops[0], logger: testLogger()) {
            Collector($0)
        }
        let connection = client.handle
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<10 {
                tasks.addTask { connection.send([UInt8(index)]) }
            }
        }
        let echoed = await client.waitForBytes(10)
        #expect(echoed.sorted() == Array(0..<10))
        await group.shutdown()
    }

    @Test func writesLargerThanATinySendBufferArriveIntact() async throws {
        let group = try EventLoopGroup(threads: 2, logger: testLogger())
        let payload = pattern(4 << 20, seed: 3)
        let options = ConnectionOptions(sendBufferSize: 4096)
        let listener = try await Listener.bind(port: 0, group: group, options: options, logger: testLogger()) { connection in
            Collector(connection) { collector, _ in
                collector.connection.write(payload)
            }
        }
        let client = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: group.next(), logger: testLogger()) {
            Collector($0)
        }
        await client.write([1])
        let received = await client.waitForBytes(payload.count, timeout: .seconds(30))
        #expect(received.count == payload.count)
        // Compared outside #expect: a failure would otherwise print megabytes of operands.
        let intact = received == payload
        #expect(intact)
        await group.shutdown()
    }

    @Test func slowReaderIsDisconnectedAtTheHighWaterMark() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let registry = HandlerRegistry<Collector>()
        let options = ConnectionOptions(highWaterMark: 1 << 20, sendBufferSize: 4096)
        let chunk = pattern(256 << 10)
        let listener = try await Listener.bind(port: 0, group: group, options: options, logger: testLogger()) { connection in
            registry.add(Collector(connection) { collector, _ in
                for _ in 0..<64 { collector.connection.write(chunk) }
            })
        }
        let client = try RawClient(port: listener.port, receiveBufferSize: 4096)
        client.send([1])
        let server = try #require(await registry.waitForCount(1).first)
        #expect(await server.waitForClose())
        let error = try #require(await server.closeError)
        #expect(error.kind == .slowReader)
        #expect(error.detail.contains("output budget 1048576"))
        // The peer sees the connection end instead of the server buffering 16 MiB for it.
        let (bytes, closed) = client.readToEnd()
        #expect(closed)
        #expect(bytes.count < 16 << 20)
        await group.shutdown()
    }

    @Test func peerCloseIsReportedWithoutAnError() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let registry = HandlerRegistry<Collector>()
        let listener = try await Listener.bind(port: 0, group: group, logger: testLogger()) { registry.add(Collector($0)) }
        let client = try RawClient(port: listener.port)
        client.send([9, 9])
        let server = try #require(await registry.waitForCount(1).first)
        #expect(await server.waitForBytes(2) == [9, 9])
        // Close explicitly rather than by deinit, whose timing is up to the optimizer.
        client.close()
        #expect(await server.waitForClose())
        #expect(await server.closeError == nil)
        await group.shutdown()
    }

    @Test func connectToAClosedPortFailsWithConnectionRefused() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let listener = try await Listener.bind(port: 0, group: group, logger: testLogger()) { EchoHandler($0) }
        let port = listener.port
        await listener.close()
        await #expect(throws: SocketError.self) {
            _ = try await Connection.connect(host: "127.0.0.1", port: port, on: group.next(), logger: testLogger()) { Collector($0) }
        }
        do {
            _ = try await Connection.connect(host: "127.0.0.1", port: port, on: group.next(), logger: testLogger()) { Collector($0) }
        } catch {
            #expect(error.errno == ECONNREFUSED)
            #expect(error.operation == "connect")
        }
        await group.shutdown()
    }

    @Test func hostThatIsNotALiteralIsRejectedWithATypedError() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        do {
            _ = try await Listener.bind(host: "no.such.host.invalid", port: 0, group: group, logger: testLogger()) { EchoHandler($0) }
            Issue.record("bind accepted a host name it cannot resolve")
        } catch {
            #expect(error.kind == .invalidAddress)
            #expect(error.detail.contains("no.such.host.invalid"))
        }
        await group.shutdown()
    }

    @Test func shutdownClosesEveryConnectionAndTheListener() async throws {
        let server = try EventLoopGroup(threads: 2, logger: testLogger())
        let clients = try EventLoopGroup(threads: 1, logger: testLogger())
        let registry = HandlerRegistry<Collector>()
        let listener = try await Listener.bind(port: 0, group: server, logger: testLogger()) { registry.add(Collector($0)) }
        var handlers: [Collector] = []
        for _ in 0..<20 {
            handlers.append(try await Connection.connect(host: "127.0.0.1", port: listener.port, on: clients.next(), logger: testLogger()) {
                Collector($0)
            })
        }
        let accepted = await registry.waitForCount(20)
        #expect(accepted.count == 20)
        await server.shutdown()
        for handler in handlers {
            #expect(await handler.waitForClose())
        }
        for handler in accepted {
            #expect(await handler.isClosed)
            #expect(await handler.closeError?.kind == .closed)
        }
        await #expect(throws: SocketError.self) {
            _ = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: clients.next(), logger: testLogger()) {
                Collector($0)
            }
        }
        await clients.shutdown()
    }
}
