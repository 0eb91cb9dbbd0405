import Foundation
import HeapModule
import SwitchboardMessages
import SwitchboardRouter

/// The simulated contact-center floor: agents answering offers, sources enqueueing on a Poisson process,
/// customers hanging up, an admin reloading; and the measurements and correctness checks of the run.
///
/// A synchronous state machine with no clock and no sockets: the driver hands it received frames and
/// the current time, and sends what it returns. Time is in seconds on any monotonic clock.
public final class Floor {
    enum Phase: String { case connecting, running, draining, finished }

    enum Timer {
        case setupTimeout, arrival, stop, drainDeadline, reload
        case answer(agent: Int, id: String, accept: Bool)
        case complete(agent: Int, id: String)
        case patience(id: String)
        case breakStart(agent: Int), breakEnd(agent: Int)
        case logOut(agent: Int), leaveCheck(agent: Int), drop(agent: Int), reconnect(agent: Int)
        case graceOver(agent: Int, session: Int)
    }

    struct Scheduled: Comparable {
        var time: Double
        var sequence: Int
        var timer: Timer
        static func < (a: Scheduled, b: Scheduled) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Scheduled, b: Scheduled) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    struct Offer {
        var channel: String
        var at: Double
        var acceptSentAt: Double?
    }

    /// Where an agent's connection stands.
    enum Link { case connecting, online, offline }

    struct AgentSim {
        let spec: AgentSpec
        var random: SeededRandom
        var link = Link.connecting
        /// Counts the agent's dropped connections, so that a grace timer of an earlier drop is ignored.
        var session = 0
        /// Logging out: not ready, closes its connection once it holds nothing.
        var leaving = false
        /// Work whose handle time ran out while the agent was offline: completed once it is back.
        var completeWhenBack: Set<String> = []
        var welcomed = false
        var ready = false
        var onBreak = false
        var offers: [String: Offer] = [:]
        var active: [String: String] = [:]
        var wrapUpUntil: Double = 0
        var lastChange: Double = 0
        var handlingTime: Double = 0
        var idleTime: Double = 0
    }

    struct Tracked {
        var mix: Int
        var enqueuedAt: Double
        var refused = false
        var offeredAt: Double?
        var assignedAt: Double?
        var terminal: String?
        var cancelReason: String?
        /// Back in its queue after its agent did not return within the grace (`agent_lost`), not assigned since.
        var waitingAgain = false
        /// From the scenario's customer population; nil when the interaction's customer is its own.
        var customer: String?
    }

    public let scenario: Scenario
    public let connections: [ConnectionSpec]
    let runId: String
    let agentSpecs: [AgentSpec]
    let durationSeconds: Double?
    let setupTimeoutSeconds: Double
    let beforeReload: (@Sendable (Int) -> Void)?
    /// Whether the result counts the customer tiers (the mix sends some, or the scenario sets the server's).
    let tracksTiers: Bool
    let signalReload: (@Sendable () -> Void)?

    var phase = Phase.connecting
    var agents: [AgentSim] = []
    var agentIndex: [String: Int] = [:]
    private let sourceBase: Int
    private let adminConnection: Int?
    /// The supervisor that watches the `alerts` topic and the agents' `stats` (``Scenario/hasSupervisor``).
    let supervisorConnection: Int?
    /// The supervisor's subscription was confirmed; arrivals wait for it.
    var supervisorSubscribed = false
    var welcomed = 0
    private var readyAgents = 0
    private var timers = Heap<Scheduled>()
    private var sequence = 0
    private var random: SeededRandom
    private var contacts: ContactGenerator
    /// The next arrival, scheduled as the `.arrival` timer.
    private var nextContact: Contact?
    private let mixCumulative: [Double]

    var tracked: [String: Tracked] = [:]
    private var created = 0
    private var unfinished = 0
    private var startTime: Double = 0
    var runStart: Double?
    private var runEnd: Double?
    private var finishTime: Double?
    private var reloadCount = 0
    private var reloadSentAt: [String: Double] = [:]

    var checker: CorrectnessChecker
    private var enqueueToOffer = LatencyRecorder()
    /// Enqueue → offer since the last progress snapshot, so the live line shows stalls as they happen.
    private var enqueueToOfferWindow = LatencyRecorder()
    /// The worst bench timer lag since the last progress snapshot.
    private var benchLagWindow = 0.0
    private var timeline = RunTimeline()
    private var offerToAccept = LatencyRecorder()
    private var acceptRoundTrip = LatencyRecorder()
    private var enqueueToAssigned = LatencyRecorder()
    private var reloadRoundTrip = LatencyRecorder()
    var counts = Counts()
    /// Customers, topics and alerts of the run.
    var signals = SignalTally()
    var protocolErrors: [String: Int] = [:]
    var setupError: String?
    /// Stopped early: interactions still in flight owe no terminal event.
    private var aborted = false
    private var sent = 0
    private var received = 0
    private var sentAtRunStart = 0, receivedAtRunStart = 0, sentAtRunEnd = 0, receivedAtRunEnd = 0

