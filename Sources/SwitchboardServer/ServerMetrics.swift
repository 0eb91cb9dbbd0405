import CoreMetrics
import Prometheus
import Synchronization
import SwitchboardConfig
import SwitchboardRouter
import SwitchboardStore

/// The server's Prometheus series, served on `GET /metrics`.
///
/// One registry per server (so servers in one process, as in the tests, never mix their counts),
/// written through swift-metrics handles backed by swift-prometheus. Every handle is created once:
/// here at start, or at a scrape for a queue a reload added. Counting therefore costs an atomic
/// add on the paths that count (a connection's message, a reload), and the routing path plain
/// integer adds: the routing core keeps totals (``HubTally``) that a scrape turns into counter
/// increments, and the state series (waiting, longest wait, service level, agents, logged-in
/// connections) are read from the routing owner when scraped. Only the two latency histograms are
/// written from the routing thread, after each step that offered or assigned (one uncontended lock
/// per sample: swift-prometheus' histogram). The transport and the connection
/// policy keep their own hand-written series; their names differ from these, so the page is one
/// valid exposition.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    // Routing, from the core's totals at a scrape.
    private let decisions: CoreMetrics.Counter
    private let effects: [CoreMetrics.Counter]
    private let enqueueToOffer: CoreMetrics.Timer
    private let offerToAccept: CoreMetrics.Timer
    private let alertsRaised: [String: CoreMetrics.Counter]
    private let agentsByState: [String: Prometheus.Gauge]
    private let agentsNotReady: [String: Prometheus.Gauge]
    private let connectionsByRole: [Role: Prometheus.Gauge]

    // Connections, counted as messages arrive.
    private let received: [CoreMetrics.Counter]
    private let refused: [CoreMetrics.Counter]

    // Reloads.
    private let reloadsApplied: CoreMetrics.Counter
    private let reloadsRefused: CoreMetrics.Counter

    // Store: the writer's histograms and failures as it commits; its counters and depth at a scrape.
    private let commitLatency: CoreMetrics.Timer
    private let batchSize: CoreMetrics.Recorder
    private let storeFailures: CoreMetrics.Counter
    private let storeCommits: CoreMetrics.Counter
    private let storeCommittedEvents: CoreMetrics.Counter
    private let storeDroppedEvents: CoreMetrics.Counter
    private let storePending: Prometheus.Gauge
    private let storeAccepting: Prometheus.Gauge

    /// What a scrape last turned into increments, and the per-queue handles.
    private let scraped = Mutex(Scraped())

    /// The alert kinds the server raises (``AlertKind``); any other is counted as `other`.
    public static let alertKinds = ["repeat_contact", "topic_surge", "complaint_waiting", "service_level", "agent_strain",
                                    "vip_waiting", "no_dedicated_agent"]

    /// Enqueue → offer and offer → accept: from an immediate offer to a long queue wait.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500),
        .seconds(1), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900),
    ]
    /// A store commit: an fsync is a few milliseconds; hundreds mean the disk is in trouble.
    static let commitBuckets: [Duration] = [
        .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
    ]
    /// Events per commit, up to `store.group_commit.max_batch`'s range.
    static let batchBuckets: [Double] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 5_000, 10_000]

    public init() {
        let registry = registry
        factory = PrometheusMetricsFactory(registry: registry)
        let factory = factory
        func counter(_ name: String, labels: [(String, String)] = [], _ help: String) -> CoreMetrics.Counter {
            CoreMetrics.Counter(label: name, dimensions: labels, handler: registry.makeCounter(name: name, labels: labels, help: help),
                                factory: factory)
        }
        func timer(_ name: String, _ buckets: [Duration], _ help: String) -> CoreMetrics.Timer {
            CoreMetrics.Timer(label: name, dimensions: [], handler: registry.makeDurationHistogram(name: name, labels: [], buckets: buckets, help: help),
                              factory: factory)
        }
        decisions = counter("switchboard_routing_decisions_total", "Routing commands the routing core ran (requests, due timers, presence changes).")
        effects = HubTally.Effect.allCases.map {
            counter("switchboard_routing_effects_total", labels: [("effect", $0.label)], "Effects of routing decisions, by kind.")
        }
        enqueueToOffer = timer("switchboard_enqueue_to_offer_seconds", Self.latencyBuckets,
                               "Time from an interaction's enqueue to each offer made for it.")
        offerToAccept = timer("switchboard_offer_to_accept_seconds", Self.latencyBuckets,
                              "Time from the offer to the agent's accept, per assigned interaction.")
        alertsRaised = Dictionary(uniqueKeysWithValues: (Self.alertKinds + ["other"]).map {
            ($0, counter("switchboard_alerts_raised_total", labels: [("kind", $0)], "Alerts raised, by kind."))
        })
        agentsByState = Dictionary(uniqueKeysWithValues: AgentLine.states.map {
            ($0, registry.makeGauge(name: "switchboard_agents", labels: [("state", $0)],
                                    help: "Rostered agents by the line supervisors see (held work wins over the chosen state)."))
        })
        agentsNotReady = Dictionary(uniqueKeysWithValues: (AgentLine.knownReasons + ["other"]).map {
            ($0, registry.makeGauge(name: "switchboard_agents_not_ready", labels: [("reason", $0)],
                                    help: "Agents whose chosen state is not ready, by reason (unknown reasons as other)."))
        })
        connectionsByRole = Dictionary(uniqueKeysWithValues: Role.allCases.map {
            ($0, registry.makeGauge(name: "switchboard_clients_logged_in", labels: [("role", $0.rawValue)],
                                    help: "Connections logged in now, by role."))
        })
        let roles = Role.allCases.map(\.rawValue) + ["none"]
        received = roles.map { counter("switchboard_messages_received_total", labels: [("role", $0)], "Client messages received, by the sender's role (none before hello).") }
        refused = roles.map {
            counter("switchboard_messages_refused_total", labels: [("role", $0)],
                    "Client messages refused before routing (malformed, forbidden for the role, over the message rate).")
        }
        reloadsApplied = counter("switchboard_reloads_total", labels: [("outcome", "applied")], "Configuration reloads, by outcome.")
        reloadsRefused = counter("switchboard_reloads_total", labels: [("outcome", "refused")], "Configuration reloads, by outcome.")
        commitLatency = timer("switchboard_store_commit_seconds", Self.commitBuckets, "Time the store's writer took to commit one batch.")
        batchSize = CoreMetrics.Recorder(
            label: "switchboard_store_batch_events", dimensions: [], aggregate: true,
            handler: registry.makeValueHistogram(name: "switchboard_store_batch_events", labels: [], buckets: Self.batchBuckets,
                                                 help: "Events per batch the store's writer committed."),
            factory: factory)
        storeFailures = counter("switchboard_store_failures_total", "Store batches that failed to commit (the store then refuses new work).")
        storeCommits = counter("switchboard_store_commits_total", "Transactions committed by the store's writer.")
        storeCommittedEvents = counter("switchboard_store_committed_events_total", "Routing events committed to the log.")
        storeDroppedEvents = counter("switchboard_store_dropped_events_total", "Events lost because the store refused or failed them.")
        storePending = registry.makeGauge(name: "switchboard_store_pending_events", help: "Events handed to the writer, not yet committed.")
        storeAccepting = registry.makeGauge(name: "switchboard_store_accepting_work",
                                            help: "1 while the store writes; 0 after a failed write (new work is refused).")
    }

    // MARK: Counting as it happens

    /// The label index of a role (`none` before hello) for ``messageCounters(for:)``.
    private static func index(_ role: Role?) -> Int {
        role.flatMap { Role.allCases.firstIndex(of: $0) } ?? Role.allCases.count
    }

    /// The received and refused counters of a connection of `role` (nil before hello): looked up once
    /// per login, so a message costs an atomic add.
    func messageCounters(for role: Role?) -> (received: CoreMetrics.Counter, refused: CoreMetrics.Counter) {
        let index = Self.index(role)
        return (received[index], refused[index])
    }

    /// A reload finished.
    func reloaded(applied: Bool) {
        (applied ? reloadsApplied : reloadsRefused).increment()
    }

    /// The store's writer reported a batch (on its thread).
    func storeReported(_ notice: CommitNotice) {
        if notice.failure != nil {
            storeFailures.increment()
            return
        }
        commitLatency.recordNanoseconds(Self.nanoseconds(notice.commitDuration))
        batchSize.record(notice.batchEvents)
    }

    /// The latency samples of the core's last step (on the routing thread).
    func record(_ tally: HubTally) {
        for wait in tally.enqueueToOffer { enqueueToOffer.recordNanoseconds(Self.nanoseconds(wait)) }
        for time in tally.offerToAccept { offerToAccept.recordNanoseconds(Self.nanoseconds(time)) }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    // MARK: At a scrape

    /// The whole exposition: the routing owner's reading (when it answers within `timeout`) and the
    /// store's counters applied, then every series of the registry.
    func exposition(hub: RoutingHub, store: Store?, timeout: Duration = .seconds(1)) -> String {
        let reading = hub.metricsReading(timeout: timeout)
        scraped.withLock { scraped in
            if let reading { apply(reading, &scraped) }
            if let store { apply(store, &scraped) }
        }
        return registry.emitToString()
    }

    private func apply(_ reading: HubReading, _ scraped: inout Scraped) {
        let tally = reading.tally
        decisions.add(tally.decisions - scraped.tally.decisions)
        for (index, counter) in effects.enumerated() {
            counter.add(tally.effects[index] - scraped.tally.effects[index])
        }
        for (kind, total) in tally.alertsRaised {
            let counter = alertsRaised[kind] ?? alertsRaised["other"]
            counter?.add(total - scraped.tally.alertsRaised[kind, default: 0])
        }
        scraped.tally = tally
        for (state, gauge) in agentsByState { gauge.set(to: Double(reading.agentsByState[state, default: 0])) }
        for (reason, gauge) in agentsNotReady { gauge.set(to: Double(reading.agentsNotReady[reason, default: 0])) }
        for (role, gauge) in connectionsByRole { gauge.set(to: Double(reading.connectionsByRole[role, default: 0])) }

        var seen = Set<String>()
        for queue in reading.queues {
            seen.insert(queue.name)
            let series = scraped.queues[queue.name] ?? QueueSeries(queue.name, registry)
            series.update(queue)
            scraped.queues[queue.name] = series
        }
        // A queue a reload removed leaves the page (its counters start again if it comes back).
        for (name, series) in scraped.queues where !seen.contains(name) {
            series.unregister(from: registry)
            scraped.queues[name] = nil
        }
    }

    private func apply(_ store: Store, _ scraped: inout Scraped) {
        let statistics = store.statistics
        storeCommits.add(statistics.commits - (scraped.store?.commits ?? 0))
        storeCommittedEvents.add(statistics.committedEvents - (scraped.store?.committedEvents ?? 0))
        storeDroppedEvents.add(statistics.droppedEvents - (scraped.store?.droppedEvents ?? 0))
        storePending.set(to: Double(statistics.pendingEvents))
        storeAccepting.set(to: store.isAcceptingWork ? 1 : 0)
        scraped.store = statistics
    }

    struct Scraped {
        var tally = HubTally()
        var store: StoreStatistics?
        var queues: [String: QueueSeries] = [:]
    }
}

extension CoreMetrics.Counter {
    /// Adds a difference of totals (nothing when the total did not grow).
    func add(_ amount: Int) {
        if amount > 0 { increment(by: Int64(amount)) }
    }
}
