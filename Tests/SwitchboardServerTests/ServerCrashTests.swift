import Foundation
import GRDB
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import SwitchboardTransport
import Testing

/// The durability promise, end to end: the real `switchboard serve` process is killed with SIGKILL
/// at random moments under load and restarted on the same database; whatever it acknowledged must
/// come back, exactly once, and run to completion.
///
/// Replay a run with `SWITCHBOARD_CRASH_SEED=<seed>` (the seed is printed, and named in failures).
/// The server runs with its routing core's invariant checks on (`SWITCHBOARD_CHECK_INVARIANTS=1`).
@Suite(.serialized)
struct ServerCrashTests {
    static let kills = 4

    static let serverBuilt = FileManager.default.isExecutableFile(atPath: ServeProcessTests.executable.path)

    /// Kills under load, with work in every stage but wrap-up (see the test below for wrap-up).
    @Test(.enabled(if: serverBuilt), .timeLimit(.minutes(6)))
    func acknowledgedInteractionsSurviveRepeatedKillsExactlyOnce() async throws {
        try await killRepeatedly(chatWrapUpSeconds: 0)
    }

    /// The same with a chat wrap-up, so kills also hit interactions in wrap-up.
    @Test(.enabled(if: serverBuilt), .timeLimit(.minutes(6)))
    func acknowledgedInteractionsSurviveRepeatedKillsDuringWrapUp() async throws {
        try await killRepeatedly(chatWrapUpSeconds: 0.2)
    }

