import Foundation
import Logging
import SwitchboardTesting
import Testing
@testable import SwitchboardSocket

@Suite struct QueuedOutputLimitTests {
    @Test func overTheCapOnlyAQueueAtLeastTheAverageIsPicked() {
        let limit = QueuedOutputLimit(maxBytes: 1000)
        #expect(!limit.report(from: 0, to: 600))
        // Over the cap, but 500 is below the average of the two queues: a reader that keeps up is spared.
        #expect(!limit.report(from: 0, to: 500))
        #expect(limit.queuedBytes == 1100)
        #expect(limit.queuedConnections == 2)
        // The larger queue grows: it is picked.
        #expect(limit.report(from: 600, to: 700))
        #expect(!limit.report(from: 700, to: 0))
        #expect(limit.queuedBytes == 500)
        #expect(limit.queuedConnections == 1)
    }

    @Test func serverWideCapClosesTheLargerQueueAndSparesTheOther() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let registry = HandlerRegistry<Collector>()
        let limit = QueuedOutputLimit(maxBytes: 1 << 20)
        // Each connection may queue 8 MiB on its own; only the shared cap can stop them.
        let options = ConnectionOptions(highWaterMark: 8 << 20, sendBufferSize: 4096)
        let chunk = pattern(64 << 10)
        let listener = try await Listener.bind(port: 0, group: group, options: options, outputLimit: limit,
                                               logger: testLogger()) { connection in
            registry.add(Collector(connection) { collector, bytes in
                for _ in 0..<Int(bytes[0]) { collector.connection.write(chunk) }
            })
        }
        // Two peers that never read: 640 KiB queued for the first fits under the cap...
        let first = try RawClient(port: listener.port, receiveBufferSize: 4096)
        first.send([10])
        let firstServer = try #require(await registry.waitForCount(1).first)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while limit.queuedBytes < 512 << 10 && clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(limit.queuedBytes >= 512 << 10)
        // ...768 KiB more for the second passes it, and the second holds the larger queue.
        let second = try RawClient(port: listener.port, receiveBufferSize: 4096)
        second.send([12])
        let secondServer = try #require(await registry.waitForCount(2).last)
        #expect(await secondServer.waitForClose())
        let error = try #require(await secondServer.closeError)
        #expect(error.kind == .slowReader)
        #expect(error.detail.contains("server output cap 1048576"))
        #expect(!(await firstServer.isClosed))
        #expect(limit.queuedBytes < 1 << 20)
        #expect(limit.queuedConnections == 1)
        let secondClosed = second.readToEnd().closed
        #expect(secondClosed)
        await group.shutdown()
        #expect(limit.queuedBytes == 0)
    }
}
