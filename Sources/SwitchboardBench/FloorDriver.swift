import Foundation
import Synchronization
import SwitchboardSocket

/// Runs a ``Floor`` in real time over real (or fake) connections.
///
/// Connections push every frame into the driver (``BenchInbox``) on the thread that read it; for the
/// WebSocket client that is the event loop the floor's timers also run on, so a frame is stamped,
/// handled and answered on that thread with no task switch, and replies are written in the same loop
/// turn. The floor sits behind a lock only so that fakes and other threads can deliver too.
///
/// When agents churn, the driver closes, drops and reopens connections as the floor asks
/// (``ConnectionChange``). Each slot counts its connections: whatever an earlier connection of the slot
/// still delivers after it was closed is ignored, as a real client no longer hears a socket it closed.
public final class FloorDriver: BenchInbox, Sendable {
    private struct State {
        let floor: Floor
        var connections: [(any BenchConnection)?] = []
        /// Per slot: which connection of the slot is current (0: the first, delivering to the driver itself).
        var generations: [Int]
        var connector: (any BenchConnector)?
        var started = false
        /// Frames that arrived before the floor started (a server should send none before `hello`).
        var early: [(text: String, index: Int, at: Double)] = []
        var closedEarly: [(index: Int, reason: String)] = []
        var timer: LoopTimer?
        var armedFor = Double.infinity
        var rearmQueued = false
        var done: CheckedContinuation<Void, Never>?
        var progressInterval = 1.0
        var nextProgress = Double.infinity
        var usage: ThreadUsage?
        var nextUsageSample = 0.0
        /// The server's process, for resident memory samples (``MemoryCheck``).
        var serverPid: Int32?
        var memoryInterval = Double.infinity
        var nextMemorySample = Double.infinity
    }

    private let origin = ContinuousClock.now
    private let state: Mutex<State>
    private let progressSink = Mutex<(@Sendable (FloorProgress) -> Void)?>(nil)

    public init(scenario: Scenario, durationSeconds: Double? = nil, runId: String,
                beforeReload: (@Sendable (Int) -> Void)? = nil, signalReload: (@Sendable () -> Void)? = nil) {
        let floor = Floor(scenario: scenario, durationSeconds: durationSeconds, runId: runId, beforeReload: beforeReload,
                          signalReload: signalReload)
        state = Mutex(State(floor: floor, generations: Array(repeating: 0, count: floor.connections.count)))
    }

