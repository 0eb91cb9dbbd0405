import DequeModule
import Logging
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardStore

/// Timing settings of the routing owner.
public struct HubSettings: Sendable, Hashable {
    /// How long a disconnected agent keeps its active interactions (`agent_reconnect_grace_seconds`).
    public var agentReconnectGrace: Duration
    /// Supervisors get at most one `stats` push per this interval…
    public var statsMinInterval: Duration
    /// …and at least one per this interval while subscribed.
    public var statsMaxInterval: Duration
    /// Finished interaction ids remembered for idempotent re-enqueue.
    public var recentlyFinishedLimit: Int
    /// Events the store may have waiting for its writer before new interactions are refused
    /// (`unavailable`): memory stays bounded when arrivals outpace the disk.
    public var maxPendingStoreEvents: Int

    public init(
        agentReconnectGrace: Duration = .seconds(60),
        statsMinInterval: Duration = .milliseconds(250),
        statsMaxInterval: Duration = .seconds(1),
        recentlyFinishedLimit: Int = 10_000,
        maxPendingStoreEvents: Int = 200_000
    ) {
        self.agentReconnectGrace = agentReconnectGrace
        self.statsMinInterval = statsMinInterval
        self.statsMaxInterval = statsMaxInterval
        self.recentlyFinishedLimit = recentlyFinishedLimit
        self.maxPendingStoreEvents = maxPendingStoreEvents
    }

    /// The settings a configuration asks for.
    public init(_ configuration: SwitchboardConfiguration) {
        self.init(agentReconnectGrace: .seconds(configuration.server.limits.agentReconnectGraceSeconds))
    }
}

