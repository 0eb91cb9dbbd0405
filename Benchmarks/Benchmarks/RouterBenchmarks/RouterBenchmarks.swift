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
    /// Queue of each interaction id in the backlog scenario.
    var queueOf: [Int: Int] = [:]
    var offered = 0
}

/// Scenario (a): an arrival is offered to the best of 10,000 available agents, then cancelled so
/// the agent is available again. One iteration = one arrival decision (plus the cancel).
func arrivalStep(_ router: inout Router, _ bench: Bench<Router>) {
    let n = bench.next
    bench.next &+= 1
    bench.now &+= 1_000
    let id = Fixtures.interactionID(n & 1023)
    let request = InteractionRequest(id: id, queue: Fixtures.queue(n % Fixtures.queues))
    bench.effects.removeAll(keepingCapacity: true)
    try? router.enqueue(request, at: Instant(nanoseconds: bench.now), into: &bench.effects)
    blackHole(bench.effects.count)
    bench.effects.removeAll(keepingCapacity: true)
    try? router.cancel(id, at: Instant(nanoseconds: bench.now), into: &bench.effects)
}

/// Scenario (b): the picker's offer is cancelled, so it frees and takes the best of the 50,000
/// waiting interactions it can serve across its 20 queues; a replacement arrives in the cancelled
/// one's queue (parked: nobody is free). One iteration = one agent-frees decision (plus the arrival).
func backlogStep(_ router: inout Router, _ bench: Bench<Router>) {
    bench.now &+= 1_000
    let current = bench.offered
    bench.effects.removeAll(keepingCapacity: true)
    try? router.cancel(Fixtures.interactionID(current), at: Instant(nanoseconds: bench.now), into: &bench.effects)
    for effect in bench.effects {
        if case .offer(let id, _, _) = effect, let n = Int(id.rawValue.dropFirst()) { bench.offered = n }
    }
    blackHole(bench.offered)
    let queue = bench.queueOf.removeValue(forKey: current) ?? 0
    bench.queueOf[current] = queue
    let request = InteractionRequest(id: Fixtures.interactionID(current), queue: Fixtures.queue(queue), priority: current % 101)
    bench.effects.removeAll(keepingCapacity: true)
    try? router.enqueue(request, at: Instant(nanoseconds: bench.now), into: &bench.effects)
}

/// Scenario (c): enqueue → offer → accept → complete, with 10,000 agents.
func cycleStep(_ router: inout Router, _ bench: Bench<Router>) {
    let n = bench.next
    bench.next &+= 1
    bench.now &+= 1_000
    let at = Instant(nanoseconds: bench.now)
    let id = Fixtures.interactionID(n & 1023)
    bench.effects.removeAll(keepingCapacity: true)
    try? router.enqueue(InteractionRequest(id: id, queue: Fixtures.queue(n % Fixtures.queues)), at: at, into: &bench.effects)
    guard case .offer(_, let agent, _)? = bench.effects.last else { return }
    bench.effects.removeAll(keepingCapacity: true)
    try? router.accept(id, by: agent, at: at, into: &bench.effects)
    bench.effects.removeAll(keepingCapacity: true)
    try? router.complete(id, by: agent, at: at, into: &bench.effects)
    blackHole(bench.effects.count)
}

func makeArrivalRouter() -> Router? {
    let agents = Fixtures.agentProfiles(count: Fixtures.agents, seed: 11)
    guard var router = try? Router(configuration: Fixtures.configuration(agents: agents)) else { return nil }
    for (k, agent) in agents.enumerated() {
        _ = try? router.login(agent.id, at: Instant(nanoseconds: Int64(k)))
    }
    return router
}

func makeArrivalReference() -> ReferenceRouter {
    let agents = Fixtures.agentProfiles(count: Fixtures.agents, seed: 11)
    var router = ReferenceRouter(configuration: Fixtures.configuration(agents: agents))
    for (k, agent) in agents.enumerated() {
        _ = try? router.login(agent.id, at: Instant(nanoseconds: Int64(k)))
    }
    return router
}

