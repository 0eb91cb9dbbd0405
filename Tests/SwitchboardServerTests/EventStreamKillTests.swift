import Foundation
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import SwitchboardTransport
import Synchronization
import Testing
@testable import SwitchboardServer

/// The event stream's promise, end to end: the real `switchboard serve` process runs the crash test's
/// traffic and is killed with SIGKILL at random (seeded) moments, restarted on the same database;
/// meanwhile two consumers (a supervisor: every event; the source: its own interactions') are killed
/// themselves now and then, and every time reconnect with `subscribe` and `since` the last `seq`
/// they processed. At the end each holds, after deduplication by `seq`, exactly the store's events of
/// its scope, each as the store has it: none missed, none a crash took back.
///
/// Replay a run with `SWITCHBOARD_EVENT_SEED=<seed>`; a longer campaign with
/// `SWITCHBOARD_EVENT_KILLS=<kills>` (default 3).
@Suite(.serialized)
struct EventStreamKillTests {
    static let kills = ProcessInfo.processInfo.environment["SWITCHBOARD_EVENT_KILLS"].flatMap { Int($0) } ?? 3

    @Test(.enabled(if: ServerCrashTests.serverBuilt), .timeLimit(.minutes(10)))
    func consumersResumingAcrossKillsEndWithEveryEventExactlyOnce() async throws {
        let seed = ProcessInfo.processInfo.environment["SWITCHBOARD_EVENT_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64(Int64.max))
        print("EventStreamKillTests: seed \(seed), \(Self.kills) kills (replay with SWITCHBOARD_EVENT_SEED=\(seed))")
        let group = try EventLoopGroup(threads: 1, logger: quietLogger)
        let bed = try CrashTestBed(client: WebSocketClient(group: group, logger: quietLogger), chatWrapUpSeconds: 0)
        let started = ContinuousClock.now
        var random = SplitMix64(seed: seed)
        let port = PortBox()
        let consumers = [
            EventConsumer(name: "supervisor", token: CrashTestBed.token(CrashTestBed.supervisor), scope: .all),
            EventConsumer(name: "source", token: CrashTestBed.token(CrashTestBed.source), scope: .source(CrashTestBed.source)),
        ]
        let consuming = consumers.enumerated().map { index, consumer in
            Task { await consumer.run(bed.client, port: port, seed: seed &+ UInt64(index + 1) &* 7_919) }
        }
        defer { for task in consuming { task.cancel() } }

        do {
            for run in 0...Self.kills {
                try await drive(bed, run: run, port: port, random: &random)
            }
            // One more life of the server, without traffic: the consumers catch up with the whole log.
            let stored = try await Self.storedEvents(bed)
            let server = try await CrashTestBed.ServerProcess.start(bed)
            port.set(server.port)
            do {
                for consumer in consumers {
                    let target = stored.filter(consumer.scope.includes).last?.seq ?? 0
                    try await bed.waitUntil("the \(consumer.name) consumer caught up to seq \(target)", seconds: 60) {
                        consumer.lastSeq >= target || consumer.failure != nil
                    }
                }
            } catch {
                server.forceKill()
                throw error
            }
            for consumer in consumers { consumer.stop() }
            port.set(nil)
            try await server.crash()
        } catch {
            await group.shutdown()
            Issue.record("seed \(seed): \(error)\n(config and database kept in \(bed.directory.path))")
            return
        }
        for task in consuming { await task.value }
        await group.shutdown()

        // The store after every life: what each consumer holds must be exactly its scope of it.
        let stored = try await Self.storedEvents(bed)
        var passed = true
        for consumer in consumers {
            let facts = consumer.facts
            if let failure = facts.failure { Issue.record("seed \(seed): \(consumer.name): \(failure)") }
            let expected = stored.filter(consumer.scope.includes).filter { $0.seq <= facts.lastSeq }
            let expectedSeqs = expected.map { Int($0.seq) }
            let receivedSeqs = facts.received.keys.sorted()
            let missing = Set(expectedSeqs).subtracting(receivedSeqs).sorted()
            let strangers = Set(receivedSeqs).subtracting(expectedSeqs).sorted()
            #expect(missing.isEmpty, "seed \(seed): \(consumer.name) never received \(missing.count) events, e.g. \(missing.prefix(10))")
            #expect(strangers.isEmpty, "seed \(seed): \(consumer.name) received \(strangers.count) events the store does not hold, e.g. \(strangers.prefix(10))")
            var differing: [String] = []
            for event in expected {
                guard let got = facts.received[Int(event.seq)] else { continue }
                if got != WireEvent(event) { differing.append("seq \(event.seq): received \(got), stored \(event)") }
            }
            #expect(differing.isEmpty, "seed \(seed): \(consumer.name): events that differ from the store's: \(differing.prefix(5))")
            #expect(facts.subscriptions > Self.kills, "seed \(seed): \(consumer.name) resumed only \(facts.subscriptions) times")
            print("EventStreamKillTests: \(consumer.name): \(receivedSeqs.count) events (up to seq \(facts.lastSeq)) over \(facts.subscriptions) subscriptions, "
                  + "\(facts.consumerKills) consumer kills, \(facts.duplicates) duplicates dropped")
            passed = passed && missing.isEmpty && strangers.isEmpty && differing.isEmpty && facts.failure == nil
        }
        #expect(stored.count > 100, "seed \(seed): too little traffic to prove anything (\(stored.count) events)")
        print("EventStreamKillTests: \(Self.kills) server kills in \(ContinuousClock.now - started); the store holds \(stored.count) stream events")
        if passed { bed.removeFiles() } else { print("EventStreamKillTests: configuration and database kept in \(bed.directory.path)") }
    }

    /// One life of the server under the crash test's traffic (its source and agents), killed after a
    /// random time, or, in the final run, drained and stopped gracefully.
    private func drive(_ bed: CrashTestBed, run: Int, port: PortBox, random: inout SplitMix64) async throws {
        let final = run == Self.kills
        bed.ledger.beginRun(run)
        let server = try await CrashTestBed.ServerProcess.start(bed)
        port.set(server.port)
        let killAfter = 300 + random.below(900)
        let seed = random.next()
        try await withThrowingTaskGroup(of: Void.self) { clients in
            clients.addTask { await bed.runSource(port: server.port, run: run, seed: seed, final: final) }
            for (index, agent) in CrashTestBed.agents.enumerated() {
                clients.addTask { await bed.runAgent(agent, port: server.port, run: run, seed: seed &+ UInt64(index + 1), final: final) }
            }
            do {
                try await bed.waitUntil("run \(run): every agent welcomed and the source's restart checks answered", seconds: 120) {
                    bed.ledger.readyCount == CrashTestBed.agents.count + 1
                }
                if final {
                    try await bed.waitUntil("run \(run): every acknowledged interaction ended", seconds: 240) { bed.ledger.isDrained }
                    port.set(nil)
                    _ = try await server.stop()
                } else {
                    try await Task.sleep(for: .milliseconds(killAfter))
                    port.set(nil)
                    try await server.crash()
                    print("EventStreamKillTests: run \(run) SIGKILLed after \(killAfter) ms of load")
                }
            } catch {
                server.forceKill()
                throw ScenarioError("\(error)\nserver log:\n\(server.log.current.suffix(4_000))")
            }
            try await clients.waitForAll()
        }
        if let failure = bed.ledger.failure {
            throw ScenarioError("run \(run): \(failure)\nserver log:\n\(server.log.current.suffix(4_000))")
        }
    }

    /// The stream's events of the store (every kind but alerts), read through a read-only store.
    static func storedEvents(_ bed: CrashTestBed) async throws -> [LoggedEvent] {
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let store = try Store(path: bed.databasePath, configuration: configuration, logger: quietLogger)
        let events = try await store.readEvents(after: 0, through: Int64.max, limit: 10_000_000).events
        await store.close()
        return events
    }
}

/// The port of the server's current life; nil while it is down.
final class PortBox: Sendable {
    private let value = Mutex<Int?>(nil)
    func set(_ port: Int?) { value.withLock { $0 = port } }
    var current: Int? { value.withLock { $0 } }
}

/// An event-stream consumer that keeps its place (the last `seq` it processed) across its own
/// crashes and the server's: it reconnects and subscribes since that `seq`, deduplicating by it.
final class EventConsumer: Sendable {
    struct Facts {
        /// Every event processed, by seq.
        var received: [Int: WireEvent] = [:]
        var lastSeq = 0
        var duplicates = 0
        var subscriptions = 0
        var consumerKills = 0
        var failure: String?
        var stopped = false
    }

