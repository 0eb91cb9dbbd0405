import OrderedCollections
public import Logging
public import SwitchboardConfig
public import SwitchboardMessages
public import SwitchboardRouter
import SwitchboardStore

/// The routing owner's decisions, as a value: the ``Router`` and everything the server keeps beside
/// it (connections, interaction owners, agent presence, subscriptions, the journal), driven by
/// ``step(_:in:into:)`` — one input in, the messages to send and store events to record out as
/// ``HubAction``s, in the order they must be carried out.
///
/// No I/O and no clock: the caller passes the instant and the store's condition (``HubContext``),
/// so a table of inputs and expected actions tests every rule (`HubCoreTests`). ``RoutingHub`` is
/// the actor that carries the actions out.
///
/// Ordering rules kept here: a request's answer precedes the pushes it caused; a revocation
/// precedes the offer that replaces it; a durable request's answer waits for its events
/// (``HubAction/sendWhenDurable(_:to:onFailure:)``), and whatever the connection is sent after it
/// waits behind it.
public struct HubCore {
    var router: Router
    var configuration: SwitchboardConfiguration
    var policies: [String: QueuePolicy]
    /// The skills the configuration declares: the only ones a request may name.
    var declaredSkills: Set<String>
    let settings: HubSettings
    /// Server-chosen ids are `i-<start time, base 36>-<n>`, so a restarted server never reuses one the store holds.
    let generatedIDPrefix: String
    let logger: Logger

    var connections = ConnectionRegistry()
    var ledger: InteractionLedger
    var presence = AgentPresence()
    var journal: Journal
    /// Customer memory and risk signals.
    var signals: FloorSignals
    /// Alerts raised and not yet cleared.
    var alerts: AlertBook
    /// A `stats` push is due at the short interval (something changed since the last).
    var statsDirty = true
    var lastStats: Instant?
    /// Counters for tests and logs.
    public internal(set) var counters = HubCounters()

    /// The context of the step being taken.
    var context = HubContext(now: Instant(nanoseconds: 0), wallMilliseconds: 0, store: nil)
    /// The actions of the step being taken (the caller's buffer, swapped in).
    var actions: [HubAction] = []
    /// Scratch buffer for the router's effects, reused across steps.
    var effects: [RoutingEffect] = []
    /// When agents' stages are next worked out from their start dates: the midnight (UTC, wall-clock
    /// ms) after the day they were last worked out for (none: stages stay as written).
    var stageRollAtMs: Int64?

    /// A core routing `configuration` (already validated); `recording` when a store takes its events.
    /// - Throws: the router's ``RoutingError`` when the configuration is inconsistent for routing.
    /// `today` maps agents' start dates to tenure stages (none: agents without a written stage are experienced).
    public init(configuration: SwitchboardConfiguration, settings: HubSettings, recording: Bool, idPrefix: String, logger: Logger,
                today: CalendarDate? = nil) throws(RoutingError) {
        router = try Router(configuration: RoutingConfigurationMapper.routingConfiguration(from: configuration, today: today))
        self.configuration = configuration
        policies = RoutingConfigurationMapper.policies(from: configuration)
        declaredSkills = Set(configuration.skills.map(\.name))
        self.settings = settings
        generatedIDPrefix = idPrefix
        self.logger = logger
        ledger = InteractionLedger(finishedLimit: settings.recentlyFinishedLimit)
        journal = Journal(enabled: recording)
        signals = FloorSignals(configuration)
        alerts = AlertBook(idPrefix: "a-" + idPrefix.dropFirst(2))
        stageRollAtMs = today.map(Self.midnightAfter)
    }

    /// Takes one input at `context`, appending what to do to `actions`. Returns the refusal the
    /// input met, if any (it is among the actions already, as the error to send).
    @discardableResult
    public mutating func step(_ input: HubInput, in context: HubContext, into actions: inout [HubAction]) -> ProtocolError? {
        begin(context, &actions)
        defer { end(&actions) }
        let now = context.now
        switch input {
        case .attach(let connection, let principal, let ref):
            return attach(connection, principal, ref: ref, now: now)
        case .detach(let connection):
            detach(connection, now: now)
        case .request(let connection, let request, let ref):
            return handle(request, ref: ref, from: connection, now: now)
        case .timer:
            timerFired(now)
        case .call(let connection, let principal, let request, let ref):
            return call(request, as: principal, ref: ref, from: connection, now: now)
        }
        return nil
    }

    /// Starts a step: takes the caller's buffer and fires due router timers, so every input sees
    /// instants in order.
    mutating func begin(_ context: HubContext, _ buffer: inout [HubAction]) {
        self.context = context
        swap(&actions, &buffer)
        rollDay()
        advanceClock(context.now)
        rollStages()
    }

    /// Ends a step: pending `agent_state` pushes, the journal handed to the store, the buffer back.
    mutating func end(_ buffer: inout [HubAction]) {
        flush(context.now)
        swap(&actions, &buffer)
    }

    /// Hands the store whatever is still buffered (at shutdown, before it closes).
    public mutating func commitPending(into actions: inout [HubAction]) {
        swap(&self.actions, &actions)
        commitJournal()
        swap(&self.actions, &actions)
    }

    /// The configuration in force.
    public var currentConfiguration: SwitchboardConfiguration { configuration }

    // MARK: Core calls

    /// Fires due router timers and carries out what they did.
    mutating func advanceClock(_ now: Instant) {
        effects.removeAll(keepingCapacity: true)
        try? router.handle(.advance, at: now, into: &effects)
        if !effects.isEmpty { applyEffects(now) }
    }

    /// Runs a router command and applies its effects; returns the refusal, if any.
    @discardableResult
    mutating func perform(_ command: RoutingCommand, _ now: Instant) -> RoutingError? {
        effects.removeAll(keepingCapacity: true)
        do {
            try router.handle(command, at: now, into: &effects)
        } catch {
            return error
        }
        applyEffects(now)
        return nil
    }

    /// Records the router's effects in the journal, then carries them out.
    mutating func applyEffects(_ now: Instant) {
        var batch: [RoutingEffect] = []
        swap(&batch, &effects)
        defer {
            swap(&batch, &effects)
        }
        journalEffects(batch)
        carryOut(batch, now: now)
    }

    /// Sends pending `agent_state` pushes and hands what happened to the store. (Agents' lines were
    /// logged with the effects that changed them, in `journalEffects`.)
    mutating func flush(_ now: Instant) {
        applyStrainChanges()
        if !presence.dirty.isEmpty {
            for id in presence.dirty {
                guard let work = router.workload(of: id) else { continue }
                let status = WireMapping.status(id, work)
                guard presence.pushedStatus[id] != status else { continue }
                presence.pushedStatus[id] = status
                send(.agentState(status), toAgent: id)
            }
            presence.dirty.removeAll(keepingCapacity: true)
            statsDirty = true
        }
        commitJournal()
    }
}