    struct Counts {
        var enqueued = 0, refused = 0, assigned = 0, completed = 0, abandoned = 0, drained = 0, ended = 0
        var offers = 0, rejects = 0, offerTimeouts = 0, reloadFailures = 0, withinServiceLevel = 0, signalReloads = 0
        var churn = ChurnCounts()
    }

    /// Changes to connections asked for since the driver last took them.
    var connectionChanges: [ConnectionChange] = []
    /// Resident memory samples of the server.
    private var memorySamples: [(time: Double, memory: ResidentMemory)] = []

    /// - Parameters:
    ///   - durationSeconds: overrides the scenario's duration.
    ///   - runId: prefix of interaction ids; unique per run so that a long-lived server never sees an id twice.
    ///   - beforeReload: called with the reload's number before each admin `reload` is sent (rewrites the config file).
    ///   - signalReload: sends the server SIGHUP, for reloads `via: alternate` (without it every reload is an admin one).
    public init(scenario: Scenario, durationSeconds: Double? = nil, runId: String, setupTimeoutSeconds: Double = 120,
                beforeReload: (@Sendable (Int) -> Void)? = nil, signalReload: (@Sendable () -> Void)? = nil) {
        self.scenario = scenario
        self.beforeReload = beforeReload
        self.signalReload = signalReload
        self.runId = runId
        self.durationSeconds = durationSeconds ?? scenario.durationSeconds
        self.setupTimeoutSeconds = setupTimeoutSeconds
        tracksTiers = !scenario.mixTiers.isEmpty || scenario.serverTiers != nil
        agentSpecs = scenario.agents()
        var seeds = SeededRandom(seed: scenario.seed)
        random = seeds.fork()
        contacts = ContactGenerator(scenario: scenario, seed: seeds.next())
        var specs: [ConnectionSpec] = []
        for spec in agentSpecs {
            agentIndex[spec.id] = agents.count
            agents.append(AgentSim(spec: spec, random: seeds.fork()))
            specs.append(ConnectionSpec(role: .agent, id: spec.id, token: scenario.token(role: "agent", id: spec.id)))
        }
        sourceBase = specs.count
        for name in scenario.sourceNames {
            specs.append(ConnectionSpec(role: .source, id: name, token: scenario.token(role: "source", id: name)))
        }
        if scenario.reload != nil {
            adminConnection = specs.count
            specs.append(ConnectionSpec(role: .admin, id: "admin", token: scenario.token(role: "admin", id: "admin")))
        } else {
            adminConnection = nil
        }
        if scenario.hasSupervisor {
            supervisorConnection = specs.count
            specs.append(ConnectionSpec(role: .supervisor, id: Scenario.supervisorId, token: scenario.token(role: "supervisor", id: Scenario.supervisorId)))
        } else {
            supervisorConnection = nil
        }
        connections = specs
        var total = 0.0
        mixCumulative = scenario.mix.map { total += $0.weight; return total }
        checker = CorrectnessChecker(agents: agentSpecs)
        // Growing these mid-run rehashes every interaction so far in one go (tens of ms at 25k entries),
        // which would show up as a bench-side stall in the latencies; size them for the whole run.
        let expected = Self.expectedInteractions(scenario, durationSeconds: self.durationSeconds)
        tracked.reserveCapacity(expected)
        checker.reserveCapacity(expected)
    }

    /// How long agents take to complete what they hold once arrivals stop.
    static let drainSpreadSeconds = 1.0

    /// A generous estimate of the interactions a run creates (the count, or the peak rate × the duration).
    static func expectedInteractions(_ scenario: Scenario, durationSeconds: Double?) -> Int {
        let peak = ([scenario.arrivals.ratePerSecond] + scenario.arrivals.bursts.map(\.ratePerSecond)).max() ?? 0
            + (scenario.spike?.ratePerSecond ?? 0)
        let byTime = durationSeconds.map { peak * $0 * 1.2 + 1000 } ?? .infinity
        let byCount = scenario.count.map { Double($0) } ?? .infinity
        let estimate = min(byTime, byCount)
        return estimate.isFinite ? Int(min(estimate, 3_000_000)) : 10_000
    }

    // MARK: Driver interface

    public var isFinished: Bool { phase == .finished }

    /// The earliest pending timer, if any.
    public var nextDeadline: Double? { phase == .finished ? nil : timers.min?.time }