    func seconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Connects every agent, source and admin, runs the scenario, and returns the result.
    /// - Parameters:
    ///   - connectConcurrency: connections opened at once while the floor logs in.
    ///   - progress: called about once per `progressInterval` with a snapshot, on the floor's loop.
    ///   - serverPid: the server's process, whose resident memory is sampled when the scenario asks.
    public func run(connector: some BenchConnector, connectConcurrency: Int = 64, progressInterval: Double = 1,
                    serverPid: Int32? = nil, progress: (@Sendable (FloorProgress) -> Void)? = nil) async -> BenchResult {
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let count = state.withLock { $0.floor.connections.count }
        var opened = [(any BenchConnection)?](repeating: nil, count: count)
        var failure: String?
        await withTaskGroup(of: (Int, Result<any BenchConnection, any Error>).self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    do { return (index, .success(try await connector.connect(index, inbox: self))) } catch { return (index, .failure(error)) }
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
            return state.withLock { state in
                state.floor.abort(reason: "could not connect: \(failure ?? "")", now: seconds())
                return state.floor.result(startedAt: startedAt)
            }
        }
        let connections = opened.compactMap { $0 }
        progressSink.withLock { $0 = progress }
        let loop = connector.loop
        let probe = StallProbe(origin: origin)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            state.withLock { state in
                state.done = continuation
                state.progressInterval = progress == nil ? .infinity : progressInterval
                state.connector = connector
                if let serverPid, let memory = state.floor.scenario.memory {
                    state.serverPid = serverPid
                    state.memoryInterval = memory.sampleEverySeconds
                }
            }
            loop.execute { self.start(connections: connections, loop: loop) }
        }
        probe.stop()
        let now = seconds()
        state.withLock { state in
            // One last sample, after the drain.
            if let pid = state.serverPid, let memory = ResidentMemory.sample(pid: pid) { state.floor.noteServerMemory(memory, now: now) }
        }
        var result = state.withLock { $0.floor.result(startedAt: startedAt) }
        if let start = state.withLock({ $0.floor.arrivalsStartedAt }), var timeline = result.timeline {
            for index in timeline.indices {
                let from = start + Double(timeline[index].second)
                timeline[index].machineStallMaxMs = probe.worstLag(from: from, to: from + 1) * 1000
            }
            result.timeline = timeline
        }
        let open = state.withLock { state in
            defer { state.connections = [] }
            return state.connections.compactMap { $0 }
        }
        for connection in open { connection.close() }
        return result
    }

    /// Stops the run at once (e.g. on Ctrl-C); the result covers what happened so far.
    public func interrupt() {
        let now = seconds()
        let done = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.floor.abort(reason: "interrupted", now: now)
            return Self.takeDoneIfFinished(&state)
        }
        done?.resume()
    }

    // MARK: BenchInbox (any thread; the floor's loop for WebSocket connections)

    public func received(_ text: String, on index: Int) {
        deliver(text, on: index, generation: 0)
    }

    public func closed(_ index: Int, reason: String) {
        connectionClosed(index, generation: 0, reason: reason)
    }

    /// A frame from connection `generation` of slot `index`; dropped unless that connection is the slot's current one.
    fileprivate func deliver(_ text: String, on index: Int, generation: Int) {
        // Stamped before anything else: time spent below (or waiting for the lock) never counts against the server.
        let now = seconds()
        let (done, rearm) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            guard state.started else {
                state.early.append((text, index, now))
                return (nil, false)
            }
            guard !state.floor.isFinished, state.generations[index] == generation else { return (nil, false) }
            send(state.floor.receive(text, on: index, now: now), &state)
            send(state.floor.advance(to: now), &state)
            state.floor.noteBenchBusy(seconds() - now, now: now)
            return (Self.takeDoneIfFinished(&state), Self.needsRearm(&state))
        }
        done?.resume()
        if rearm, let loop = loopForRearm {
            if loop.inEventLoop { self.rearm() } else { loop.execute { self.rearm() } }
        }
    }

    fileprivate func connectionClosed(_ index: Int, generation: Int, reason: String) {
        let now = seconds()
        let done = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.started else {
                state.closedEarly.append((index, reason))
                return nil
            }
            guard state.generations[index] == generation else { return nil }
            state.floor.connectionClosed(index, reason: reason, now: now)
            return Self.takeDoneIfFinished(&state)
        }
        done?.resume()
    }

    // MARK: Loop

    private let loopBox = Mutex<EventLoop?>(nil)
    private var loopForRearm: EventLoop? { loopBox.withLock { $0 } }

    private func start(connections: [any BenchConnection], loop: EventLoop) {
        loopBox.withLock { $0 = loop }
        let now = seconds()
        let done = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.connections = connections
            state.started = true
            state.nextMemorySample = now
            send(state.floor.start(now: now), &state)
            for frame in state.early {
                send(state.floor.receive(frame.text, on: frame.index, now: frame.at), &state)
            }
            state.early = []
            for closed in state.closedEarly { state.floor.connectionClosed(closed.index, reason: closed.reason, now: now) }
            state.closedEarly = []
            state.nextProgress = now + state.progressInterval
            return Self.takeDoneIfFinished(&state)
        }
        done?.resume()
        rearm()
    }

    /// Called by the loop timer: fires due floor timers and the progress snapshot. Loop only.
    private func fire(deadline: Double, loop: EventLoop) {
        let now = seconds()
        var snapshot: FloorProgress?
        let done = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.timer = nil
            state.armedFor = .infinity
            guard !state.floor.isFinished else { return Self.takeDoneIfFinished(&state) }
            state.floor.noteBenchTimerLag(max(0, now - deadline), now: now)
            if now >= state.nextUsageSample, let usage = ThreadUsage.current() {
                if let last = state.usage {
                    state.floor.noteBenchCpu(usage.cpuSeconds - last.cpuSeconds, preemptions: usage.preemptions - last.preemptions, now: now)
                }
                state.usage = usage
                state.nextUsageSample = now + 0.25
            }
            if now >= state.nextMemorySample, let pid = state.serverPid {
                if let memory = ResidentMemory.sample(pid: pid) { state.floor.noteServerMemory(memory, now: now) }
                state.nextMemorySample = now + state.memoryInterval
            }
            send(state.floor.advance(to: now), &state)
            if now >= state.nextProgress {
                snapshot = state.floor.progress(now: now)
                state.nextProgress = now + state.progressInterval
            }
            state.floor.noteBenchBusy(seconds() - now, now: now)
            return Self.takeDoneIfFinished(&state)
        }
        done?.resume()
        if let snapshot, let sink = progressSink.withLock({ $0 }) { sink(snapshot) }
        rearm()
    }

    /// Arms the loop timer for the earliest of the floor's next deadline and the next progress snapshot. Loop only.
    private func rearm() {
        guard let loop = loopForRearm else { return }
        let now = seconds()
        state.withLock { state in
            state.rearmQueued = false
            guard !state.floor.isFinished else { return }
            let next = min(state.floor.nextDeadline ?? .infinity, state.nextProgress, state.serverPid == nil ? .infinity : state.nextMemorySample)
            guard next.isFinite, next < state.armedFor else { return }
            if let timer = state.timer { loop.cancelTimer(timer) }
            state.armedFor = next
            let delay = Duration.nanoseconds(Int64(max(0, next - now) * 1e9))
            state.timer = loop.scheduleTimer(after: delay) { [self] in fire(deadline: next, loop: loop) }
        }
    }

    /// Whether the floor now has a deadline before the armed timer; an off-loop caller then asks the loop to rearm.
    private static func needsRearm(_ state: inout State) -> Bool {
        guard let next = state.floor.nextDeadline, next < state.armedFor, !state.rearmQueued else { return false }
        state.rearmQueued = true
        return true
    }

    private static func takeDoneIfFinished(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        guard state.floor.isFinished, let done = state.done else { return nil }
        state.done = nil
        return done
    }

    /// Sends the floor's frames, then carries out the connection changes it asked for.
    private func send(_ outgoing: [Outgoing], _ state: inout State) {
        for message in outgoing where message.connection < state.connections.count {
            state.connections[message.connection]?.send(message.text)
        }
        for change in state.floor.takeConnectionChanges() {
            switch change {
            case .drop(let index), .close(let index):
                guard index < state.connections.count else { continue }
                if case .drop = change { state.connections[index]?.drop() } else { state.connections[index]?.close() }
                state.connections[index] = nil
                state.generations[index] += 1
            case .open(let index):
                guard index < state.connections.count, let connector = state.connector else { continue }
                state.connections[index]?.close()
                state.connections[index] = nil
                state.generations[index] += 1
                reopen(index, generation: state.generations[index], connector: connector)
            }
        }
    }

    /// Opens connection `generation` of slot `index`; once open, the floor logs the agent in on the loop.
    private func reopen(_ index: Int, generation: Int, connector: any BenchConnector) {
        let inbox = SlotInbox(driver: self, index: index, generation: generation)
        Task {
            let outcome: Result<any BenchConnection, any Error>
            do { outcome = .success(try await connector.connect(index, inbox: inbox)) } catch { outcome = .failure(error) }
            connector.loop.execute { self.reopened(index, generation: generation, outcome) }
        }
    }

    private func reopened(_ index: Int, generation: Int, _ outcome: Result<any BenchConnection, any Error>) {
        let now = seconds()
        let (done, stale) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (any BenchConnection)?) in
            guard !state.floor.isFinished, state.generations[index] == generation else {
                return (nil, try? outcome.get())
            }
            switch outcome {
            case .success(let connection):
                state.connections[index] = connection
                send(state.floor.connectionOpened(index, now: now), &state)
            case .failure(let error):
                state.floor.connectionFailed(index, reason: "\(error)", now: now)
            }
            return (Self.takeDoneIfFinished(&state), nil)
        }
        stale?.close()
        done?.resume()
        rearm()
    }
}

/// Delivers what a reopened connection reads to the driver, tagged with the connection's generation.
private final class SlotInbox: BenchInbox {
    let driver: FloorDriver
    let index: Int
    let generation: Int

    init(driver: FloorDriver, index: Int, generation: Int) {
        self.driver = driver
        self.index = index
        self.generation = generation
    }

    func received(_ text: String, on index: Int) {
        driver.deliver(text, on: self.index, generation: generation)
    }

    func closed(_ index: Int, reason: String) {
        driver.connectionClosed(self.index, generation: generation, reason: reason)
    }
}
