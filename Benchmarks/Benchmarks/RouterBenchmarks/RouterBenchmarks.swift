import Benchmark
import SwitchboardRouter
import SwitchboardTesting

/// Mutable benchmark state, built once per benchmark (in its setup hook) and reused by every
/// iteration, so iterations measure decisions in a steady state, not construction.
final class Bench<R> {
    var router: R?
    var effects: [RoutingEffect] = []
    var now: Int64 = 1_000_000_000_000
    var next = 0
    /// Interactions made in the measured part, undone afterwards.
    var made: [InteractionID] = []
    /// The request behind each backlog interaction, to bring it back after it is cancelled.
    var backlogRequests: [InteractionID: InteractionRequest] = [:]
    /// Interaction currently offered to the picker.
    var offered = InteractionID("")
    var cancelled: [InteractionID] = []
    /// The arrivals measured: plain, or with tiers and demanding work (policies on).
    let arrivals: [InteractionRequest]

    init(arrivals: [InteractionRequest] = Fixtures.arrivals) {
        self.arrivals = arrivals
    }
}

extension Bench where R == Router {
    /// (a) One arrival: the queue's strategy picks among ~10,000 available agents and offers.
    func arrival(_ router: inout Router) {
        let request = arrivals[next & 2047]
        next &+= 1
        now &+= 1_000
        effects.removeAll(keepingCapacity: true)
        try? router.handle(.enqueue(request), at: Instant(nanoseconds: now), into: &effects)
        blackHole(effects.count)
        made.append(request.id)
    }

    /// Unmeasured: withdraw the arrivals so the agents are free again.
    func undoArrivals(_ router: inout Router) {
        for id in made {
            effects.removeAll(keepingCapacity: true)
            try? router.handle(.cancel(id), at: Instant(nanoseconds: now), into: &effects)
        }
        made.removeAll(keepingCapacity: true)
    }

    /// (b) The picker's current interaction ends (customer hangs up), so it frees and takes the
    /// best of the ~50,000 waiting it can serve across its 20 queues.
    func agentFrees(_ router: inout Router) {
        now &+= 1_000
        effects.removeAll(keepingCapacity: true)
        try? router.handle(.cancel(offered), at: Instant(nanoseconds: now), into: &effects)
        cancelled.append(offered)
        for effect in effects {
            if case .offer(let interaction, _, _) = effect { offered = interaction.id }
        }
        blackHole(offered)
    }

    /// Unmeasured: the cancelled interactions come back (same queue, new arrival), keeping the
    /// backlog at 50,000.
    func refillBacklog(_ router: inout Router) {
        for id in cancelled {
            guard let request = backlogRequests[id] else { continue }
            effects.removeAll(keepingCapacity: true)
            try? router.handle(.enqueue(request), at: Instant(nanoseconds: now), into: &effects)
        }
        cancelled.removeAll(keepingCapacity: true)
    }

    /// (c) enqueue → offer → accept → complete, with 10,000 agents.
    func cycle(_ router: inout Router) {
        let request = arrivals[next & 2047]
        let id = request.id
        next &+= 1
        now &+= 1_000
        let at = Instant(nanoseconds: now)
        effects.removeAll(keepingCapacity: true)
        try? router.handle(.enqueue(request), at: at, into: &effects)
        guard case .offer(_, let agent, _)? = effects.last else { return }
        effects.removeAll(keepingCapacity: true)
        try? router.handle(.accept(id, by: agent), at: at, into: &effects)
        effects.removeAll(keepingCapacity: true)
        try? router.handle(.complete(id, by: agent), at: at, into: &effects)
        blackHole(effects.count)
    }
}

func makeAgentPool<R>(_ make: (RoutingConfiguration) -> R?, configuration: ([AgentProfile]) -> RoutingConfiguration = Fixtures.configuration,
                      login: (inout R, AgentID, Instant) -> Void) -> R? {
    let agents = Fixtures.agentProfiles(count: Fixtures.agents, seed: 11)
    guard var router = make(configuration(agents)) else { return nil }
    for (k, agent) in agents.enumerated() { login(&router, agent.id, Instant(nanoseconds: Int64(k))) }
    return router
}