    /// Logs every connection in.
    public func start(now: Double) -> [Outgoing] {
        startTime = now
        schedule(.setupTimeout, at: now + setupTimeoutSeconds)
        var out: [Outgoing] = []
        for (index, spec) in connections.enumerated() {
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.hello(token: spec.token), ref: "h")))
        }
        return counted(out, now: now)
    }

    /// Fires every timer due at `now`.
    public func advance(to now: Double) -> [Outgoing] {
        var out: [Outgoing] = []
        while phase != .finished, let next = timers.min, next.time <= now {
            _ = timers.removeMin()
            fire(next.timer, now: max(now, next.time), into: &out)
        }
        return counted(out, now: now)
    }

    /// Handles one text frame received on `connection` at `now`.
    public func receive(_ text: String, on connection: Int, now: Double) -> [Outgoing] {
        received += 1
        timeline.messages(1, at: now)
        let message: ServerMessage
        do {
            message = try ServerMessageDecoder.decode(text)
        } catch {
            protocolErrors["undecodable frame", default: 0] += 1
            return []
        }
        var out: [Outgoing] = []
        if connection < sourceBase {
            agentMessage(message, agent: connection, now: now, into: &out)
        } else if connection == adminConnection {
            adminMessage(message, now: now, into: &out)
        } else if connection == supervisorConnection {
            supervisorMessage(message, now: now, into: &out)
        } else {
            sourceMessage(message, now: now, into: &out)
        }
        return counted(out, now: now)
    }

    /// A connection went away (closed by the server or failed).
    public func connectionClosed(_ connection: Int, reason: String, now: Double) {
        guard phase != .finished else { return }
        let role = connection < connections.count ? connections[connection].role.rawValue : "unknown"
        protocolErrors["\(role) connection lost", default: 0] += 1
        if phase == .connecting {
            setupError = "\(role) \(connections[safe: connection]?.id ?? "?") lost its connection while logging in: \(reason)"
            finish(now: now)
        }
    }

    /// Stops at once (interrupt, or the driver could not connect).
    public func abort(reason: String, now: Double) {
        if setupError == nil, phase == .connecting { setupError = reason }
        aborted = true
        protocolErrors["aborted: \(reason)", default: 0] += 1
        finish(now: now)
    }

    /// A snapshot for the live line; starts a new window for the interval percentile.
    public func progress(now: Double) -> FloorProgress {
        let handling = agents.reduce(0) { $0 + $1.active.count }
        let window = enqueueToOfferWindow.milliseconds(atPercentile: 99)
        enqueueToOfferWindow.reset()
        let lag = benchLagWindow
        benchLagWindow = 0
        return FloorProgress(
            phase: phase.rawValue, elapsedSeconds: now - (runStart ?? startTime), enqueued: counts.enqueued,
            assigned: counts.assigned, ended: counts.completed + counts.abandoned + counts.drained + counts.ended,
            waiting: max(0, unfinished - handling), handling: handling, messages: sent + received,
            enqueueToOfferP99Ms: enqueueToOffer.milliseconds(atPercentile: 99), intervalEnqueueToOfferP99Ms: window,
            intervalBenchLagMaxMs: lag * 1000, violations: checker.violationCount)
    }

    /// The driver's timer fired `lag` seconds after its deadline (a measure of the bench's own stalls).
    public func noteBenchTimerLag(_ lag: Double, now: Double) {
        benchLagWindow = max(benchLagWindow, lag)
        timeline.benchTimerLag(lag, at: now)
    }

    /// When arrivals started (second 0 of the timeline), nil before.
    public var arrivalsStartedAt: Double? { runStart }

    /// The driver's thread used `cpuSeconds` of CPU and was preempted `preemptions` times since its last sample.
    public func noteBenchCpu(_ cpuSeconds: Double, preemptions: Int, now: Double) {
        timeline.benchCpu(cpuSeconds, preemptions: preemptions, at: now)
    }

    /// The server's resident memory at `now` (``MemoryCheck``).
    public func noteServerMemory(_ memory: ResidentMemory, now: Double) {
        memorySamples.append((now, memory))
    }

    /// The driver spent `duration` seconds on one frame or timer batch that started at `now`.
    public func noteBenchBusy(_ duration: Double, now: Double) {
        timeline.benchBusy(duration, at: now)
    }

    // MARK: Timers

    func schedule(_ timer: Timer, at time: Double) {
        sequence += 1
        timers.insert(Scheduled(time: time, sequence: sequence, timer: timer))
    }

    private func fire(_ timer: Timer, now: Double, into out: inout [Outgoing]) {
        switch timer {
        case .setupTimeout:
            if phase == .connecting {
                setupError = "only \(welcomed) of \(connections.count) connections logged in and \(readyAgents) of \(agents.count) agents became available within \(Int(setupTimeoutSeconds)) s"
                finish(now: now)
            }
        case .arrival:
            arrive(now: now, into: &out)
        case .stop:
            if phase == .running { beginDrain(now: now, into: &out) }
        case .drainDeadline:
            if phase == .draining { finish(now: now) }
        case .reload:
            guard phase == .running, let admin = adminConnection, let every = scenario.reload?.everySeconds else { return }
            reloadCount += 1
            beforeReload?(reloadCount)
            schedule(.reload, at: now + every)
            if scenario.reload?.via == .alternate, reloadCount % 2 == 0, let signalReload {
                signalReload()
                counts.signalReloads += 1
                return
            }
            let ref = "l:\(reloadCount)"
            reloadSentAt[ref] = now
            out.append(Outgoing(connection: admin, text: ClientMessageEncoder.encodeString(.reload, ref: ref)))
        case let .answer(agent, id, accept):
            answer(agent: agent, id: id, accept: accept, now: now, into: &out)
        case let .complete(agent, id):
            complete(agent: agent, id: id, now: now, into: &out)
        case .patience(let id):
            guard phase == .running, var item = tracked[id], item.assignedAt == nil, item.terminal == nil, item.cancelReason == nil,
                  !item.refused, checker.holders(of: id).isEmpty else { return }
            item.cancelReason = "patience"
            tracked[id] = item
            out.append(Outgoing(connection: sourceConnection(for: id), text: ClientMessageEncoder.encodeString(.cancel(interactionId: id, reason: "patience"), ref: "x:\(id)")))
        case .breakStart(let index):
            guard phase == .running, let schedule = scenario.behaviour.notReady else { return }
            self.schedule(.breakStart(agent: index), at: now + schedule.everySeconds)
            guard agents[index].random.unit() < schedule.share, !agents[index].onBreak,
                  agents[index].link == .online, !agents[index].leaving else { return }
            account(index, now: now)
            agents[index].onBreak = true
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.state(.notReady, reason: schedule.reason), ref: "b")))
            self.schedule(.breakEnd(agent: index), at: now + schedule.durationSeconds)
        case .breakEnd(let index):
            guard agents[index].onBreak else { return }
            account(index, now: now)
            agents[index].onBreak = false
            // An agent offline now asks to be available when it is back.
            guard agents[index].link == .online, !agents[index].leaving else { return }
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.state(.available, reason: nil), ref: "b")))
        case .logOut, .leaveCheck, .drop, .reconnect, .graceOver:
            fireChurn(timer, now: now, into: &out)
        }
    }

    // MARK: Phases

    func checkReady(now: Double, into out: inout [Outgoing]) {
        guard phase == .connecting, welcomed == connections.count, readyAgents == agents.count,
              supervisorSubscribed || supervisorConnection == nil else { return }
        phase = .running
        runStart = now
        timeline.start(at: now)
        sentAtRunStart = sent
        receivedAtRunStart = received
        for index in agents.indices { agents[index].lastChange = now }
        nextContact = contacts.next()
        if let first = nextContact { schedule(.arrival, at: now + first.time) }
        if let durationSeconds { schedule(.stop, at: now + durationSeconds) }
        if let every = scenario.reload?.everySeconds { schedule(.reload, at: now + every) }
        if let breaks = scenario.behaviour.notReady {
            for index in agents.indices {
                schedule(.breakStart(agent: index), at: now + agents[index].random.unit() * breaks.everySeconds)
            }
        }
        startChurn(now: now)
    }

    private func beginDrain(now: Double, into out: inout [Outgoing]) {
        runEnd = now
        sentAtRunEnd = sent
        receivedAtRunEnd = received
        for index in agents.indices { account(index, now: now) }
        phase = .draining
        // Customers still waiting leave; agents finish what they hold at once.
        // Only the few still waiting are sorted (for a deterministic order), not every interaction of the run.
        let waiting = tracked.filter { id, item in
            item.terminal == nil && (item.assignedAt == nil || item.waitingAgain) && !item.refused && item.cancelReason == nil
                && checker.holders(of: id).isEmpty
        }.keys.sorted()
        for id in waiting {
            tracked[id]?.cancelReason = "drain"
            out.append(Outgoing(connection: sourceConnection(for: id), text: ClientMessageEncoder.encodeString(.cancel(interactionId: id, reason: "drain"), ref: "x:\(id)")))
        }
        // Agents finish what they hold within the next second, evenly spread: completing ~1,500 at once
        // made the bench spend tens of ms on one burst, stamping offers still in flight late.
        let held = agents.indices.flatMap { index in agents[index].active.keys.sorted().map { (index, $0) } }
        for (position, (index, id)) in held.enumerated() {
            schedule(.complete(agent: index, id: id), at: now + Self.drainSpreadSeconds * Double(position) / Double(held.count))
        }
        for index in agents.indices {
            if agents[index].onBreak {
                agents[index].onBreak = false
                if agents[index].link == .online, !agents[index].leaving {
                    out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.state(.available, reason: nil), ref: "b")))
                }
            }
        }
        schedule(.drainDeadline, at: now + scenario.drainSeconds)
        finishIfDrained(now: now)
    }

    private func finishIfDrained(now: Double) {
        if phase == .draining, unfinished == 0 { finish(now: now) }
    }

    func finish(now: Double) {
        guard phase != .finished else { return }
        if runEnd == nil, runStart != nil {
            runEnd = now
            sentAtRunEnd = sent
            receivedAtRunEnd = received
            for index in agents.indices { account(index, now: now) }
        }
        finishTime = now
        phase = .finished
    }

    // MARK: Sources

    private func arrive(now: Double, into out: inout [Outgoing]) {
        guard phase == .running, let contact = nextContact else { return }
        if let limit = scenario.count, created >= limit {
            beginDrain(now: now, into: &out)
            return
        }
        created += 1
        let id = "\(runId)-\(created)"
        let pick = random.unit() * (mixCumulative.last ?? 1)
        let mixIndex = mixCumulative.firstIndex { pick < $0 } ?? (scenario.mix.count - 1)
        let mix = scenario.mix[mixIndex]
        let requirements = mix.skills ?? scenario.queue(named: mix.queue)?.requirements ?? [:]
        checker.enqueued(id, channel: mix.channel, requirements: requirements)
        tracked[id] = Tracked(mix: mixIndex, enqueuedAt: now, customer: contact.customerId)
        timeline.enqueued(at: now)
        unfinished += 1
        counts.enqueued += 1
        signals.arrived(contact)
        if tracksTiers { signals.enqueued(tier: mix.tier) }
        var attributes: [(key: String, value: JSONValue)] = mix.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
        if let topic = contact.topic { attributes.append((scenario.topicAttribute, .string(topic))) }
        // Without a population every interaction is a customer of its own, unique to the run, so that a
        // server's customer memory never links runs (or interactions) the scenario did not mean to.
        let request = EnqueueRequest(id: id, channel: Channel(rawValue: mix.channel) ?? .voice, queue: mix.queue,
                                     skills: mix.skills, priority: mix.priority, customerId: contact.customerId ?? "cust-\(id)",
                                     tier: mix.tier, attributes: attributes)
        out.append(Outgoing(connection: sourceConnection(for: id), text: ClientMessageEncoder.encodeString(.enqueue(request), ref: "e:\(id)")))
        if let patience = scenario.patience {
            schedule(.patience(id: id), at: now + patience.sample(&random))
        }
        if let limit = scenario.count, created >= limit {
            beginDrain(now: now, into: &out)
        } else if let runStart {
            nextContact = contacts.next()
            if let next = nextContact { schedule(.arrival, at: runStart + next.time) }
        }
    }

    private func sourceConnection(for id: String) -> Int {
        let number = Int(id.split(separator: "-").last ?? "") ?? 0
        return sourceBase + number % scenario.sourceNames.count
    }

    private func sourceMessage(_ message: ServerMessage, now: Double, into out: inout [Outgoing]) {
        switch message {
        case .welcome:
            welcomed += 1
            checkReady(now: now, into: &out)
        case let .ok(ref, _):
            _ = ref
        case .error(let error):
            let ref = error.ref ?? ""
            if ref.hasPrefix("e:") {
                let id = String(ref.dropFirst(2))
                if var item = tracked[id], !item.refused, item.terminal == nil {
                    item.refused = true
                    tracked[id] = item
                    counts.refused += 1
                    if tracksTiers { signals.enqueued(tier: scenario.mix[item.mix].tier, refused: true) }
                    unfinished -= 1
                    checker.forget(id)
                    protocolErrors["enqueue refused: \(error.code.rawValue)", default: 0] += 1
                    finishIfDrained(now: now)
                }
            } else if ref.hasPrefix("x:") {
                // The customer hung up as the interaction ended or was answered: nothing to cancel.
                protocolErrors["cancel: \(error.code.rawValue)", default: 0] += 1
            } else if ref == "h" {
                setupError = "source login refused: \(error.code.rawValue) \(error.message)"
                finish(now: now)
            } else {
                protocolErrors["source: \(error.code.rawValue)", default: 0] += 1
            }
        case let .interaction(id, event, agentId, _, _, _):
            checker.sourceEvent(id, event: event.rawValue, agentId: agentId)
            guard var item = tracked[id] else { return }
            switch event {
            case .assigned where item.waitingAgain:
                item.waitingAgain = false
            case .agentLost:
                item.waitingAgain = true
                counts.churn.agentLost += 1
            case .assigned where item.assignedAt == nil:
                item.assignedAt = now
                counts.assigned += 1
                let wait = now - item.enqueuedAt
                enqueueToAssigned.record(seconds: wait)
                if wait <= scenario.serviceLevelSeconds { counts.withinServiceLevel += 1 }
                if tracksTiers {
                    let group = agentId.flatMap { agentIndex[$0] }.map { agents[$0].spec.group } ?? "?"
                    signals.answered(tier: scenario.mix[item.mix].tier, wait: wait, group: group,
                                     withinServiceLevel: wait <= scenario.serviceLevelSeconds)
                }
            case .completed, .abandoned, .ended:
                guard item.terminal == nil else { break }
                item.terminal = event.rawValue
                if !item.refused { unfinished -= 1 }
                switch event {
                case .completed: counts.completed += 1
                case .abandoned: if item.cancelReason == "drain" { counts.drained += 1 } else { counts.abandoned += 1 }
                default: counts.ended += 1
                }
            default:
                break
            }
            tracked[id] = item
            finishIfDrained(now: now)
        default:
            break
        }
    }

    // MARK: Admin

    private func adminMessage(_ message: ServerMessage, now: Double, into out: inout [Outgoing]) {
        switch message {
        case .welcome:
            welcomed += 1
            checkReady(now: now, into: &out)
        case .ok(let ref?, _):
            if let sentAt = reloadSentAt.removeValue(forKey: ref) { reloadRoundTrip.record(seconds: now - sentAt) }
        case .error(let error):
            if error.ref == "h" {
                setupError = "admin login refused: \(error.code.rawValue) \(error.message)"
                finish(now: now)
            } else {
                if let ref = error.ref { reloadSentAt[ref] = nil }
                counts.reloadFailures += 1
                protocolErrors["reload: \(error.code.rawValue)", default: 0] += 1
            }
        default:
            break
        }
    }

    // MARK: Agents

    private func agentMessage(_ message: ServerMessage, agent index: Int, now: Double, into out: inout [Outgoing]) {
        switch message {
        case let .welcome(_, _, _, resumed):
            guard !agents[index].welcomed else {
                welcomeBack(agent: index, resumed: resumed, now: now, into: &out)
                return
            }
            agents[index].welcomed = true
            agents[index].link = .online
            welcomed += 1
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.state(.available, reason: nil), ref: "s")))
        case let .ok(ref?, _):
            agentReply(ref: ref, error: nil, agent: index, now: now, into: &out)
        case .error(let error):
            agentReply(ref: error.ref ?? "", error: error, agent: index, now: now, into: &out)
        case let .offer(interaction, _):
            offered(interaction, agent: index, now: now, into: &out)
        case let .revoked(id, reason):
            if reason == "timeout" { counts.offerTimeouts += 1 }
            account(index, now: now)
            agents[index].offers[id] = nil
            checker.revoked(id, from: agents[index].spec.id)
        case let .interaction(id, _, _, _, _, _):
            // The customer left while the agent handled the interaction.
            account(index, now: now)
            agents[index].offers[id] = nil
            agents[index].active[id] = nil
            checker.released(id, by: agents[index].spec.id)
        case .agentState(let status):
            // A missed offer puts the agent not ready; a person would make themselves available again.
            if status.state == "not_ready", status.reason == "no_answer", !agents[index].onBreak, !agents[index].leaving, phase != .finished {
                out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.state(.available, reason: nil), ref: "s")))
            }
        default:
            break
        }
    }

    private func agentReply(ref: String, error: ProtocolError?, agent index: Int, now: Double, into out: inout [Outgoing]) {
        let agentId = agents[index].spec.id
        if ref == "s" {
            if let error {
                protocolErrors["state: \(error.code.rawValue)", default: 0] += 1
            } else if !agents[index].ready {
                account(index, now: now)
                agents[index].ready = true
                readyAgents += 1
                checkReady(now: now, into: &out)
            }
            return
        }
        if ref == "h", let error {
            if agents[index].welcomed {
                // Logging back in after churn: the agent stays away, and the run fails.
                counts.churn.loginsRefused += 1
                protocolErrors["agent login refused on return: \(error.code.rawValue)", default: 0] += 1
                agents[index].link = .offline
                return
            }
            setupError = "agent \(agentId) login refused: \(error.code.rawValue) \(error.message)"
            finish(now: now)
            return
        }
        let id = String(ref.dropFirst(2))
        switch ref.prefix(2) {
        case "a:":
            guard let offer = agents[index].offers[id] else {
                if error == nil {
                    // Confirmed although revoked: record it, and hand the interaction back at once.
                    checker.accepted(id, by: agentId)
                    checker.released(id, by: agentId)
                    out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.complete(interactionId: id, disposition: "resolved"), ref: "c:\(id)")))
                }
                return
            }
            account(index, now: now)
            agents[index].offers[id] = nil
            if let error {
                protocolErrors["accept: \(error.code.rawValue)", default: 0] += 1
                checker.released(id, by: agentId)
                return
            }
            checker.accepted(id, by: agentId)
            if let customer = tracked[id]?.customer { signals.handled(customer: customer, by: agentId) }
            offerToAccept.record(seconds: now - offer.at)
            if let sentAt = offer.acceptSentAt {
                acceptRoundTrip.record(seconds: now - sentAt)
                timeline.acceptAnswered(latency: now - sentAt, at: now)
            }
            agents[index].active[id] = offer.channel
            if phase == .running {
                let handle = tracked[id].map { scenario.mix[$0.mix].handle } ?? .constant(1)
                schedule(.complete(agent: index, id: id), at: now + handle.sample(&agents[index].random))
            } else if tracked[id]?.cancelReason != "drain" {
                complete(agent: index, id: id, now: now, into: &out)
            }
            // Else the drain's cancel crossed this accept: the server ends the interaction as it reads the
            // cancel and tells the agent (`interaction` … `cancelled`); a `complete` now would be refused.
        case "r:", "c:", "b":
            if let error { protocolErrors["\(ref.prefix(1) == "r" ? "reject" : ref.prefix(1) == "c" ? "complete" : "break"): \(error.code.rawValue)", default: 0] += 1 }
        default:
            if let error { protocolErrors["agent: \(error.code.rawValue)", default: 0] += 1 }
        }
    }

    private func offered(_ interaction: WireInteraction, agent index: Int, now: Double, into out: inout [Outgoing]) {
        let id = interaction.id
        counts.offers += 1
        if var item = tracked[id], item.offeredAt == nil {
            item.offeredAt = now
            tracked[id] = item
            enqueueToOffer.record(seconds: now - item.enqueuedAt)
            enqueueToOfferWindow.record(seconds: now - item.enqueuedAt)
            timeline.offered(latency: now - item.enqueuedAt, at: now)
        }
        checker.offered(id, channel: interaction.channel, to: agents[index].spec.id)
        if let customer = interaction.customer {
            signals.offered(customer: tracked[id]?.customer, isRepeat: customer.isRepeat, to: agents[index].spec.id)
        }
        account(index, now: now)
        agents[index].offers[id] = Offer(channel: interaction.channel, at: now)
        let reject = agents[index].random.unit() < scenario.behaviour.rejectProbability
        let delay = scenario.behaviour.acceptDelay.sample(&agents[index].random)
        if delay <= 0 {
            answer(agent: index, id: id, accept: !reject, now: now, into: &out)
        } else {
            schedule(.answer(agent: index, id: id, accept: !reject), at: now + delay)
        }
    }

    private func answer(agent index: Int, id: String, accept: Bool, now: Double, into out: inout [Outgoing]) {
        guard var offer = agents[index].offers[id], offer.acceptSentAt == nil else { return }
        if accept {
            offer.acceptSentAt = now
            agents[index].offers[id] = offer
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.accept(interactionId: id, reason: nil), ref: "a:\(id)")))
        } else {
            counts.rejects += 1
            account(index, now: now)
            agents[index].offers[id] = nil
            checker.released(id, by: agents[index].spec.id)
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.reject(interactionId: id, reason: "busy"), ref: "r:\(id)")))
        }
    }

    func complete(agent index: Int, id: String, now: Double, into out: inout [Outgoing]) {
        guard agents[index].active[id] != nil else { return }
        guard agents[index].link == .online else {
            agents[index].completeWhenBack.insert(id)
            return
        }
        account(index, now: now)
        agents[index].active[id] = nil
        if let item = tracked[id], let queue = scenario.queue(named: scenario.mix[item.mix].queue) {
            agents[index].wrapUpUntil = max(agents[index].wrapUpUntil, now + queue.wrapUpSeconds)
        }
        checker.released(id, by: agents[index].spec.id)
        out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.complete(interactionId: id, disposition: "resolved"), ref: "c:\(id)")))
    }

    /// Adds the time since the agent's last change to handling or idle, while arrivals run.
    func account(_ index: Int, now: Double) {
        guard phase == .running || phase == .connecting, let runStart else { return }
        let from = max(agents[index].lastChange, runStart)
        let to = runEnd.map { min(now, $0) } ?? now
        agents[index].lastChange = now
        guard to > from else { return }
        let agent = agents[index]
        if !agent.active.isEmpty {
            agents[index].handlingTime += to - from
        } else if agent.ready, !agent.onBreak, agent.offers.isEmpty, agent.link == .online, !agent.leaving {
            agents[index].idleTime += max(0, to - max(from, agent.wrapUpUntil))
        }
    }

    func counted(_ out: [Outgoing], now: Double) -> [Outgoing] {
        sent += out.count
        if !out.isEmpty { timeline.messages(out.count, at: now) }
        return out
    }

    // MARK: Result

    /// The measurements and verdict. Call once the floor is finished (or after aborting it).
    public func result(startedAt: String) -> BenchResult {
        if phase != .finished { finish(now: finishTime ?? runEnd ?? runStart ?? startTime) }
        if setupError == nil, !aborted { checker.finish() }
        let runSeconds = max(0, (runEnd ?? 0) - (runStart ?? 0))
        let handling = agents.reduce(0) { $0 + $1.handlingTime }
        let idle = agents.reduce(0) { $0 + $1.idleTime }
        let runMessages = (sentAtRunEnd - sentAtRunStart) + (receivedAtRunEnd - receivedAtRunStart)
        var violations: [String: Int] = [:]
        for (kind, count) in checker.counts where count > 0 { violations[kind.rawValue] = count }
        return BenchResult(
            scenario: scenario.name, seed: scenario.seed, startedAt: startedAt, agents: agents.count, sources: scenario.sourceNames.count,
            runSeconds: runSeconds, totalSeconds: max(0, (finishTime ?? startTime) - startTime),
            offeredRatePerSecond: runSeconds > 0 ? Double(counts.enqueued) / runSeconds : 0,
            enqueued: counts.enqueued, refused: counts.refused, assigned: counts.assigned, completed: counts.completed,
            abandoned: counts.abandoned, drained: counts.drained, ended: counts.ended, offers: counts.offers,
            rejects: counts.rejects, offerTimeouts: counts.offerTimeouts, reloads: reloadRoundTrip.count,
            reloadFailures: counts.reloadFailures,
            enqueueToOffer: enqueueToOffer.summary, offerToAccept: offerToAccept.summary, acceptRoundTrip: acceptRoundTrip.summary,
            enqueueToAssigned: enqueueToAssigned.summary, reloadRoundTrip: reloadRoundTrip.summary,
            serviceLevelSeconds: scenario.serviceLevelSeconds,
            serviceLevel: counts.assigned > 0 ? Double(counts.withinServiceLevel) / Double(counts.assigned) : nil,
            abandonRate: counts.enqueued - counts.refused > 0 ? Double(counts.abandoned) / Double(counts.enqueued - counts.refused) : 0,
            occupancy: handling + idle > 0 ? handling / (handling + idle) : nil,
            messagesPerSecond: runSeconds > 0 ? Double(runMessages) / runSeconds : 0,
            messagesSent: sent, messagesReceived: received,
            correctnessPassed: checker.passed && setupError == nil && counts.churn.loginsRefused == 0, violations: violations,
            violationExamples: checker.violations, protocolErrors: protocolErrors, setupError: setupError,
            timeline: timeline.finish(), signalReloads: counts.signalReloads,
            churn: scenario.churn == nil ? nil : counts.churn, memory: memoryTrend(),
            customers: scenario.customers != nil || signals.customers.repeatOffers > 0 ? signals.customers : nil,
            topics: scenario.topics.isEmpty && scenario.spike == nil ? nil : signals.topicArrivals,
            spikeArrivals: scenario.spike == nil ? nil : signals.spikeArrivals,
            alerts: scenario.watchesAlerts ? signals.alerts : nil,
            agentDays: scenario.watchesAgents ? signals.agentDays.report(agents: agentSpecs) : nil,
            tiers: tracksTiers ? signals.tierReport : nil)
    }

    /// The memory samples against the scenario's check, in seconds since arrivals started.
    private func memoryTrend() -> MemoryTrend? {
        guard let check = scenario.memory, !memorySamples.isEmpty else { return nil }
        let origin = runStart ?? startTime
        return MemoryTrend(samples: memorySamples.map { MemoryTrend.Sample(second: $0.time - origin, residentKB: $0.memory.residentKB, anonymousKB: $0.memory.anonymousKB) },
                           warmUpSeconds: check.warmUpSeconds, arrivalsEndedAt: (runEnd ?? origin) - origin,
                           maxGrowthMBPerMinute: check.maxGrowthMBPerMinute)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
