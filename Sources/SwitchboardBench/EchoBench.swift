import Foundation
import SwitchboardTransport

/// Raw WebSocket throughput against any echo server: `connections` clients, each keeping `pipeline`
/// messages of `size` bytes in flight and timing every round trip.
public struct EchoBench: Sendable {
    public var connections: Int
    public var size: Int
    public var durationSeconds: Double
    public var pipeline: Int

    public init(connections: Int, size: Int, durationSeconds: Double, pipeline: Int = 1) {
        self.connections = connections
        self.size = size
        self.durationSeconds = durationSeconds
        self.pipeline = pipeline
    }

    /// What an echo run measured.
    public struct Result: Sendable, Codable, Equatable {
        public var connections: Int
        public var size: Int
        public var pipeline: Int
        public var seconds: Double
        public var messages: Int
        public var messagesPerSecond: Double
        public var megabytesPerSecond: Double
        public var roundTrip: LatencySummary
        public var errors: Int

        public var table: String {
            let rt = roundTrip
            return """
                echo: \(connections) connections, \(size)-byte messages, \(pipeline) in flight each, \(String(format: "%.1f", seconds)) s
                messages \(messages)  \(String(format: "%.0f", messagesPerSecond))/s  \(String(format: "%.1f", megabytesPerSecond)) MB/s each way  errors \(errors)
                round trip ms  p50 \(String(format: "%.3f", rt.p50Ms))  p90 \(String(format: "%.3f", rt.p90Ms))  p99 \(String(format: "%.3f", rt.p99Ms))  p99.9 \(String(format: "%.3f", rt.p999Ms))  max \(String(format: "%.3f", rt.maxMs))
                """
        }
    }

    private actor Totals {
        var recorder = LatencyRecorder()
        var messages = 0
        var errors = 0
        func add(_ other: LatencyRecorder.Samples, messages: Int, errors: Int) {
            for sample in other.values { recorder.record(seconds: sample) }
            self.messages += messages
            self.errors += errors
        }
    }

    public func run(connector: WebSocketBenchConnector) async throws -> Result {
        var opened: [WebSocketConnection] = []
        for _ in 0..<connections { opened.append(try await connector.connectBuffered()) }
        let payload = String(repeating: "x", count: max(1, size))
        let totals = Totals()
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int64(durationSeconds * 1000))
        await withTaskGroup(of: Void.self) { group in
            for connection in opened {
                group.addTask {
                    var samples = LatencyRecorder.Samples()
                    var sentAt: [ContinuousClock.Instant] = []
                    var count = 0
                    var errors = 0
                    for _ in 0..<max(1, pipeline) {
                        sentAt.append(.now)
                        connection.enqueue(.text(payload))
                    }
                    var head = 0
                    while true {
                        guard let echoed = await connection.receive() else { errors += 1; break }
                        let now = ContinuousClock.now
                        if echoed.kind != .text || echoed.payload.count != payload.utf8.count { errors += 1 }
                        let elapsed = now - sentAt[head]
                        samples.values.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                        count += 1
                        if now >= end { break }
                        sentAt[head] = .now
                        head = (head + 1) % sentAt.count
                        connection.enqueue(.text(payload))
                    }
                    await totals.add(samples, messages: count, errors: errors)
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        for connection in opened { connection.enqueueClose(code: .normalClosure, reason: "bench done") }
        let messages = await totals.messages
        return Result(connections: connections, size: size, pipeline: pipeline, seconds: seconds, messages: messages,
                      messagesPerSecond: Double(messages) / seconds,
                      megabytesPerSecond: Double(messages * size) / seconds / 1_000_000,
                      roundTrip: await totals.recorder.summary, errors: await totals.errors)
    }
}

extension LatencyRecorder {
    /// Raw samples in seconds, gathered without sharing a histogram across tasks.
    public struct Samples: Sendable {
        public var values: [Double] = []
        public init() {}
    }
}
