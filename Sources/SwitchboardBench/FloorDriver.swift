import Foundation

/// Runs a ``Floor`` in real time over real (or fake) connections.
///
/// Each connection has a reader task that stamps a frame's arrival time before hopping onto this actor,
/// so time spent waiting for the actor does not count against the server. Due timers fire on every
/// delivery and from a loop that sleeps at most `tick` between deadlines.
public actor FloorDriver {
    private let floor: Floor
    private let origin = ContinuousClock.now
    private var connections: [any BenchConnection] = []
    private let tick: Duration

    public init(scenario: Scenario, durationSeconds: Double? = nil, runId: String, tick: Duration = .milliseconds(2),
                beforeReload: (@Sendable (Int) -> Void)? = nil) {
        floor = Floor(scenario: scenario, durationSeconds: durationSeconds, runId: runId, beforeReload: beforeReload)
        self.tick = tick
    }

    nonisolated func seconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Connects every agent, source and admin, runs the scenario, and returns the result.
    /// - Parameters:
    ///   - connectConcurrency: connections opened at once while the floor logs in.
    ///   - progress: called about once per `progressInterval` with a snapshot, off the hot path.
    public func run(connector: some BenchConnector, connectConcurrency: Int = 64, progressInterval: Double = 1,
                    progress: (@Sendable (FloorProgress) -> Void)? = nil) async -> BenchResult {
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let count = floor.connections.count
        var opened = [(any BenchConnection)?](repeating: nil, count: count)
        var failure: String?
        await withTaskGroup(of: (Int, Result<any BenchConnection, any Error>).self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    do { return (index, .success(try await connector.connect())) } catch { return (index, .failure(error)) }
                }
            }
            for _ in 0..<min(connectConcurrency, count) { add() }
            for await (index, outcome) in group {
                switch outcome {
                case .success(let connection): opened[index] = connection
                case .failure(let error): if failure == nil { failure = "connection \(index + 1) of \(count): \(error)" }
                }
                if failure == nil, next < count { add() }
            }
        }
        guard failure == nil else {
            for connection in opened { connection?.close() }
            floor.abort(reason: "could not connect: \(failure ?? "")", now: seconds())
            return floor.result(startedAt: startedAt)
        }
        connections = opened.compactMap { $0 }
        let readers = connections.enumerated().map { index, connection in
            Task { [weak self] in
                while let text = await connection.receive() {
                    guard let self else { return }
                    let now = self.seconds()
                    await self.deliver(text, on: index, now: now)
                }
                await self?.closed(index)
            }
        }
        send(floor.start(now: seconds()))
        var nextProgress = seconds() + progressInterval
        while !floor.isFinished {
            let now = seconds()
            send(floor.advance(to: now))
            if let progress, now >= nextProgress {
                progress(floor.progress(now: now))
                nextProgress = now + progressInterval
            }
            let wait = min(max(0, (floor.nextDeadline ?? .infinity) - seconds()), 0.002)
            let sleep = wait < 0.002 ? Duration.microseconds(Int64(wait * 1_000_000)) : tick
            if sleep > .zero { try? await Task.sleep(for: sleep, tolerance: .microseconds(200)) }
            if Task.isCancelled { floor.abort(reason: "interrupted", now: seconds()) }
        }
        let result = floor.result(startedAt: startedAt)
        for connection in connections { connection.close() }
        for reader in readers { reader.cancel() }
        return result
    }

    /// Stops the run at once (e.g. on Ctrl-C); the result covers what happened so far.
    public func interrupt() {
        floor.abort(reason: "interrupted", now: seconds())
    }

    private func deliver(_ text: String, on index: Int, now: Double) {
        guard !floor.isFinished else { return }
        send(floor.receive(text, on: index, now: now))
        send(floor.advance(to: now))
    }

    private func closed(_ index: Int) {
        floor.connectionClosed(index, reason: "closed by the server", now: seconds())
    }

    private func send(_ outgoing: [Outgoing]) {
        for message in outgoing where message.connection < connections.count {
            connections[message.connection].send(message.text)
        }
    }
}