    let name: String
    let token: String
    let scope: EventScope
    private let state = Mutex(Facts())

    init(name: String, token: String, scope: EventScope) {
        self.name = name
        self.token = token
        self.scope = scope
    }

    var facts: Facts { state.withLock { $0 } }
    var lastSeq: Int64 { Int64(state.withLock { $0.lastSeq }) }
    var failure: String? { state.withLock { $0.failure } }
    func stop() { state.withLock { $0.stopped = true } }
    private var stopped: Bool { state.withLock { $0.stopped } }

    /// Processes one event: a new one moves the consumer's place; one at or below it must be a
    /// duplicate of what was processed (at-least-once), never different.
    private func process(_ event: WireEvent) {
        state.withLock { facts in
            if event.seq <= facts.lastSeq {
                facts.duplicates += 1
                if let known = facts.received[event.seq], known != event, facts.failure == nil {
                    facts.failure = "seq \(event.seq) came again as \(event), first as \(known)"
                }
                return
            }
            facts.received[event.seq] = event
            facts.lastSeq = event.seq
        }
    }

    /// Connects, subscribes since its place, processes events; "crashes" now and then (drops the
    /// connection after a random number of events) and starts over, until stopped.
    func run(_ client: WebSocketClient, port: PortBox, seed: UInt64) async {
        var random = SplitMix64(seed: seed)
        while !stopped && !Task.isCancelled {
            guard let current = port.current,
                  let connection = try? await TransportClient.connect(client, port: current)
            else {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            let since = state.withLock { $0.lastSeq }
            try? await connection.send(#"{"type":"hello","ref":"h","token":"\#(token)"}"#)
            try? await connection.send(#"{"type":"subscribe","ref":"s","since":\#(since)}"#)
            let crashAfter = random.below(3) == 0 ? Int.max : 3 + random.below(120)
            var processed = 0
            while let text = try? await connection.receive() {
                guard let message = try? ServerMessageDecoder.decode(text) else {
                    state.withLock { $0.failure = $0.failure ?? "unreadable message: \(text)" }
                    break
                }
                switch message {
                case .ok(let ref?, _) where ref == "s":
                    state.withLock { $0.subscriptions += 1 }
                case .error(let error):
                    // A refused hello or subscription (e.g. the server stopping): try again later.
                    if error.code != .unavailable && error.code != .limitExceeded {
                        state.withLock { $0.failure = $0.failure ?? "refused: \(error)" }
                    }
                case .event(let event):
                    process(event)
                    processed += 1
                default:
                    break
                }
                if processed >= crashAfter {
                    state.withLock { $0.consumerKills += 1 }
                    break
                }
                if stopped { break }
            }
            await connection.close()
        }
    }
}