/// 50,000 waiting over the 200 queues, then the picker logs in and takes its first offer.
func makeBacklog<R>(
    _ router: inout R, _ bench: Bench<R>,
    enqueue: (inout R, InteractionRequest, Instant) -> Void,
    login: (inout R, Instant) -> [RoutingEffect]
) {
    var rng = SplitMix64(seed: 5)
    for n in 0..<Fixtures.waiting {
        let queue = rng.next(below: Fixtures.queues)
        bench.queueOf[n] = queue
        let request = InteractionRequest(id: Fixtures.interactionID(n), queue: Fixtures.queue(queue), priority: rng.next(below: 101))
        enqueue(&router, request, Instant(nanoseconds: Int64(n) * 1_000_000))
    }
    bench.now = Int64(Fixtures.waiting) * 1_000_000 + 60_000_000_000
    for effect in login(&router, Instant(nanoseconds: bench.now)) {
        if case .offer(let id, _, _) = effect, let n = Int(id.rawValue.dropFirst()) { bench.offered = n }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    let arrival = Bench<Router>()
    Benchmark("a-arrival-agent-pick-10k-agents-100-skills", closure: { benchmark in
        guard var router = arrival.router.take() else { return }
        for _ in benchmark.scaledIterations { arrivalStep(&router, arrival) }
        arrival.router = router
    }, setup: {
        arrival.router = makeArrivalRouter()
    })

    let backlog = Bench<Router>()
    Benchmark("b-agent-frees-interaction-pick-50k-waiting-200-queues", closure: { benchmark in
        guard var router = backlog.router.take() else { return }
        for _ in benchmark.scaledIterations { backlogStep(&router, backlog) }
        backlog.router = router
    }, setup: {
        guard var router = try? Router(configuration: Fixtures.configuration(agents: [Fixtures.picker])) else { return }
        makeBacklog(&router, backlog, enqueue: { r, request, at in _ = try? r.enqueue(request, at: at) },
                    login: { r, at in (try? r.login("picker", at: at)) ?? [] })
        backlog.router = router
    })

    let cycle = Bench<Router>()
    Benchmark("c-offer-accept-complete-cycle-10k-agents", closure: { benchmark in
        guard var router = cycle.router.take() else { return }
        for _ in benchmark.scaledIterations { cycleStep(&router, cycle) }
        cycle.router = router
    }, setup: {
        cycle.router = makeArrivalRouter()
    })

    // (d) The same decisions on the scanning reference router, same sizes; fewer iterations.
    let referenceConfiguration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock],
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 200
    )
    let arrivalReference = Bench<ReferenceRouter>()
    Benchmark("d-a-reference-arrival-agent-pick-10k-agents", configuration: referenceConfiguration, closure: { _ in
        guard var router = arrivalReference.router.take() else { return }
        let n = arrivalReference.next
        arrivalReference.next &+= 1
        arrivalReference.now &+= 1_000
        let at = Instant(nanoseconds: arrivalReference.now)
        let id = Fixtures.interactionID(n & 1023)
        blackHole(try? router.enqueue(InteractionRequest(id: id, queue: Fixtures.queue(n % Fixtures.queues)), at: at))
        _ = try? router.cancel(id, at: at)
        arrivalReference.router = router
    }, setup: {
        arrivalReference.router = makeArrivalReference()
    })

    let backlogReference = Bench<ReferenceRouter>()
    Benchmark("d-b-reference-agent-frees-interaction-pick-50k-waiting", configuration: referenceConfiguration, closure: { _ in
        guard var router = backlogReference.router.take() else { return }
        let bench = backlogReference
        bench.now &+= 1_000
        let current = bench.offered
        let at = Instant(nanoseconds: bench.now)
        for effect in (try? router.cancel(Fixtures.interactionID(current), at: at)) ?? [] {
            if case .offer(let id, _, _) = effect, let n = Int(id.rawValue.dropFirst()) { bench.offered = n }
        }
        let queue = bench.queueOf[current] ?? 0
        _ = try? router.enqueue(InteractionRequest(id: Fixtures.interactionID(current), queue: Fixtures.queue(queue), priority: current % 101), at: at)
        backlogReference.router = router
    }, setup: {
        var router = ReferenceRouter(configuration: Fixtures.configuration(agents: [Fixtures.picker]))
        makeBacklog(&router, backlogReference, enqueue: { r, request, at in _ = try? r.enqueue(request, at: at) },
                    login: { r, at in (try? r.login("picker", at: at)) ?? [] })
        backlogReference.router = router
    })
}
