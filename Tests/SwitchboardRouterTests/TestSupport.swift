import SwitchboardRouter

/// `"interaction→agent"` for every offer among the effects, in order.
func offers(_ effects: [RoutingEffect]) -> [String] {
    effects.compactMap {
        if case .offer(let offered, let a, _) = $0 { return "\(offered.id)→\(a)" }
        return nil
    }
}

/// `"interaction→agent"` for every revocation among the effects, with its reason.
func revocations(_ effects: [RoutingEffect]) -> [String] {
    effects.compactMap {
        if case .revoke(let i, let a, let reason) = $0 { return "\(i)→\(a):\(reason.rawValue)" }
        return nil
    }
}

/// The offer effect of `request` to `agent`: the interaction as the request describes it, offered
/// from `queue` (its own by default), waiting since `enqueuedAt`.
func offer(
    _ request: InteractionRequest, from queue: QueueID? = nil, enqueuedAt: Instant, to agent: AgentID, expiresAt: Instant
) -> RoutingEffect {
    let offered = OfferedInteraction(id: request.id, channel: request.channel, queue: queue ?? request.queue, priority: request.priority,
                                     customerId: request.customerId, tier: request.tier, enqueuedAt: enqueuedAt,
                                     demanding: request.demanding)
    return .offer(offered, agent: agent, expiresAt: expiresAt)
}

func events(_ effects: [RoutingEffect], of id: InteractionID) -> [InteractionEvent] {
    effects.compactMap {
        if case .interaction(let i, let e) = $0, i == id { return e }
        return nil
    }
}

func t(_ seconds: Int64) -> Instant { .seconds(seconds) }

func agent(
    _ id: AgentID, _ skills: [String: Int] = [:], voice: Int = 1, chat: Int = 0, total: Int? = nil, stage: AgentStage = .experienced
) -> AgentProfile {
    var capacity: [Channel: Int] = [:]
    if voice > 0 { capacity[.voice] = voice }
    if chat > 0 { capacity[.chat] = chat }
    return AgentProfile(id: id, skills: skills, capacity: capacity, totalCapacity: total, stage: stage)
}

func request(
    _ id: InteractionID, _ queue: QueueID = "q", channel: Channel = .voice, priority: Int = 0,
    requirements: [String: Int]? = nil, preferred: AgentID? = nil, fallback: Duration? = nil,
    presence: PreferredAgentPresence = .loggedIn, demanding: Bool = false
) -> InteractionRequest {
    InteractionRequest(id: id, queue: queue, channel: channel, priority: priority, requirements: requirements,
                       preferredAgent: preferred, preferredAgentFallback: fallback, preferredAgentPresence: presence,
                       demanding: demanding)
}

func router(_ queues: [QueueConfiguration], _ agents: [AgentProfile], seed: UInt64 = 7) throws -> Router {
    try checkedRouter(RoutingConfiguration(queues: queues, agents: agents, randomSeed: seed))
}

/// A router that checks all its invariants after every command (in debug builds), so every test
/// also tests the indexes behind the decisions it looks at.
func checkedRouter(_ configuration: RoutingConfiguration) throws -> Router {
    var router = try Router(configuration: configuration)
    router.checksInvariants = true
    return router
}