/// The pool with tiers, new agents and minimum stages, one agent in ten shielded by a cool-down.
func makePolicyPool() -> Router? {
    makeAgentPool({ try? Router(configuration: $0) }, configuration: Fixtures.policyConfiguration) { r, id, at in
        _ = try? r.handle(.login(id), at: at)
        if let k = Int(id.rawValue.dropFirst("agent".count)), Fixtures.shieldedAtStart(k) { _ = try? r.handle(.setShielded(id, true), at: at) }
    }
}

/// 50,000 waiting over the 200 queues, then the picker logs in and takes its first offer.
func makeBacklog<R>(
    _ bench: Bench<R>,
    make: (RoutingConfiguration) -> R?,
    policies: Bool = false,
    enqueue: (inout R, InteractionRequest, Instant) -> Void,
    login: (inout R, Instant) -> [RoutingEffect]
) -> R? {
    let configuration = policies ? Fixtures.policyConfiguration(agents: [Fixtures.picker]) : Fixtures.configuration(agents: [Fixtures.picker])
    guard var router = make(configuration) else { return nil }
    var rng = SplitMix64(seed: 5)
    for n in 0..<Fixtures.waiting {
        let queue = rng.next(below: Fixtures.queues)
        let marks = policies ? Fixtures.policyMarks(n) : (tier: nil, demanding: false)
        let request = InteractionRequest(id: Fixtures.interactionID(n), queue: Fixtures.queue(queue), priority: rng.next(below: 101),
                                         tier: marks.tier, demanding: marks.demanding)
        bench.backlogRequests[request.id] = request
        enqueue(&router, request, Instant(nanoseconds: Int64(n) * 1_000_000))
    }
    bench.now = Int64(Fixtures.waiting) * 1_000_000 + 60_000_000_000
    for effect in login(&router, Instant(nanoseconds: bench.now)) {
        if case .offer(let interaction, _, _) = effect { bench.offered = interaction.id }
    }
    return router
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )
    let coreRouter: (RoutingConfiguration) -> Router? = { try? Router(configuration: $0) }
    let referenceRouter: (RoutingConfiguration) -> ReferenceRouter? = { ReferenceRouter(configuration: $0) }

    // Each sample measures 1,000 decisions; restoring the state afterwards is not measured.
    let arrival = Bench<Router>()
    Benchmark("a-arrival-agent-pick-10k-agents-100-skills", closure: { benchmark in
        guard var router = arrival.router.take() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { arrival.arrival(&router) }
        benchmark.stopMeasurement()
        arrival.undoArrivals(&router)
        arrival.router = router
    }, setup: {
        arrival.router = makeAgentPool(coreRouter) { r, id, at in _ = try? r.handle(.login(id), at: at) }
    })

    let backlog = Bench<Router>()
    Benchmark("b-agent-frees-interaction-pick-50k-waiting-200-queues", closure: { benchmark in
        guard var router = backlog.router.take() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { backlog.agentFrees(&router) }
        benchmark.stopMeasurement()
        backlog.refillBacklog(&router)
        backlog.router = router
    }, setup: {
        backlog.router = makeBacklog(backlog, make: coreRouter, enqueue: { r, request, at in _ = try? r.handle(.enqueue(request), at: at) },
                                     login: { r, at in (try? r.handle(.login("picker"), at: at)) ?? [] })
    })

    let cycle = Bench<Router>()
    Benchmark("c-offer-accept-complete-cycle-10k-agents", closure: { benchmark in
        guard var router = cycle.router.take() else { return }
        for _ in benchmark.scaledIterations { cycle.cycle(&router) }
        cycle.router = router
    }, setup: {
        cycle.router = makeAgentPool(coreRouter) { r, id, at in _ = try? r.handle(.login(id), at: at) }
    })

    // (e) The same decisions as (a)–(c) with tiers and the wellbeing guard on: three tiers with
    // dedicated agents (one with a reserve), 30 % of arrivals tiered and 20 % demanding, 5 % of the
    // agents new and 10 % cooling down, a third of the queues requiring learning agents.
    let arrivalPolicies = Bench<Router>(arrivals: Fixtures.policyArrivals)
    Benchmark("e-a-arrival-agent-pick-10k-agents-policies-on", closure: { benchmark in
        guard var router = arrivalPolicies.router.take() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { arrivalPolicies.arrival(&router) }
        benchmark.stopMeasurement()
        arrivalPolicies.undoArrivals(&router)
        arrivalPolicies.router = router
    }, setup: {
        arrivalPolicies.router = makePolicyPool()
    })

    let backlogPolicies = Bench<Router>()
    Benchmark("e-b-agent-frees-interaction-pick-50k-waiting-policies-on", closure: { benchmark in
        guard var router = backlogPolicies.router.take() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { backlogPolicies.agentFrees(&router) }
        benchmark.stopMeasurement()
        backlogPolicies.refillBacklog(&router)
        backlogPolicies.router = router
    }, setup: {
        backlogPolicies.router = makeBacklog(backlogPolicies, make: coreRouter, policies: true,
                                             enqueue: { r, request, at in _ = try? r.handle(.enqueue(request), at: at) },
                                             login: { r, at in (try? r.handle(.login("picker"), at: at)) ?? [] })
    })

    let cyclePolicies = Bench<Router>(arrivals: Fixtures.policyArrivals)
    Benchmark("e-c-offer-accept-complete-cycle-10k-agents-policies-on", closure: { benchmark in
        guard var router = cyclePolicies.router.take() else { return }
        for _ in benchmark.scaledIterations { cyclePolicies.cycle(&router) }
        cyclePolicies.router = router
    }, setup: {
        cyclePolicies.router = makePolicyPool()
    })

    // (d) The same decisions on the scanning reference router at the same sizes, one per sample.
    let referenceConfiguration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock],
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 100
    )
    let arrivalReference = Bench<ReferenceRouter>()
    Benchmark("d-a-reference-arrival-agent-pick-10k-agents", configuration: referenceConfiguration, closure: { benchmark in
        guard var router = arrivalReference.router.take() else { return }
        let bench = arrivalReference
        bench.next &+= 1
        bench.now &+= 1_000
        let at = Instant(nanoseconds: bench.now)
        let id = Fixtures.interactionID(bench.next)
        benchmark.startMeasurement()
        blackHole(try? router.handle(.enqueue(InteractionRequest(id: id, queue: Fixtures.queue(bench.next % Fixtures.queues))), at: at))
        benchmark.stopMeasurement()
        _ = try? router.handle(.cancel(id), at: at)
        arrivalReference.router = router
    }, setup: {
        arrivalReference.router = makeAgentPool(referenceRouter) { r, id, at in _ = try? r.handle(.login(id), at: at) }
    })

    let backlogReference = Bench<ReferenceRouter>()
    Benchmark("d-b-reference-agent-frees-interaction-pick-50k-waiting", configuration: referenceConfiguration, closure: { benchmark in
        guard var router = backlogReference.router.take() else { return }
        let bench = backlogReference
        bench.now &+= 1_000
        let at = Instant(nanoseconds: bench.now)
        let current = bench.offered
        benchmark.startMeasurement()
        let effects = (try? router.handle(.cancel(current), at: at)) ?? []
        benchmark.stopMeasurement()
        for effect in effects {
            if case .offer(let interaction, _, _) = effect { bench.offered = interaction.id }
        }
        if let request = bench.backlogRequests[current] { _ = try? router.handle(.enqueue(request), at: at) }
        backlogReference.router = router
    }, setup: {
        backlogReference.router = makeBacklog(backlogReference, make: referenceRouter,
                                              enqueue: { r, request, at in _ = try? r.handle(.enqueue(request), at: at) },
                                              login: { r, at in (try? r.handle(.login("picker"), at: at)) ?? [] })
    })
}
