public import Logging
public import SwitchboardConfig
public import SwitchboardMessages
public import SwitchboardRouter
public import SwitchboardSocket
public import SwitchboardStore

/// The routing owner: the actor around ``HubCore`` that carries its actions out.
///
/// Connections submit their inputs with ``submit(_:from:)`` (one hop onto the hub's thread, in each
/// connection's order); the hub reads the clock and the store's condition, takes the core's step,
/// then sends each message through the ``DurableOutbox`` to its ``ClientLink`` (which only
/// enqueues: the hub never waits for a socket), hands events to the store, and keeps one timer armed
/// for the core's next due instant.
///
/// The actor runs on its own ``EventLoop`` thread (used only as a serial executor and timer), so
/// routing never competes with connections or the cooperative pool for a thread.
public actor RoutingHub {
    /// The dedicated thread the hub runs on.
    public nonisolated let loop: EventLoop
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    var core: HubCore
    let clock: ServerClock
    let logger: Logger

    /// The link of every attached connection.
    var links: [ConnectionID: any ClientLink] = [:]
    /// Replies waiting for the disk, and everything sent behind them.
    var outbox = DurableOutbox()
    /// The durable store; nil runs without one.
    let store: Store?
    /// The resumable event stream over the store's log; nil without a store.
    public nonisolated let events: EventFeed?
    /// Each connection's event stream (`subscribe` with `since`), and those waiting for their `ok` to leave.
    var streams: [ConnectionID: Task<Void, Never>] = [:]
    var streamStarts: [ConnectionID: CheckedContinuation<Void, Never>] = [:]
    /// The ticket of the last events handed to the store, and whether the store refused them.
    var lastTicket: Int64 = 0
    var lastRecordRefused = false
    /// The actions of the step being carried out, reused across steps.
    var actions: [HubAction] = []
    /// The server's metrics; nil for a hub driven without a server (tests, benchmarks).
    nonisolated let metrics: ServerMetrics?

    // The one timer.
    var armedAt: Instant?
    var armedTimer: LoopTimer?
    var stopped = false

    /// A hub routing `configuration` (already validated), on a thread of its own, recording every
    /// effect in `store` when one is given.
    /// - Throws: the router's ``RoutingError`` when the configuration is inconsistent for routing, or
    ///   a `SocketError` when the thread's poller cannot be created.
    public init(configuration: SwitchboardConfiguration, settings: HubSettings? = nil, clock: ServerClock = ServerClock(),
                store: Store? = nil, metrics: ServerMetrics? = nil, logger: Logger) throws {
        let settings = settings ?? HubSettings(configuration)
        core = try HubCore(configuration: configuration, settings: settings, recording: store != nil,
                           idPrefix: "i-\(String(clock.wallMilliseconds(), radix: 36))-", logger: logger,
                           today: CalendarDate(epochMilliseconds: Int64(clock.wallMilliseconds())))
        var loopLogger = logger
        loopLogger[metadataKey: "sb.thread"] = "routing"
        loop = try EventLoop(index: -1, readBufferSize: 16, logger: loopLogger, name: "sb-routing")
        loop.start()
        self.clock = clock
        self.logger = logger
        self.store = store
        self.metrics = metrics
        // Before anything is recorded (restore records too): the feed must see every commit.
        events = store.map { EventFeed(store: $0, settings: settings.eventStream) }
        if let store { listen(to: store) }
    }

    /// Releases waiting replies as the store reports its commits (on the hub's own thread).
    private nonisolated func listen(to store: Store) {
        let loop = loop, metrics = metrics
        store.observeCommits { [weak self] notice in
            metrics?.storeReported(notice)
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
        events?.close()
        for id in Array(streams.keys) { stopStream(id) }
        if let armedTimer { loop.cancelTimer(armedTimer) }
        armedTimer = nil
        armedAt = nil
    }

    // MARK: Inputs

    /// Hands an input to the hub from any thread without waiting: one hop onto the hub's thread,
    /// in submission order (so each connection's requests keep their order).
    public nonisolated func submit(_ input: HubInput, from link: any ClientLink) {
        loop.execute { self.assumeIsolated { hub in _ = hub.receive(input, from: link) } }
    }

    /// Takes one input: registers and forgets links, then lets the core decide.
    @discardableResult
    func receive(_ input: HubInput, from link: any ClientLink) -> ProtocolError? {
        switch input {
        case .attach: links[link.id] = link
        case .detach:
            outbox.forget(link)
            stopStream(link.id)
        case .call: links[link.id] = link
        case .request, .timer: break
        }
        let refusal = run(input)
        switch input {
        case .detach, .call: links[link.id] = nil
        case .request: link.requestHandled()
        case .attach, .timer: break
        }
        return refusal
    }

    /// Sends a message the connection's gate answered itself, behind whatever the hub already sent
    /// or holds for that connection.
    public nonisolated func deliver(_ message: ServerMessage, to link: any ClientLink) {
        loop.execute { self.assumeIsolated { $0.outbox.send(message, to: link) } }
    }

    /// A connection authenticated as `principal` (`welcome`, or the refusal sent and the connection
    /// closed). Returns the refusal, if any.
    @discardableResult
    public func attach(_ principal: Principal, link: any ClientLink, ref: String? = nil) -> ProtocolError? {
        receive(.attach(link.id, principal, ref: ref), from: link)
    }

    /// A connection closed (or stopped answering pings).
    public func detach(_ link: any ClientLink) {
        receive(.detach(link.id), from: link)
    }

    /// Answers one message of an attached connection, typed by its principal's role the way its
    /// gate would (for callers without a gate: tests and benchmarks driving the hub directly).
    public func handle(_ envelope: ClientEnvelope, from link: any ClientLink) {
        let principal = core.connections.principals[link.id]
        // A connection that speaks for nobody (replaced) still reaches the core, which answers it.
        let role = principal?.role ?? Role.allCases.first { $0.request(envelope.message) != nil }
        guard let role, let request = role.request(envelope.message) else {
            let refusal = ProtocolError(.forbidden, "role \(role.map { "\($0)" } ?? "none") may not send \(envelope.message.type)", ref: envelope.ref)
            outbox.send(.error(refusal), to: link)
            return
        }
        receive(.request(link.id, request, ref: envelope.ref), from: link)
    }

    /// Applies an already parsed and validated configuration atomically, between two routing
    /// decisions (see ``HubCore/reconfigure(to:in:into:)``).
    public func reconfigure(to new: SwitchboardConfiguration) -> ReloadOutcome {
        let outcome = core.reconfigure(to: new, in: context(), into: &actions)
        carryOut()
        return outcome
    }

    /// Rebuilds routing from the store after a start, before any client connects.
    public func restore(_ state: RecoveredState, finished: [FinishedRecord] = [], signals: RecoveredSignals = RecoveredSignals()) -> RecoverySummary {
        let summary = core.restore(state, finished: finished, signals: signals, in: context(), into: &actions)
        carryOut()
        return summary
    }

    /// Hands the store whatever is still buffered (before it closes at shutdown).
    public func commitPendingJournal() {
        core.commitPending(into: &actions)
        carryOut()
    }

    /// The configuration in force.
    public var currentConfiguration: SwitchboardConfiguration { core.configuration }

    /// A copy of the routing core's state, for tests and diagnostics.
    public var routerSnapshot: Router { core.router }

    /// Counters for tests and logs.
    public var counters: HubCounters { core.counters }

    // MARK: Carrying out

    func run(_ input: HubInput) -> ProtocolError? {
        let refusal = core.step(input, in: context(), into: &actions)
        carryOut()
        return refusal
    }

    private func context() -> HubContext {
        HubContext(now: clock.now(), wallMilliseconds: clock.wallMilliseconds(), store: store?.condition)
    }

    /// Carries out the actions of the step just taken, in order, then re-arms the timer.
    private func carryOut() {
        lastRecordRefused = false
        for action in actions {
            switch action {
            case .send(let message, let connection):
                guard let link = links[connection] else { continue }
                outbox.send(message, to: link)
            case .sendWhenDurable(let message, let connection, let onFailure):
                guard let link = links[connection] else { continue }
                if lastRecordRefused {
                    outbox.send(.error(onFailure), to: link)
                } else {
                    outbox.send(message, to: link, whenDurable: lastTicket, onFailure: onFailure)
                }
            case .close(let connection, let code, let reason):
                links[connection]?.close(code: code, reason: reason)
            case .record(let events):
                guard let store else { continue }
                if let ticket = store.record(events) {
                    lastTicket = ticket
                    lastRecordRefused = false
                } else {
                    lastRecordRefused = true
                }
            case .readCustomer(let query, let cursor, let connection, let ref):
                guard let link = links[connection], let store else { continue }
                readCustomer(query, cursor: cursor, ref: ref, from: store, for: link)
            case .streamEvents(let scope, let since, let connection, let ref):
                guard let link = links[connection], let events else { continue }
                streamEvents(scope, since: since, ref: ref, from: events, for: link)
            }
        }
        actions.removeAll(keepingCapacity: true)
        if !core.tally.enqueueToOffer.isEmpty || !core.tally.offerToAccept.isEmpty {
            metrics?.record(core.tally)
            core.tally.drainSamples()
        }
        rearm()
    }

    /// Reads a page of a customer's history on the store's readers and answers in the place the
    /// request holds among the connection's replies.
    private func readCustomer(_ query: CustomerQuery, cursor: CustomerCursor?, ref: String?, from store: Store, for link: any ClientLink) {
        let reservation = outbox.reserve(for: link)
        let topicAttribute = core.configuration.customers.topicAttribute
        Task {
            let answer: ServerMessage
            do {
                let page = try await store.customerHistory(query.customerId, limit: query.limit, before: cursor, topicAttribute: topicAttribute)
                answer = .ok(ref: ref, fields: WireMapping.customerHistory(query.customerId, page))
            } catch {
                logger.warning("a customer's history could not be read", metadata: ["sb.error": "\(error)"])
                answer = .error(ProtocolError(.unavailable, "the customer's history could not be read from the store: \(error)", ref: ref))
            }
            outbox.fill(reservation, with: answer)
            startReleasedStreams()
        }
    }

    /// Opens the connection's event stream (replacing any it had) off the routing thread, answers
    /// the `subscribe` in the request's place, and starts sending events once that answer has left.
    private func streamEvents(_ scope: EventScope, since: Int64, ref: String?, from feed: EventFeed, for link: any ClientLink) {
        let id = link.id
        stopStream(id)
        let reservation = outbox.reserve(for: link)
        let window = feed.settings.sendWindowBytes
        streams[id] = Task {
            let stream: EventStream
            do throws(EventStreamError) {
                stream = try await feed.open(scope: scope, since: since)
            } catch {
                let code: ErrorCode = error.code == .unavailable || error.code == .closed ? .unavailable : .conflict
                outbox.fill(reservation, with: .error(ProtocolError(code, error.description, ref: ref)))
                startReleasedStreams()
                return
            }
            outbox.fill(reservation, with: .ok(ref: ref, fields: [("since", .number(Double(since))), ("lastSeq", .number(Double(stream.newestAtOpen)))]))
            startReleasedStreams()
            // A later subscribe replaced this one while it opened: it must not take the start slot of its successor.
            guard !Task.isCancelled else { return stream.close() }
            if outbox.isHolding(link) {
                await withCheckedContinuation { streamStarts[id] = $0 }
            }
            guard !Task.isCancelled else { return stream.close() }
            await EventStreamPump.run(stream, link: link, windowBytes: window)
        }
    }

    /// Lets event streams start whose `ok` has left (nothing of their connection is held any more).
    func startReleasedStreams() {
        guard !streamStarts.isEmpty else { return }
        for (id, start) in streamStarts where links[id].map({ !outbox.isHolding($0) }) ?? true {
            streamStarts[id] = nil
            start.resume()
        }
    }

    /// Stops the connection's event stream, if any.
    func stopStream(_ id: ConnectionID) {
        streams.removeValue(forKey: id)?.cancel()
        streamStarts.removeValue(forKey: id)?.resume()
    }

    /// The store's writer reported a batch (called on the hub's thread).
    func storeReported(_ notice: CommitNotice) {
        if let failure = notice.failure {
            outbox.failed(after: notice.durableUpTo, through: notice.failedUpTo)
            logger.error("store write failed; new work is refused until it recovers", metadata: ["sb.store.error": "\(failure)"])
        } else {
            outbox.committed(through: notice.durableUpTo)
        }
        startReleasedStreams()
    }

    // MARK: Timer

    /// Keeps one loop timer armed for the core's earliest due instant. A later-armed timer is
    /// replaced; an earlier one is kept (when it fires, it re-arms for what is then due).
    private func rearm() {
        guard !stopped, let next = core.nextDue() else { return }
        if let armed = armedAt, armed <= next { return }
        if let armedTimer { loop.cancelTimer(armedTimer) }
        armedAt = next
        // Loop timers have millisecond resolution; never wake before the instant.
        let delay = max(.zero, next - clock.now()) + .microseconds(500)
        armedTimer = loop.scheduleTimer(after: delay) { [weak self] in
            self?.assumeIsolated { hub in hub.timerFired(armed: next) }
        }
    }

    private func timerFired(armed: Instant) {
        guard armedAt == armed else { return }
        armedAt = nil
        armedTimer = nil
        _ = run(.timer)
    }
}
