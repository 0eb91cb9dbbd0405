import Foundation
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardTesting
import SwitchboardTransport
import Synchronization

/// The crash test's world: a real `switchboard serve` process on a temporary config and database,
/// one source and several agents speaking the wire protocol to it, and a ledger of everything the
/// clients were told, which is the ground truth the server's recovery and its store are checked against.
///
/// The clients follow the protocol's contract only: a source retries an `enqueue` until it hears
/// `ok`, an agent completes what it accepted or was given back in `welcome`.
final class CrashTestBed: Sendable {
    static let source = "gw"
    static let supervisor = "lead"
    static let agents = (0..<8).map { "ag\($0)" }
    static func token(_ principal: String) -> String { "crash-\(principal)-token" }

    let directory: URL
    let configPath: String
    let databasePath: String
    let ledger = Ledger()
    let client: WebSocketClient

    /// - Parameter chatWrapUpSeconds: wrap-up of the `support` (chat) queue; calls in `sales` have none.
    init(client: WebSocketClient, chatWrapUpSeconds: Double = 0) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configPath = directory.appendingPathComponent("switchboard.yaml").path
        databasePath = directory.appendingPathComponent("crash.sqlite").path
        try Self.configuration(storePath: databasePath, chatWrapUpSeconds: chatWrapUpSeconds).write(toFile: configPath, atomically: true, encoding: .utf8)
        self.client = client
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Two queues (voice and chat), eight agents taking one call or two chats, offers that never
    /// time out during the test, and a reconnect grace far longer than a restart.
    static func configuration(storePath: String, chatWrapUpSeconds: Double) -> String {
        var lines = [
            "server:",
            "  listen: {host: \"127.0.0.1\", port: 8080}",
            "  limits: {hello_timeout_seconds: 120, agent_reconnect_grace_seconds: 600, ping_interval_seconds: 60, presence_timeout_seconds: 300}",
            "store:",
            "  path: \"\(storePath)\"",
            "  retention_days: 0",
            "  group_commit: {max_batch: 64, max_delay_ms: 3}",
            "skills: [english]",
            "queues:",
            "  - {name: sales, channels: [voice], requirements: {english: 1}, aging_points_per_second: 0, max_size: 100000, wrap_up_seconds: 0, offer_timeout_seconds: 900}",
            "  - {name: support, channels: [chat], aging_points_per_second: 0, max_size: 100000, wrap_up_seconds: \(chatWrapUpSeconds), offer_timeout_seconds: 900}",
            // The test's agents take work as soon as they log in, also after every restart.
            "agents:",
            "  login_state: available",
            "  roster:",
        ]
        for agent in agents {
            lines.append("    - {id: \(agent), name: \(agent), skills: {english: 5}, capacity: {voice: 1, chat: 2}}")
        }
        lines.append("credentials:")
        for agent in agents {
            lines.append("  - {role: agent, agent: \(agent), token: \"\(TokenHasher.hash(token(agent)))\"}")
        }
        lines.append("  - {role: source, source: \(source), token: \"\(TokenHasher.hash(token(source)))\"}")
        // The event stream's consumer (EventStreamKillTests).
        lines.append("  - {role: supervisor, name: \(supervisor), token: \"\(TokenHasher.hash(token(supervisor)))\"}")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Waiting

    /// Polls `condition` until it holds; fails naming `what` after `seconds`, or at once when a client failed.
    func waitUntil(_ what: String, seconds: Double, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            if let failure = ledger.failure {
                throw ScenarioError("a client failed while waiting for \(what): \(failure)")
            }
            guard ContinuousClock.now < deadline else {
                throw ScenarioError("\(what): not reached within \(Int(seconds)) s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    // MARK: The server process

    /// `switchboard serve` on the test bed's configuration and database, on a free port.
    final class ServerProcess: Sendable {
        let process: Process
        let log: ServeProcessTests.Collector
        let port: Int

        private init(process: Process, log: ServeProcessTests.Collector, port: Int) {
            self.process = process
            self.log = log
            self.port = port
        }

        static func start(_ bed: CrashTestBed) async throws -> ServerProcess {
            let process = Process()
            process.executableURL = ServeProcessTests.executable
            process.arguments = ["serve", "--config", bed.configPath, "--db", bed.databasePath, "--port", "0", "--log-level", "notice"]
            process.currentDirectoryURL = bed.directory
            // The (debug) server's routing core checks all its invariants after every command: an
            // index broken by a restart or by the load crashes it, naming what broke, in its log.
            var environment = ProcessInfo.processInfo.environment
            environment["SWITCHBOARD_CHECK_INVARIANTS"] = "1"
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            let log = ServeProcessTests.Collector()
            errors.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil  // end of file: the process is gone
                } else {
                    log.append(data)
                }
            }
            try process.run()
            let text: String
            do {
                text = try await log.wait(for: "listening on 127.0.0.1:", seconds: 120)
            } catch {
                process.terminate()
                throw error
            }
            // The port is the digits after the marker, up to the end of the line.
            let tail = text[text.range(of: "listening on 127.0.0.1:")!.upperBound...]
            guard let port = Int(tail.prefix { $0.isNumber }), port > 0 else {
                process.terminate()
                throw ScenarioError("no port in the server's log:\n\(text)")
            }
            return ServerProcess(process: process, log: log, port: port)
        }

        var pid: Int32 { process.processIdentifier }

        /// SIGKILL: no shutdown, no final commit, whatever the writer was doing.
        func crash() async throws {
            kill(process.processIdentifier, SIGKILL)
            try await waitForExit()
        }

        /// SIGTERM, the graceful stop; returns the exit status.
        func stop() async throws -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            try await waitForExit()
            return process.terminationStatus
        }

        /// Last resort on a failing path.
        func forceKill() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        private func waitForExit() async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while process.isRunning {
                guard ContinuousClock.now < deadline else {
                    throw ScenarioError("server process \(process.processIdentifier) still running 60 s after the signal")
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    // MARK: Clients

    /// One agent for one run of the server: logs in, completes what `welcome` gives back, accepts
    /// every offer and completes after a short handle time. Returns when the connection closes.
    func runAgent(_ agent: String, port: Int, run: Int, seed: UInt64, final: Bool) async {
        let connection: TransportClient
        do {
            connection = try await TransportClient.connect(client, port: port)
            try await connection.send(#"{"type":"hello","ref":"h","token":"\#(Self.token(agent))"}"#)
        } catch {
            ledger.fail("\(agent) could not connect to run \(run) on port \(port): \(error)")
            return
        }
        var random = SplitMix64(seed: seed)
        await withTaskGroup(of: Void.self) { handling in
            // Most work is short; some is held long enough to be active when the process dies.
            func complete(_ id: String) {
                let handleTime: Duration = final ? .milliseconds(2 + random.below(20))
                    : random.below(10) < 8 ? .milliseconds(5 + random.below(60)) : .milliseconds(300 + random.below(900))
                handling.addTask {
                    do { try await Task.sleep(for: handleTime) } catch { return }
                    guard self.ledger.completeSending(id, by: agent) else { return }
                    try? await connection.send(#"{"type":"complete","ref":"c:\#(id)","interactionId":"\#(id)","disposition":"resolved"}"#)
                }
            }
            while let text = try? await connection.receive() {
                let message: ServerMessage
                do {
                    message = try ServerMessageDecoder.decode(text)
                } catch {
                    ledger.fail("\(agent) received an unreadable message in run \(run): \(error) — \(text)")
                    break
                }
                switch message {
                case .welcome(_, _, _, let resumed):
                    let ids = resumed.map(\.id)
                    ledger.welcomed(agent, resumed: ids)
                    for id in ids { complete(id) }
                case .offer(let interaction, _):
                    ledger.offered(interaction.id, to: agent)
                    try? await connection.send(#"{"type":"accept","ref":"a:\#(interaction.id)","interactionId":"\#(interaction.id)"}"#)
                case .ok(let ref?, _) where ref.hasPrefix("a:"):
                    let id = String(ref.dropFirst(2))
                    ledger.acceptAcknowledged(id, by: agent)
                    complete(id)
                case .ok(let ref?, _) where ref.hasPrefix("c:"):
                    ledger.completeAcknowledged(String(ref.dropFirst(2)), by: agent)
                case .error(let error):
                    ledger.agentRefused(agent, error)
                case .revoked(let id, let reason):
                    ledger.revoked(id, from: agent, reason: reason)
                case .interaction(let id, .completed, _, _, _, _):
                    ledger.customerLeft(id, agent: agent)
                default:
                    break
                }
            }
            handling.cancelAll()
        }
    }

    /// The source for one run: checks that every acknowledged interaction is known to the restarted
    /// server, re-sends each `enqueue` still unanswered, then either enqueues (and now and then
    /// cancels) until the connection drops, or, in the final run, waits until every interaction ended.
    func runSource(port: Int, run: Int, seed: UInt64, final: Bool) async {
        let connection: TransportClient
        do {
            connection = try await TransportClient.connect(client, port: port)
            try await connection.send(#"{"type":"hello","ref":"h","token":"\#(Self.token(Self.source))"}"#)
        } catch {
            ledger.fail("the source could not connect to run \(run) on port \(port): \(error)")
            return
        }
        let closed = Flag()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while let text = try? await connection.receive() {
                    do {
                        self.ledger.sourceReceived(try ServerMessageDecoder.decode(text))
                    } catch {
                        self.ledger.fail("the source received an unreadable message in run \(run): \(error) — \(text)")
                    }
                }
                closed.set()
            }
            do {
                try await sourceWork(connection, run: run, seed: seed, final: final, closed: closed)
            } catch {
                ledger.fail("source, run \(run): \(error)")
            }
            await group.waitForAll()
        }
    }

    private func sourceWork(_ connection: TransportClient, run: Int, seed: UInt64, final: Bool, closed: Flag) async throws {
        try await waitUntil("welcome of the source in run \(run)", seconds: 60) { ledger.sourceWelcomed }
        // Every acknowledged interaction must be known: `position` answers ok while it lives and
        // `conflict` once it ended; `not_found` means the restart lost it.
        let acknowledged = ledger.acknowledgedIDs()
        for id in acknowledged {
            try await connection.send(#"{"type":"position","ref":"p:\#(id)","interactionId":"\#(id)"}"#)
        }
        // What was sent but never answered may or may not have reached the disk: send it again.
        let unanswered = ledger.unansweredIDs()
        for id in unanswered {
            try await connection.send(Self.enqueue(id, ref: "e:\(id)"))
        }
        try await waitUntil("answers to \(acknowledged.count) position probes and \(unanswered.count) re-sent enqueues in run \(run)",
                            seconds: 120) { ledger.probesAnswered(acknowledged) && ledger.allAnswered(unanswered) }
        ledger.ready()

        var random = SplitMix64(seed: seed)
        if !final {
            while !closed.isSet {
                let id = ledger.newID()
                try await connection.send(Self.enqueue(id, ref: "e:\(id)"))
                if random.below(12) == 0, let victim = ledger.cancelCandidate(&random) {
                    try await connection.send(#"{"type":"cancel","ref":"x:\#(victim)","interactionId":"\#(victim)","reason":"hung_up"}"#)
                }
                try await Task.sleep(for: .milliseconds(2 + random.below(10)))
            }
            return
        }
        // Final run: poll until the server says every interaction is over.
        var round = 0
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            let open = ledger.notYetEnded()
            if open.isEmpty { break }
            guard ContinuousClock.now < deadline else {
                throw ScenarioError("\(open.count) acknowledged interactions never ended after the last restart, e.g. \(open.prefix(10).sorted())")
            }
            round += 1
            for id in open {
                try await connection.send(#"{"type":"position","ref":"f\#(round):\#(id)","interactionId":"\#(id)"}"#)
            }
            try await waitUntil("answers to the final probes (round \(round))", seconds: 60) { ledger.finalRoundAnswered(round, open) }
            try await Task.sleep(for: .milliseconds(200))
        }
        ledger.drained()
    }

    /// A one-way switch shared between tasks.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    }

    /// Half calls into `sales`, half chats into `support`.
    static func enqueue(_ id: String, ref: String) -> String {
        let number = Int(id.drop { !$0.isNumber }) ?? 0
        let (channel, queue) = number % 2 == 0 ? ("voice", "sales") : ("chat", "support")
        return #"{"type":"enqueue","ref":"\#(ref)","interaction":{"id":"\#(id)","channel":"\#(channel)","queue":"\#(queue)","customerId":"cust-\#(number)"}}"#
    }
}

extension CrashTestBed {
    /// Everything the clients were told across every run of the server, and every broken promise
    /// found on the way (a `violation` names the run, the interaction and what was promised).
    final class Ledger: Sendable {
        struct Counts: CustomStringConvertible {
            var enqueued = 0, acknowledged = 0, offers = 0, accepts = 0, completes = 0, cancels = 0
            var resumed = 0, probes = 0, probedWaiting = 0, probedOffered = 0, probedAssigned = 0, probedEnded = 0
            var description: String {
                "\(enqueued) enqueued, \(acknowledged) acknowledged, \(offers) offers, \(accepts) accepts acknowledged, "
                    + "\(completes) completes acknowledged, \(cancels) cancels acknowledged, \(resumed) resumed in welcome; "
                    + "probes after restarts: \(probes) (\(probedWaiting) waiting, \(probedOffered) offered, \(probedAssigned) assigned, \(probedEnded) ended)"
            }
        }

        struct State {
            var run = 0
            var failure: String?
            var violations: [String] = []
            var counts = Counts()
            var nextNumber = 0
            // Source side.
            var sentAt: [String: Int64] = [:]
            var sendOrder: [String] = []
            var acknowledgedAt: [String: Int64] = [:]
            var acknowledgedOrder: [String] = []
            var answeredThisRun: Set<String> = []
            var probedThisRun: Set<String> = []
            var finalAnswers: Set<String> = []
            var ended: Set<String> = []
            var cancelSent: Set<String> = []
            var cancelAcknowledged: [String: Int] = [:]
            var terminalEvents: [String: [(run: Int, event: String)]] = [:]
            var sourceWelcomed = false
            var readyCount = 0
            var drained = false
            // Agent side.
            var holder: [String: String] = [:]
            var acceptAcknowledged: [String: String] = [:]
            var completeSent: Set<String> = []
            var completeAcknowledged: [String: Int] = [:]
            var mustResume: [String: Set<String>] = [:]
        }

        private let state = Mutex(State())

        static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

        func read<R>(_ body: (State) -> R) -> R { state.withLock { body($0) } }
        var failure: String? { read(\.failure) }
        var violations: [String] { read(\.violations) }
        var counts: Counts { read(\.counts) }
        var readyCount: Int { read(\.readyCount) }
        var isDrained: Bool { read(\.drained) }
        var sourceWelcomed: Bool { read(\.sourceWelcomed) }

        func fail(_ why: String) {
            state.withLock { if $0.failure == nil { $0.failure = why } }
        }

        /// A new server process: offers died with the old one; what an agent's acknowledged accept
        /// gave it (and it has not tried to complete, and the source has not tried to cancel) must
        /// come back to that agent in `welcome`.
        func beginRun(_ run: Int) {
            state.withLock { s in
                s.run = run
                s.sourceWelcomed = false
                s.readyCount = 0
                s.answeredThisRun = []
                s.probedThisRun = []
                s.holder = [:]
                s.mustResume = [:]
                for (id, agent) in s.acceptAcknowledged where !s.completeSent.contains(id) && !s.cancelSent.contains(id) {
                    s.mustResume[agent, default: []].insert(id)
                    s.holder[id] = agent
                }
            }
        }

        func ready() {
            state.withLock { $0.readyCount += 1 }
        }

        func drained() {
            state.withLock { $0.drained = true }
        }

        // MARK: Agents

        func welcomed(_ agent: String, resumed: [String]) {
            state.withLock { s in
                let given = Set(resumed)
                // A customer may hang up (a cancel sent after the restart) before the agent is back: the
                // server then ends that work, so the welcome rightly leaves it out.
                for id in (s.mustResume[agent] ?? []).subtracting(given).sorted() where !s.cancelSent.contains(id) {
                    s.violations.append("run \(s.run): \(agent) accepted \(id) (acknowledged) and never completed it, but welcome did not give it back")
                }
                for id in resumed {
                    s.counts.resumed += 1
                    if let run = s.completeAcknowledged[id] {
                        s.violations.append("run \(s.run): welcome gave \(agent) \(id) again, whose complete was acknowledged in run \(run)")
                    }
                    if let run = s.cancelAcknowledged[id] {
                        s.violations.append("run \(s.run): welcome gave \(agent) \(id) again, whose cancel was acknowledged in run \(run)")
                    }
                    if let other = s.holder[id], other != agent {
                        s.violations.append("run \(s.run): welcome gave \(agent) \(id), which \(other) holds")
                    }
                    s.holder[id] = agent
                    s.acceptAcknowledged[id] = agent
                    s.completeSent.remove(id)  // that complete never reached the disk
                }
                s.readyCount += 1
            }
        }

        func offered(_ id: String, to agent: String) {
            state.withLock { s in
                s.counts.offers += 1
                if s.sentAt[id] == nil {
                    s.violations.append("run \(s.run): \(agent) was offered \(id), which the source never sent")
                }
                if let run = s.completeAcknowledged[id] {
                    s.violations.append("run \(s.run): \(id) offered to \(agent) after its complete was acknowledged in run \(run)")
                }
                if let run = s.cancelAcknowledged[id], run < s.run {
                    s.violations.append("run \(s.run): \(id) offered to \(agent) after its cancel was acknowledged in run \(run)")
                }
                if let other = s.holder[id], other != agent {
                    s.violations.append("run \(s.run): \(id) offered to \(agent) while \(other) holds it (offered or active)")
                }
                s.holder[id] = agent
            }
        }

        func acceptAcknowledged(_ id: String, by agent: String) {
            state.withLock { s in
                s.counts.accepts += 1
                s.acceptAcknowledged[id] = agent
            }
        }

        /// Notes a complete about to be sent; false when there is nothing left to complete.
        func completeSending(_ id: String, by agent: String) -> Bool {
            state.withLock { s in
                guard s.completeAcknowledged[id] == nil, s.acceptAcknowledged[id] == agent else { return false }
                s.completeSent.insert(id)
                return true
            }
        }

        func completeAcknowledged(_ id: String, by agent: String) {
            state.withLock { s in
                s.counts.completes += 1
                s.completeAcknowledged[id] = s.run
                s.acceptAcknowledged[id] = nil
                if s.holder[id] == agent { s.holder[id] = nil }
            }
        }

        /// An accept or complete refused: only a customer who hung up explains that here.
        func agentRefused(_ agent: String, _ error: ProtocolError) {
            state.withLock { s in
                if error.ref == "h" {
                    if s.failure == nil { s.failure = "\(agent)'s hello refused in run \(s.run): \(error)" }
                    return
                }
                guard let ref = error.ref, ref.hasPrefix("a:") || ref.hasPrefix("c:") else {
                    s.violations.append("run \(s.run): \(agent) got an unexpected error: \(error)")
                    return
                }
                let id = String(ref.dropFirst(2))
                if s.holder[id] == agent { s.holder[id] = nil }
                s.acceptAcknowledged[id] = nil
                if !s.cancelSent.contains(id) {
                    s.violations.append("run \(s.run): \(agent)'s \(ref.hasPrefix("a:") ? "accept" : "complete") of \(id) refused though nobody cancelled it: \(error)")
                }
            }
        }

        func revoked(_ id: String, from agent: String, reason: String) {
            state.withLock { s in
                if s.holder[id] == agent { s.holder[id] = nil }
                if !s.cancelSent.contains(id) {
                    s.violations.append("run \(s.run): the offer of \(id) to \(agent) was revoked (\(reason)) though nobody cancelled it")
                }
            }
        }

        func customerLeft(_ id: String, agent: String) {
            state.withLock { s in
                if s.holder[id] == agent { s.holder[id] = nil }
                s.acceptAcknowledged[id] = nil
                if !s.cancelSent.contains(id) {
                    s.violations.append("run \(s.run): \(agent) was told \(id) completed though nobody cancelled it")
                }
            }
        }

        // MARK: Source

        func newID() -> String {
            state.withLock { s in
                s.nextNumber += 1
                let id = "k\(s.nextNumber)"
                s.sentAt[id] = Self.now()
                s.sendOrder.append(id)
                s.counts.enqueued += 1
                return id
            }
        }

        func acknowledgedIDs() -> [String] { read { $0.acknowledgedOrder } }
        func unansweredIDs() -> [String] { read { s in s.sendOrder.filter { s.acknowledgedAt[$0] == nil } } }
        func probesAnswered(_ ids: [String]) -> Bool { read { s in ids.allSatisfy(s.probedThisRun.contains) } }
        func allAnswered(_ ids: [String]) -> Bool { read { s in ids.allSatisfy(s.answeredThisRun.contains) } }
        func notYetEnded() -> [String] { read { s in s.acknowledgedOrder.filter { !s.ended.contains($0) } } }
        func finalRoundAnswered(_ round: Int, _ ids: [String]) -> Bool {
            read { s in ids.allSatisfy { s.finalAnswers.contains("f\(round):\($0)") } }
        }

        /// A recently acknowledged interaction nobody tried to cancel or complete yet.
        func cancelCandidate(_ random: inout SplitMix64) -> String? {
            state.withLock { s in
                let recent = s.acknowledgedOrder.suffix(40).filter {
                    !s.cancelSent.contains($0) && !s.completeSent.contains($0) && s.completeAcknowledged[$0] == nil
                }
                guard let id = random.element(of: recent) else { return nil }
                s.cancelSent.insert(id)
                return id
            }
        }

        func sourceReceived(_ message: ServerMessage) {
            state.withLock { s in
                switch message {
                case .welcome:
                    s.sourceWelcomed = true
                case .ok(let ref?, let fields):
                    let id = String(ref.drop { $0 != ":" }.dropFirst())
                    if ref.hasPrefix("e:") {
                        s.answeredThisRun.insert(id)
                        if s.acknowledgedAt[id] == nil {
                            s.acknowledgedAt[id] = Self.now()
                            s.acknowledgedOrder.append(id)
                            s.counts.acknowledged += 1
                        }
                    } else if ref.hasPrefix("p:") {
                        s.probedThisRun.insert(id)
                        s.counts.probes += 1
                        let status = fields.first { $0.key == "status" }?.value.text ?? "?"
                        switch status {
                        case "waiting": s.counts.probedWaiting += 1
                        case "offered": s.counts.probedOffered += 1
                        case "assigned": s.counts.probedAssigned += 1
                        default: s.counts.probedEnded += 1
                        }
                    } else if ref.hasPrefix("x:") {
                        s.counts.cancels += 1
                        s.cancelAcknowledged[id] = s.run
                    } else if ref.hasPrefix("f") {
                        s.finalAnswers.insert(ref)
                    }
                case .error(let error):
                    guard let ref = error.ref else {
                        s.violations.append("run \(s.run): the source got an error without ref: \(error)")
                        return
                    }
                    let id = String(ref.drop { $0 != ":" }.dropFirst())
                    if ref.hasPrefix("e:") {
                        s.answeredThisRun.insert(id)
                        s.violations.append("run \(s.run): enqueue of \(id) refused: \(error)")
                    } else if ref.hasPrefix("p:") {
                        s.probedThisRun.insert(id)
                        s.counts.probes += 1
                        if error.code == .conflict {
                            s.counts.probedEnded += 1
                        } else {
                            s.violations.append("run \(s.run): acknowledged interaction \(id) is unknown after the restart: \(error)")
                        }
                    } else if ref.hasPrefix("x:") {
                        if error.code != .conflict {
                            s.violations.append("run \(s.run): cancel of acknowledged \(id) refused: \(error)")
                        }
                    } else if ref.hasPrefix("f") {
                        s.finalAnswers.insert(ref)
                        // Unknown is a violation, and waiting longer would not change it.
                        s.ended.insert(id)
                        if error.code != .conflict {
                            s.violations.append("run \(s.run): acknowledged interaction \(id) is unknown: \(error)")
                        }
                    } else {
                        s.violations.append("run \(s.run): the source got an unexpected error: \(error)")
                    }
                case .interaction(let id, let event, _, _, _, _) where [.completed, .abandoned, .ended].contains(event):
                    if s.terminalEvents[id, default: []].contains(where: { $0.run == s.run }) {
                        s.violations.append("run \(s.run): \(id) ended twice in one run (\(event.rawValue) after \(s.terminalEvents[id] ?? []))")
                    }
                    if let settled = s.completeAcknowledged[id] ?? s.cancelAcknowledged[id], settled < s.run {
                        s.violations.append("run \(s.run): \(id) ended (\(event.rawValue)) again, though it was settled in run \(settled)")
                    }
                    s.terminalEvents[id, default: []].append((s.run, event.rawValue))
                default:
                    break
                }
            }
        }
    }
}
