import Foundation
import Logging
import Testing
@testable import SwitchboardSocket

@Suite struct ManyConnectionsTests {
    /// Both ends live in this process, so N connections need 2N descriptors; the count defaults to
    /// what fits the descriptor limit, up to 10,000 (`SB_MANY_CONNECTIONS` overrides it).
    @Test func thousandsOfLoopbackConnectionsEchoAtOnce() async throws {
        // Root may raise the hard limit too; elsewhere this stays at the hard limit.
        var wanted = rlimit(rlim_cur: 32768, rlim_max: 32768)
        var current = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &current)
        if current.rlim_max < wanted.rlim_max { _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &wanted) }
        let limit = try ResourceLimits.raiseOpenFileLimit()
        let requested = ProcessInfo.processInfo.environment["SB_MANY_CONNECTIONS"].flatMap(Int.init) ?? 4000
        let count = min(requested, (limit - 200) / 2)
        #expect(count >= 2000, "descriptor limit \(limit) leaves room for only \(count) connections")
        let server = try EventLoopGroup(logger: testLogger())
        let clients = try EventLoopGroup(logger: testLogger())
        let listener = try await Listener.bind(port: 0, group: server, logger: testLogger()) { EchoHandler($0) }
        let clock = ContinuousClock()
        let start = clock.now
        let handlers = try await withThrowingTaskGroup(of: [Collector].self) { tasks in
            let batches = 20
            for batch in 0..<batches {
                tasks.addTask {
                    var mine: [Collector] = []
                    for _ in stride(from: batch, to: count, by: batches) {
                        mine.append(try await Connection.connect(host: "127.0.0.1", port: listener.port, on: clients.next(),
                                                                 logger: testLogger()) { Collector($0) })
                    }
                    return mine
                }
            }
            var all: [Collector] = []
            for try await part in tasks { all += part }
            return all
        }
        let connected = clock.now
        #expect(handlers.count == count)
        let echoed = await withTaskGroup(of: Bool.self) { tasks in
            for (index, handler) in handlers.enumerated() {
                tasks.addTask {
                    let message = Array("connection \(index)".utf8)
                    await handler.write(message)
                    let got = await handler.waitForBytes(message.count, timeout: .seconds(30))
                    if got != message {
                        print("connection \(index): got \(got.count) bytes, closed \(await handler.isClosed), error \(String(describing: await handler.closeError))")
                    }
                    return got == message
                }
            }
            var good = 0
            for await ok in tasks where ok { good += 1 }
            return good
        }
        let done = clock.now
        #expect(echoed == count)
        print("many connections: \(count) connected in \(connected - start), all echoed in \(done - connected)")
        await clients.shutdown()
        await server.shutdown()
    }
}
