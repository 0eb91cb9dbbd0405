import ArgumentParser
import Foundation
import SwitchboardBench
import SwitchboardTransport

/// Raw WebSocket throughput and latency against any echo server.
struct EchoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo",
        abstract: "Measure raw WebSocket messages/s and round-trip percentiles against an echo server."
    )

    @Option(help: "Echo server URL, e.g. ws://127.0.0.1:9001/.")
    var url: String

    @Option(help: "Client connections.")
    var connections = 16

    @Option(help: "Message size in bytes (e.g. 32, 1024, 16384).")
    var size = 32

    @Option(help: "Seconds to run.")
    var duration = 10.0

    @Option(help: "Messages in flight per connection.")
    var pipeline = 1

    @Option(help: "Client event-loop threads.")
    var threads = 1

    @Option(help: "Write the result as JSON to this file.")
    var json: String?

    func validate() throws {
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1, got \(connections)") }
        guard (1...16_777_216).contains(size) else { throw ValidationError("--size must be 1 to 16777216, got \(size)") }
        guard duration > 0 else { throw ValidationError("--duration must be positive, got \(duration)") }
        guard pipeline >= 1 else { throw ValidationError("--pipeline must be at least 1, got \(pipeline)") }
    }

    func run() async throws {
        let client = try WebSocketClient(threads: threads, logger: makeLogger())
        let bench = EchoBench(connections: connections, size: size, durationSeconds: duration, pipeline: pipeline)
        let result: EchoBench.Result
        do {
            result = try await bench.run(connector: WebSocketBenchConnector(url: url, client: client))
        } catch {
            printError("switchboard-bench echo: \(error)")
            await client.shutdown()
            throw ExitCode(2)
        }
        await client.shutdown()
        print(result.table)
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        }
    }
}