    private func killRepeatedly(chatWrapUpSeconds: Double) async throws {
        let seed = ProcessInfo.processInfo.environment["SWITCHBOARD_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 1...UInt64(Int64.max))
        print("ServerCrashTests: seed \(seed) (replay with SWITCHBOARD_CRASH_SEED=\(seed))")
        let group = try EventLoopGroup(threads: 1, logger: quietLogger)
        let bed = try CrashTestBed(client: WebSocketClient(group: group, logger: quietLogger), chatWrapUpSeconds: chatWrapUpSeconds)
        let started = ContinuousClock.now
        var random = SplitMix64(seed: seed)

        do {
            for run in 0...Self.kills {
                try await drive(bed, run: run, seed: seed, random: &random)
            }
        } catch {
            await group.shutdown()
            Issue.record("seed \(seed): \(error)\n(config and database kept in \(bed.directory.path))")
            for violation in bed.ledger.violations.prefix(40) {
                Issue.record("seed \(seed): \(violation)")
            }
            return
        }
        await group.shutdown()

        let ledger = bed.ledger
        let counts = ledger.counts
        print("ServerCrashTests: \(Self.kills) kills in \(ContinuousClock.now - started); \(counts)")
        for violation in ledger.violations.prefix(40) {
            Issue.record("seed \(seed): \(violation)")
        }
        #expect(ledger.violations.isEmpty, "seed \(seed): \(ledger.violations.count) broken promises (first 40 above)")
        #expect(ledger.unansweredIDs().isEmpty, "seed \(seed): enqueues never answered: \(ledger.unansweredIDs().prefix(10))")
        // The kills must have hit work in every stage, or the test proved little.
        #expect(counts.resumed > 0, "seed \(seed): no restart gave an agent its active work back")
        #expect(counts.probedWaiting + counts.probedOffered > 0, "seed \(seed): no restart found waiting work")

        let storeConsistent = try await checkStore(bed, seed: seed)
        if storeConsistent && ledger.violations.isEmpty {
            bed.removeFiles()
        } else {
            print("ServerCrashTests: configuration and database kept in \(bed.directory.path)")
        }
    }

    /// One life of the server: start it on the database, connect everyone (the source checks what the
    /// last life acknowledged), then SIGKILL it after a random time under load, or, in the final
    /// run, let everything finish and stop it gracefully.
    private func drive(_ bed: CrashTestBed, run: Int, seed: UInt64, random: inout SplitMix64) async throws {
        let final = run == Self.kills
        bed.ledger.beginRun(run)
        let server = try await CrashTestBed.ServerProcess.start(bed)
        let killAfter = 400 + random.below(1_400)
        try await withThrowingTaskGroup(of: Void.self) { clients in
            // The source checks every acknowledged interaction before the agents are back, so what the
            // restart brought back waiting is seen waiting, not already re-offered and taken.
            let sourceSeed = seed &+ UInt64(run * 1_000)
            clients.addTask { await bed.runSource(port: server.port, run: run, seed: sourceSeed, final: final) }
            do {
                try await bed.waitUntil("run \(run): the source's restart checks answered", seconds: 120) { bed.ledger.readyCount == 1 }
            } catch {
                server.forceKill()
                throw ScenarioError("\(error)\nserver log:\n\(server.log.current.suffix(4_000))")
            }
            for (index, agent) in CrashTestBed.agents.enumerated() {
                let agentSeed = seed &+ UInt64(run * 1_000 + index + 1)
                clients.addTask { await bed.runAgent(agent, port: server.port, run: run, seed: agentSeed, final: final) }
            }
            do {
                try await bed.waitUntil("run \(run): every agent welcomed and the source's restart checks answered", seconds: 120) {
                    bed.ledger.readyCount == CrashTestBed.agents.count + 1
                }
                if final {
                    try await bed.waitUntil("run \(run): every acknowledged interaction ended", seconds: 240) { bed.ledger.isDrained }
                    let status = try await server.stop()
                    #expect(status == 0, "seed \(seed): the graceful stop exited with \(status):\n\(server.log.current)")
                    print("ServerCrashTests: run \(run) drained and stopped; \(bed.ledger.counts)")
                } else {
                    try await Task.sleep(for: .milliseconds(killAfter))
                    try await server.crash()
                    print("ServerCrashTests: run \(run) SIGKILLed after \(killAfter) ms of load; \(bed.ledger.counts)")
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

    /// The database after the final graceful stop: one row per acknowledged interaction, every row
    /// terminal, instants in order and matching what the clients saw.
    /// Returns whether the store passed.
    private func checkStore(_ bed: CrashTestBed, seed: UInt64) async throws -> Bool {
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let store = try Store(path: bed.databasePath, configuration: configuration, logger: quietLogger)
        let left = try await store.recover(now: CrashTestBed.Ledger.now())
        #expect(left.waiting.isEmpty && left.assigned.isEmpty,
                "seed \(seed): unfinished rows after the final stop: \((left.waiting + left.assigned).prefix(5).map { "\($0.id) \($0.state)" })")
        let finished = try await store.recentlyFinished(limit: 1_000_000)
        let rowsByID = Dictionary(grouping: finished, by: \.id)
        let duplicated = rowsByID.filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicated.isEmpty, "seed \(seed): interactions with several rows: \(duplicated.prefix(10))")

        let facts = bed.ledger.read { $0 }
        let acknowledged = facts.acknowledgedOrder
        let strangers = Set(rowsByID.keys).subtracting(facts.sentAt.keys).sorted()
        #expect(strangers.isEmpty, "seed \(seed): rows for interactions never sent: \(strangers.prefix(10))")
        var problems: [String] = []
        for id in acknowledged {
            guard let row = try await store.interaction(id: id) else {
                problems.append("\(id): acknowledged but no row")
                continue
            }
            problems += Self.problems(row, facts: facts)
        }
        await store.close()
        let log = try Self.logProblems(databasePath: bed.databasePath)
        problems += log.problems
        for problem in problems.prefix(40) {
            Issue.record("seed \(seed): \(problem)")
        }
        #expect(problems.isEmpty, "seed \(seed): \(problems.count) problems in the store for \(acknowledged.count) acknowledged interactions (first 40 above)")
        print("ServerCrashTests: store holds \(finished.count) finished rows for \(acknowledged.count) acknowledged interactions; \(log.events) interaction events replayed")
        return problems.isEmpty && duplicated.isEmpty && strangers.isEmpty && left.waiting.isEmpty && left.assigned.isEmpty
    }

    /// An interaction whose `complete` was acknowledged is in wrap-up when the process dies. The
    /// restart writes its `wrap_up_ended` (the row is `completed`) and remembers it as finished: the
    /// source's `position` answers `conflict` (already ended), and re-sending the acknowledged
    /// `enqueue` describes it as completed instead of queueing the served customer again.
    @Test(.enabled(if: serverBuilt), .timeLimit(.minutes(3)))
    func wrapUpAtTheKillIsRememberedAsCompleted() async throws {
        let group = try EventLoopGroup(threads: 1, logger: quietLogger)
        let client = WebSocketClient(group: group, logger: quietLogger)
        let bed = try CrashTestBed(client: client, chatWrapUpSeconds: 600)
        let enqueue = CrashTestBed.enqueue("w1", ref: "e1")  // odd number: a chat in `support`

        let first = try await CrashTestBed.ServerProcess.start(bed)
        let source = try await TransportClient.connect(client, port: first.port)
        try await source.send(#"{"type":"hello","token":"\#(CrashTestBed.token(CrashTestBed.source))"}"#)
        try await source.expect("welcome", within: 60)
        let agent = try await TransportClient.connect(client, port: first.port)
        try await agent.send(#"{"type":"hello","token":"\#(CrashTestBed.token("ag0"))"}"#)
        try await agent.expect("welcome", within: 60)  // the only agent logged in: the offer is its
        try await source.send(enqueue)
        try await source.expect(#""ref":"e1""#, #""type":"ok""#, within: 60)
        try await agent.expect(#""type":"offer""#, "w1", within: 60)
        try await agent.send(#"{"type":"accept","ref":"a","interactionId":"w1"}"#)
        try await agent.expect(#""ref":"a""#, #""type":"ok""#, within: 60)
        try await agent.send(#"{"type":"complete","ref":"c","interactionId":"w1"}"#)
        try await agent.expect(#""ref":"c""#, #""type":"ok""#, within: 60)  // durable: the row is in wrap_up
        try await first.crash()

        let second = try await CrashTestBed.ServerProcess.start(bed)
        defer { second.forceKill() }
        let again = try await TransportClient.connect(client, port: second.port)
        try await again.send(#"{"type":"hello","token":"\#(CrashTestBed.token(CrashTestBed.source))"}"#)
        try await again.expect("welcome", within: 60)
        try await again.send(#"{"type":"position","ref":"p","interactionId":"w1"}"#)
        let position = try await again.expect(#""ref":"p""#, within: 60)
        #expect(position.contains(#""code":"conflict""#), "position of a completed interaction after the restart: \(position)")
        try await again.send(enqueue.replacingOccurrences(of: #""ref":"e1""#, with: #""ref":"e2""#))
        let resent = try await again.expect(#""ref":"e2""#, within: 60)
        #expect(resent.contains(#""status":"completed""#), "re-sent acknowledged enqueue after the restart: \(resent)")
        if resent.contains(#""status":"waiting""#) {
            // The served customer is queued again: the agent who logs in is offered them a second time.
            let agentAgain = try await TransportClient.connect(client, port: second.port)
            try await agentAgain.send(#"{"type":"hello","token":"\#(CrashTestBed.token("ag0"))"}"#)
            let offer = try await agentAgain.expect(#""type":"offer""#, within: 60)
            Issue.record("a completed interaction was offered again after the restart: \(offer)")
        }
        _ = try await second.stop()
        await group.shutdown()
        bed.removeFiles()
    }

    /// Replays the event log per interaction: never offered to a second agent while an offer is open
    /// or an agent handles it (also across restarts), accepted and completed at most once; and per
    /// queue: every offer goes to the interaction waiting longest (all agents are equal and aging is
    /// off, so a queue is strictly first come, first served, also for the work a restart put back).
    static func logProblems(databasePath: String) throws -> (events: Int, problems: [String]) {
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: databasePath, configuration: configuration)
        let (rows, interactions) = try database.read { db in
            (try Row.fetchAll(db, sql: "SELECT seq, interaction_id, kind, agent_id FROM events WHERE interaction_id IS NOT NULL ORDER BY seq"),
             try Row.fetchAll(db, sql: "SELECT id, queue, enqueued_at, seq FROM interactions"))
        }
        // Queue order: the original enqueue instant, then the order of arrival.
        var place: [String: (queue: String, enqueuedAt: Int64, seq: Int64)] = [:]
        for row in interactions {
            place[row["id"]] = (row["queue"], row["enqueued_at"], row["seq"])
        }
        var waiting: [String: Set<String>] = [:]
        func head(of queue: String) -> String? {
            waiting[queue]?.min { a, b in
                guard let x = place[a], let y = place[b] else { return a < b }
                return (x.enqueuedAt, x.seq) < (y.enqueuedAt, y.seq)
            }
        }
        try database.close()
        struct Life { var offeredTo: String?, handledBy: String?, accepts = 0, completes = 0 }
        var lives: [String: Life] = [:]
        var problems: [String] = []
        for row in rows {
            let id: String = row["interaction_id"]
            let kind: String = row["kind"]
            let agent: String? = row["agent_id"]
            let seq: Int64 = row["seq"]
            var life = lives[id] ?? Life()
            let queue = place[id]?.queue ?? "?"
            switch kind {
            case "enqueued":
                waiting[queue, default: []].insert(id)
            case "offered":
                if let first = head(of: queue), first != id {
                    problems.append("\(id): event \(seq) offers it while \(first), enqueued earlier, waits in \(queue)")
                }
                waiting[queue]?.remove(id)
                if let other = life.offeredTo ?? life.handledBy {
                    problems.append("\(id): event \(seq) offers it to \(agent ?? "?") while \(other) has it")
                }
                life.offeredTo = agent
            case "accepted":
                if life.offeredTo == nil { problems.append("\(id): event \(seq) accepts it without an open offer") }
                life.offeredTo = nil
                life.handledBy = agent
                life.accepts += 1
            case "rejected", "offer_timeout", "revoked":
                if life.offeredTo != nil { waiting[queue, default: []].insert(id) }
                life.offeredTo = nil
            case "requeued", "agent_lost":
                waiting[queue, default: []].insert(id)
                life.offeredTo = nil
                life.handledBy = nil
            case "cancelled", "abandoned", "ended":
                if life.handledBy == nil { waiting[queue]?.remove(id) }
                life.offeredTo = nil
                if kind != "cancelled" { life.handledBy = nil }
            case "completed":
                life.handledBy = nil
                life.completes += 1
            default:
                break
            }
            lives[id] = life
        }
        for (id, life) in lives.sorted(by: { $0.key < $1.key }) where life.accepts > 1 || life.completes > 1 {
            problems.append("\(id): accepted \(life.accepts) times and completed \(life.completes) times in the log")
        }
        return (rows.count, problems)
    }

    /// What is wrong with one acknowledged interaction's row, given what the clients were told.
    static func problems(_ row: InteractionRow, facts: CrashTestBed.Ledger.State) -> [String] {
        var problems: [String] = []
        let id = row.id
        func check(_ condition: Bool, _ what: @autoclosure () -> String) {
            if !condition { problems.append("\(id) (\(row.state.rawValue)): \(what())") }
        }
        check(row.state.isTerminal, "not in a terminal state")
        check(row.source == CrashTestBed.source, "source \(row.source)")
        // The enqueue instant is the first one, kept across every restart (1 ms of rounding either side).
        if let sent = facts.sentAt[id], let acknowledged = facts.acknowledgedAt[id] {
            check(row.enqueuedAt >= sent - 1 && row.enqueuedAt <= acknowledged + 1,
                  "enqueued at \(row.enqueuedAt), outside first send \(sent) … acknowledgement \(acknowledged)")
        }
        check(row.createdAt == row.enqueuedAt && row.waitStartedAt == row.enqueuedAt,
              "created \(row.createdAt), enqueued \(row.enqueuedAt), wait started \(row.waitStartedAt) differ")
        if let offered = row.firstOfferedAt { check(offered >= row.enqueuedAt, "first offered \(offered) before enqueued \(row.enqueuedAt)") }
        if let answered = row.answeredAt {
            check(row.firstOfferedAt.map { $0 <= answered } ?? false, "answered \(answered) but first offered \(String(describing: row.firstOfferedAt))")
            check(row.waitMs == answered - row.enqueuedAt, "wait \(String(describing: row.waitMs)) ms ≠ answered − enqueued")
        }
        switch row.state {
        case .completed:
            check(row.answeredAt != nil && row.assignedAt != nil, "completed but never answered")
            if let completed = row.completedAt, let assigned = row.assignedAt, let answered = row.answeredAt {
                check(answered <= assigned && assigned <= completed, "answered \(answered), assigned \(assigned), completed \(completed) out of order")
                check((row.handleMs ?? -1) >= completed - assigned, "handle \(String(describing: row.handleMs)) ms shorter than the talk")
            } else {
                check(false, "completed without a completion instant")
            }
            check(row.abandonedAt == nil && row.endedAt == nil, "completed and also abandoned or ended")
        case .abandoned:
            check((row.abandonedAt ?? .min) >= row.enqueuedAt, "abandoned at \(String(describing: row.abandonedAt))")
            check(row.answeredAt == nil && row.completedAt == nil, "abandoned after an answer")
            check(row.waitMs == (row.abandonedAt ?? 0) - row.enqueuedAt, "wait \(String(describing: row.waitMs)) ms ≠ abandoned − enqueued")
        case .ended:
            check((row.endedAt ?? .min) >= row.enqueuedAt, "ended at \(String(describing: row.endedAt))")
        default:
            break
        }
        if let run = facts.completeAcknowledged[id] {
            check(row.state == .completed && row.disposition == "resolved",
                  "its complete was acknowledged in run \(run), disposition \(String(describing: row.disposition))")
        }
        if let run = facts.cancelAcknowledged[id] {
            check(row.state == .abandoned || (row.state == .completed && row.finalReason == "hung_up"),
                  "its cancel was acknowledged in run \(run), final reason \(String(describing: row.finalReason))")
        }
        if !facts.cancelSent.contains(id) {
            check(row.state == .completed, "nobody cancelled it, yet it did not complete (reason \(String(describing: row.finalReason)))")
        }
        // The last terminal event the source heard in the final run names the stored outcome.
        if let last = facts.terminalEvents[id]?.last, last.run == ServerCrashTests.kills {
            check(last.event == row.state.rawValue, "the source was told \(last.event) in the final run")
        }
        return problems
    }
}
