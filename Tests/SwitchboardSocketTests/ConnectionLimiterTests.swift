import Foundation
import Logging
import SwitchboardTesting
import Testing
@testable import SwitchboardSocket

@Suite struct ConnectionLimiterTests {
    @Test func listenerClosesConnectionsPastTheLimitAndReserveBeforeMakingAHandler() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let registry = HandlerRegistry<Collector>()
        let limiter = ConnectionLimiter(maxConnections: 2, reservedConnections: 1)
        let log = LogRecorder()
        let listener = try await Listener.bind(port: 0, group: group, limiter: limiter, logger: log.logger) {
            registry.add(Collector($0))
        }
        var clients: [RawClient] = []
        for index in 0..<3 {
            let client = try RawClient(port: listener.port)
            client.send([UInt8(index)])
            clients.append(client)
            // One at a time, so the handlers are in accept order.
            _ = await registry.waitForCount(index + 1)
        }
        let handlers = registry.all
        #expect(handlers.map(\.handle.isInReserve) == [false, false, true])
        #expect(limiter.openCount == 3)

        let refused = try RawClient(port: listener.port)
        let (bytes, closed) = refused.readToEnd()
        #expect(closed)
        #expect(bytes.isEmpty)
        #expect(limiter.refusedCount == 1)
        #expect(limiter.openCount == 3)
        #expect(registry.all.count == 3)
        // The loop logs the refusal just after closing the socket, so the client may see the close first.
        #expect(await log.waitFor("connection refused: connection limit reached", at: .warning))

        // Closing a connection gives its place back; the newcomer still lands in the reserve.
        clients[0].close()
        #expect(await handlers[0].waitForClose())
        #expect(limiter.openCount == 2)
        let again = try RawClient(port: listener.port)
        again.send([9])
        let all = await registry.waitForCount(4)
        #expect(all.count == 4)
        #expect(all.last?.handle.isInReserve == true)
        await group.shutdown()
        #expect(limiter.openCount == 0)
    }

    @Test func admissionFillsTheLimitThenTheReserveThenRefuses() {
        let limiter = ConnectionLimiter(maxConnections: 1, reservedConnections: 1)
        #expect(limiter.admit() == .regular)
        #expect(limiter.admit() == .reserve)
        #expect(limiter.admit() == .refused)
        #expect(limiter.openCount == 2)
        #expect(limiter.refusedCount == 1)
        limiter.release()
        #expect(limiter.admit() == .reserve)
    }
}