/// The routing owner: the only holder of the ``Router``.
///
/// Sessions hand it requests; it calls the core with the current monotonic instant, answers the
/// request, and turns the core's effects into messages to the right connections: agents by id,
/// sources by the source principal that created the interaction (whichever of its connections are
/// open), supervisors by subscription. It runs the core's timers, the agents' reconnect grace and
/// the supervisors' `stats` pushes from one timer. It never awaits a client: ``ClientLink`` only
/// enqueues.
///
/// The actor runs on its own ``EventLoop`` thread (used only as a serial executor and timer), so
/// routing never competes with connections or the cooperative pool for a thread.
public actor RoutingHub {
    /// The dedicated thread the hub runs on.
    public nonisolated let loop: EventLoop
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    var router: Router
    var configuration: SwitchboardConfiguration
    var policies: [String: QueuePolicy]
    /// The skills the configuration declares: the only ones a request may name.
    var declaredSkills: Set<String>
    let settings: HubSettings
    let clock: ServerClock
    let logger: Logger

    // Connections.
    var principals: [UInt64: Principal] = [:]
    var agentLinks: [AgentID: any ClientLink] = [:]
    var sourceLinks: [String: [UInt64: any ClientLink]] = [:]
    var subscribers: [UInt64: Subscriber] = [:]
    /// Open connections per supervisor or admin principal, for `max_connections_per_supervisor`.
    var supervisorConnections: [Principal: Int] = [:]

    // Interactions the server knows beyond the core: who created them, their JSON attributes.
    var owners: [InteractionID: InteractionOwner] = [:]
    var finished: [InteractionID: FinishedInteraction] = [:]
    /// `finished`'s keys, oldest first, so the oldest outcome is forgotten first.
    var finishedOrder = Deque<InteractionID>()
    var nextGeneratedID: UInt64 = 0
    /// Server-chosen ids are `i-<start time, base 36>-<n>`, so a restarted server never reuses one the store holds.
    let generatedIDPrefix: String
    /// Interactions being re-queued because their agent did not come back.
    var lostFrom: [InteractionID: AgentID] = [:]

    // Agents.
    var offerExpiry: [InteractionID: [AgentID: Instant]] = [:]
    var pushedStatus: [AgentID: WireAgentStatus] = [:]
    var dirtyAgents: Set<AgentID> = []
    var graceUntil: [AgentID: Instant] = [:]
    /// The chosen state at disconnect, restored when the agent is back within the reconnect grace.
    var stateBeforeDisconnect: [AgentID: (state: AgentState, at: Instant)] = [:]

    // Durability: the store (nil runs without one), events not yet handed to it, and the replies
    // waiting for their events to be on disk.
    let store: Store?
    var journalBuffer: [StoreEvent] = []
    var lastTicket: Int64 = 0
    var outbox = DurableOutbox()
    /// Each agent's line (busy, reserved, wrap-up, available, not ready with its reason) as last logged,
    /// the timeline occupancy and not-ready reports are computed from.
    var journaledStatus: [AgentID: (state: String, reason: String?)] = [:]
    /// Scratch list of `journal`, reused across requests.
    var journalTouched: [AgentID] = []

    // Supervisors.
    var statsDirty = true
    var lastStats: Instant?

    // The one timer.
    var armedAt: Instant?
    var armedTimer: LoopTimer?
    var stopped = false

    /// Counters for tests and logs.
    public internal(set) var counters = HubCounters()

    /// A hub routing `configuration` (already validated), on a thread of its own, recording every
    /// effect in `store` when one is given.
    /// - Throws: the core's ``RoutingError`` when the configuration is inconsistent for routing, or
    ///   a `SocketError` when the thread's poller cannot be created.
    public init(configuration: SwitchboardConfiguration, settings: HubSettings? = nil, clock: ServerClock = ServerClock(),
                store: Store? = nil, logger: Logger) throws {
        router = try Router(configuration: RoutingConfigurationMapper.routingConfiguration(from: configuration))
        var loopLogger = logger
        loopLogger[metadataKey: "sb.thread"] = "routing"
        loop = try EventLoop(index: -1, readBufferSize: 16, logger: loopLogger)
        loop.start()
        self.configuration = configuration
        policies = RoutingConfigurationMapper.policies(from: configuration)
        declaredSkills = Set(configuration.skills.map(\.name))
        self.settings = settings ?? HubSettings(configuration)
        self.clock = clock
        self.logger = logger
        self.store = store
        generatedIDPrefix = "i-\(String(clock.wallMilliseconds(), radix: 36))-"
        if let store { listen(to: store) }
    }

    /// Releases waiting replies as the store reports its commits (on the hub's own thread).
    private nonisolated func listen(to store: Store) {
        let loop = loop
        store.observeCommits { [weak self] notice in
            guard let hub = self else { return }
            loop.execute { hub.assumeIsolated { $0.storeReported(notice) } }
        }
    }

    /// Stops the timer and the hub's thread. Call once, at shutdown; the hub answers nothing after.
    public nonisolated func stop() async {
        await halt()
        // Not isolated: the thread being stopped is this actor's executor.
        await loop.shutdown()
    }

    func halt() {
        stopped = true
        if let armedTimer { loop.cancelTimer(armedTimer) }
        armedTimer = nil
        armedAt = nil
    }

    // MARK: Connections

    /// A connection authenticated as `principal`: registers it and sends `welcome` (agents: logs
    /// in, returns the interactions still assigned, re-sends pending offers). Returns why the principal
    /// cannot log in (an agent no longer configured, a principal at its connection limit) as the error
    /// to answer, without a `ref`; nothing is sent then.
    public func attach(_ principal: Principal, link: any ClientLink) -> ProtocolError? {
        let now = advanceClock()
        let limits = configuration.server.limits
        switch principal {
        case .agent(let raw):
            let id = AgentID(raw)
            guard let snapshot = reading({ $0.agent(id) }), snapshot.inRoster else {
                return ProtocolError(.unauthorized, "\(principal) is not in the configuration")
            }
            if let old = agentLinks[id], old.id != link.id {
                // From here on the old connection speaks for nobody: `handle` refuses what it still sends.
                principals[old.id] = nil
                old.close(code: CloseCode.policyViolation, reason: "replaced by a newer login")
                logger.info("agent login replaced an older connection", metadata: ["sb.agent": "\(id)"])
            }
            agentLinks[id] = link
            principals[link.id] = principal
            graceUntil[id] = nil
            let resumed = snapshot.active.compactMap { wireInteraction($0, now: now) }
            send(.welcome(role: .agent, agentId: raw, serverTimeMs: clock.wallMilliseconds(), resumed: resumed), to: link)
            pushedStatus[id] = nil
            dirtyAgents.insert(id)
            if snapshot.state == .offline {
                if store != nil { journalBuffer.append(.agentLogin(raw, at: Int64(clock.wallMilliseconds()))) }
                var state = loginState
                if let saved = stateBeforeDisconnect.removeValue(forKey: id), now - saved.at <= settings.agentReconnectGrace {
                    state = saved.state
                }
                perform(now) { (r: inout Router) throws(RoutingError) in try r.handle(.login(id, state: state), at: now) }
            }
            resendOffers(snapshot.offers, to: id, link: link, now: now)
        case .source(let name):
            let open = sourceLinks[name]?.count ?? 0
            guard open < limits.maxConnectionsPerSource else {
                return ProtocolError(.limitExceeded, "source '\(name)' already has \(open) connections (server.limits.max_connections_per_source)")
            }
            sourceLinks[name, default: [:]][link.id] = link
            principals[link.id] = principal
            send(.welcome(role: .source, agentId: nil, serverTimeMs: clock.wallMilliseconds(), resumed: []), to: link)
        case .supervisor, .admin:
            let open = supervisorConnections[principal] ?? 0
            guard open < limits.maxConnectionsPerSupervisor else {
                return ProtocolError(.limitExceeded, "\(principal) already has \(open) connections (server.limits.max_connections_per_supervisor)")
            }
            supervisorConnections[principal] = open + 1
            principals[link.id] = principal
            send(.welcome(role: principal.role.wireRole, agentId: nil, serverTimeMs: clock.wallMilliseconds(), resumed: []), to: link)
        }
        flush(now)
        return nil
    }

    /// The state an agent logs in with (`agents.login_state`), unless it is back within the grace.
    var loginState: AgentState {
        switch configuration.agentSettings.loginState {
        case .available: .available
        case .notReady: .notReady(reason: AgentSettings.loginReason)
        }
    }

    /// A connection closed (or stopped answering pings). An agent's offers are revoked and go back
    /// in place; its active interactions wait for it for the reconnect grace.
    public func detach(_ link: any ClientLink) {
        subscribers[link.id] = nil
        outbox.forget(link)
        guard let principal = principals.removeValue(forKey: link.id) else { return }
        let now = advanceClock()
        switch principal {
        case .agent(let raw):
            let id = AgentID(raw)
            guard let current = agentLinks[id], current.id == link.id else { return }
            agentLinks[id] = nil
            if let snapshot = reading({ $0.agent(id) }), snapshot.state != .offline {
                stateBeforeDisconnect[id] = (snapshot.state, now)
                perform(now) { (r: inout Router) throws(RoutingError) in try r.handle(.logout(id), at: now) }
                if store != nil { journalBuffer.append(.agentLogout(raw, reason: "disconnected", at: Int64(clock.wallMilliseconds()))) }
            }
            if let snapshot = reading({ $0.agent(id) }), !snapshot.active.isEmpty {
                graceUntil[id] = now + settings.agentReconnectGrace
                logger.info("agent disconnected holding work; grace started",
                            metadata: ["sb.agent": "\(id)", "sb.active": "\(snapshot.active.count)"])
            }
        case .source(let name):
            sourceLinks[name]?[link.id] = nil
            if sourceLinks[name]?.isEmpty == true { sourceLinks[name] = nil }
        case .supervisor, .admin:
            let open = (supervisorConnections[principal] ?? 1) - 1
            supervisorConnections[principal] = open > 0 ? open : nil
        }
        flush(now)
    }

    // MARK: Requests

    /// Answers one request of an authenticated connection (role already checked), then sends the
    /// pushes it caused.
    public func handle(_ envelope: ClientEnvelope, from principal: Principal, link: any ClientLink) {
        let now = advanceClock()
        let ref = envelope.ref
        counters.requests += 1
        // The link, not only the principal: a connection replaced by a newer login of the same agent
        // (or already detached) must not act for it, even with messages it sent before it was closed.
        guard principals[link.id] == principal else {
            send(.error(ProtocolError(.conflict, "this connection no longer speaks for \(principal): it was replaced by a newer login", ref: ref)), to: link)
            return
        }
        switch (principal, envelope.message) {
        case (.agent(let raw), let message):
            handleAgent(AgentID(raw), message, ref: ref, link: link, now: now)
        case (.source(let name), let message):
            handleSource(name, message, ref: ref, link: link, now: now)
        case (.supervisor, let message), (.admin, let message):
            handleSupervisor(message, ref: ref, link: link, now: now)
        }
        flush(now)
    }

    /// The configuration in force.
    public var currentConfiguration: SwitchboardConfiguration { configuration }

    /// A copy of the routing core's state, for tests and diagnostics.
    public var routerSnapshot: Router { router }

    // MARK: Core calls

    /// Reads the routing core in place. A query called on the stored `router` directly makes the
    /// compiler copy the whole struct first (a retain and a release of every buffer it holds), which
    /// cost about a tenth of the routing thread's time; through an `inout` access it reads in place.
    @inline(__always)
    func reading<T>(_ body: (inout Router) -> T) -> T {
        body(&router)
    }

    /// Fires due core timers and returns the current instant; every entry point starts here so the
    /// core sees instants in order.
    func advanceClock() -> Instant {
        let now = clock.now()
        let effects = (try? router.handle(.advance, at: now)) ?? []  // advancing is never refused
        if !effects.isEmpty { apply(effects, now: now) }
        return now
    }

    /// Runs a core operation and applies its effects; returns the refusal, if any.
    @discardableResult
    func perform(_ now: Instant, _ body: (inout Router) throws(RoutingError) -> [RoutingEffect]) -> RoutingError? {
        do {
            let effects = try body(&router)
            apply(effects, now: now)
            return nil
        } catch {
            return error
        }
    }

    /// Sends the agent the offers it held before this login (a replaced connection's offers).
    func resendOffers(_ offers: [InteractionID], to id: AgentID, link: any ClientLink, now: Instant) {
        for interaction in offers where offerExpiry[interaction]?[id] != nil {
            guard let wire = wireInteraction(interaction, now: now) else { continue }
            let expires = offerExpiry[interaction]?[id] ?? now
            send(.offer(wire, expiresInMs: max(0, ServerClock.milliseconds(expires - now))), to: link)
        }
    }

    func wireInteraction(_ id: InteractionID, now: Instant) -> WireInteraction? {
        guard let snapshot = reading({ $0.interaction(id) }) else { return nil }
        return WireMapping.interaction(snapshot, attributes: owners[id]?.attributes ?? [], now: now)
    }

    /// Sends pending `agent_state` pushes, hands what happened to the store and re-arms the timer.
    /// (Agents' lines were logged with the effects that changed them, in `journal`.)
    func flush(_ now: Instant) {
        if !dirtyAgents.isEmpty {
            for id in dirtyAgents {
                guard let snapshot = reading({ $0.agent(id) }) else { continue }
                let status = WireMapping.status(snapshot)
                guard pushedStatus[id] != status else { continue }
                pushedStatus[id] = status
                send(.agentState(status), to: agentLinks[id])
            }
            dirtyAgents.removeAll(keepingCapacity: true)
            statsDirty = true
        }
        commitJournal()
        rearm(now)
    }
}

/// A supervisor (or admin) subscription.
struct Subscriber {
    var link: any ClientLink
    var topics: [WireTopic]
}

/// Who created an interaction, and what the core does not keep.
struct InteractionOwner {
    var source: String
    var attributes: [(key: String, value: JSONValue)]
    /// The reason the source gave when cancelling, reported with the terminal event.
    var pendingReason: String?
    /// The disposition the agent gave when completing, recorded with `completed`.
    var disposition: String?
}

/// How a remembered interaction ended, for idempotent re-enqueue.
struct FinishedInteraction {
    var source: String
    var event: WireInteractionEvent
}

/// Counters of what the hub did, for tests and logs.
public struct HubCounters: Sendable, Hashable {
    public var requests = 0
    public var offers = 0
    public var terminalEvents = 0
    public var agentsLost = 0
    public var statsPushes = 0
    public var reloadsApplied = 0
    public var reloadsRefused = 0
}
