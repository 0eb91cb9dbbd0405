public import SwitchboardRouter

/// A plain router that keeps everything in arrays and scans all of it for every decision and every
/// timer. It follows the same rules as ``Router`` (see its documentation) but shares none of its
/// index code, only the value types; it exists to be obviously right, as the oracle of the
/// differential test and the baseline of the benchmarks.
///
/// Driven like ``Router``, through ``handle(_:at:)``. Not supported here: reconfiguration, restoring
/// after a restart and returning work to its queue (those commands trap), validation of agent
/// profiles, statistics and wait estimates.
public struct ReferenceRouter: Sendable {
    struct Agent: Sendable {
        var profile: AgentProfile
        var state: AgentState = .offline
        var inRoster = true
        var retiring = false
        var load: [Int] = Array(repeating: 0, count: Channel.count)
        var offers: [Int] = []      // item serials, in offer order
        var active: [Int] = []      // item serials
        var wrapUps: [WrapUp] = []
        var handled = 0
        var stamp = 0
        var shieldRequested = false
        /// Available and holding no work as of its last change; set `becameFree` when it turns so.
        var free = false
        var becameFree = false
    }

    struct WrapUp: Sendable {
        var interaction: InteractionID
        var serial: Int
        var channel: Channel
        var until: Int64
        var demanding = false
    }

    enum Phase: Sendable { case waiting, offered, active }

    struct Item: Sendable {
        var id: InteractionID
        var serial: Int
        var queue: QueueID
        var channel: Channel
        var priority: Int
        var override: [String: Int]?
        var relaxStep = 0
        var requirements: [String: Int] = [:]
        var enqueuedAt: Int64
        var queueEnteredAt: Int64
        var phase: Phase = .waiting
        var placed = false
        var offers: [(agent: Int, expiresAt: Int64)] = []
        var activeAgent = -1
        var assignedAt: Int64 = 0
        var skips: [(agent: Int, until: Int64)] = []
        var preferredAgent: AgentID?
        var preferredActive = false
        var preferredPresence: PreferredAgentPresence = .loggedIn
        var fallbackAt: Int64 = 0
        var customerId: String?
        var tier: String?
        /// Its tier's place in the configuration (nil: untiered or not configured).
        var tierRank: Int?
        /// Only the tier's dedicated agents may take it (its tier's fallback has not passed).
        var dedicatedOnly = false
        var demanding = false
    }

    enum Task: Sendable { case item(Int), agent(Int) }

    let configuration: RoutingConfiguration
    var agents: [Agent]
    var items: [Item] = []
    var rng: SplitMix64
    var stampCounter = 0
    var serialCounter = 0
    var roundRobin: [QueueID: Int] = [:]
    var pending: [Task] = []
    var effects: [RoutingEffect] = []
    var clock: Int64 = .min

    public init(configuration: RoutingConfiguration) {
        self.configuration = configuration
        agents = configuration.agents.map { Agent(profile: $0) }
        rng = SplitMix64(seed: configuration.randomSeed)
    }

    /// Carries out `command` at `now` and returns its effects, in order, like
    /// ``Router/handle(_:at:)``; a refused command throws the same error as the router's.
    public mutating func handle(_ command: RoutingCommand, at now: Instant) throws(RoutingError) -> [RoutingEffect] {
        switch command {
        case .enqueue(let request): return try enqueue(request, at: now)
        case .cancel(let id): return try cancel(id, at: now)
        case .accept(let id, let agent): return try accept(id, by: agent, at: now)
        case .reject(let id, let agent): return try reject(id, by: agent, at: now)
        case .complete(let id, let agent): return try complete(id, by: agent, at: now)
        case .transfer(let id, let queue): return try transfer(id, to: queue, at: now)
        case .login(let agent, let state): return try login(agent, state: state, at: now)
        case .logout(let agent): return try logout(agent, at: now)
        case .setState(let agent, let state): return try setState(agent, state, at: now)
        case .setAgent(let agent, let profile, let state): return try setAgent(agent, profile: profile, state: state, at: now)
        case .setShielded(let agent, let shielded): return try setShielded(agent, shielded, at: now)
        case .advance: return advance(to: now)
        case .returnToQueue, .reconfigure, .restoreWaiting, .restoreActive:
            preconditionFailure("ReferenceRouter does not support \(command)")
        }
    }

    // MARK: Lookups

    func queue(_ id: QueueID) -> QueueConfiguration? { configuration.queues.first { $0.id == id } }
    func q(_ id: QueueID) -> QueueConfiguration { queue(id)! }
    func itemIndex(_ id: InteractionID) -> Int? { items.firstIndex { $0.id == id } }
    func itemIndex(serial: Int) -> Int? { items.firstIndex { $0.serial == serial } }
    func agentIndex(_ id: AgentID) -> Int? { agents.firstIndex { $0.profile.id == id } }
    func ns(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
    func waiting(in queue: QueueID) -> Int { items.filter { $0.queue == queue && $0.phase == .waiting }.count }

    func requirements(of item: Item) -> [String: Int] {
        let queue = q(item.queue)
        let base = item.override ?? queue.requirements
        let steps = queue.relaxation.prefix(item.relaxStep)
        var result: [String: Int] = [:]
        for (skill, level) in base where level > 0 {
            if steps.contains(where: { $0.dropSkills.contains(skill) }) { continue }
            let lower = steps.filter { $0.lowerSkill == nil || $0.lowerSkill == skill }.map(\.lowerLevelsBy).reduce(0, +)
            result[skill] = max(1, level - lower)
        }
        return result
    }

    func isExclusive(_ c: Channel) -> Bool { configuration.exclusiveChannels.contains(c) }

    /// Whether the agent could take one more interaction on `channel` now.
    func ready(_ a: Int, on channel: Channel) -> Bool {
        let agent = agents[a]
        let total = agent.load.reduce(0, +)
        let exclusive = Channel.allCases.filter(isExclusive).map { agent.load[$0.index] }.reduce(0, +)
        return agent.state == .available && agent.inRoster && !agent.retiring && exclusive == 0
            && total < (agent.profile.totalCapacity ?? Int.max)
            && agent.load[channel.index] < max(0, agent.profile.capacity[channel] ?? 0)
            && !(isExclusive(channel) && total > 0)
    }

    func readyAnywhere(_ a: Int) -> Bool { Channel.allCases.contains { ready(a, on: $0) } }

    func meets(_ a: Int, _ requirements: [String: Int]) -> Bool {
        requirements.allSatisfy { (agents[a].profile.skills[$0.key] ?? 0) >= $0.value }
    }

    /// Whether the agent's stage is at least the item's queue's minimum stage.
    func admitted(_ a: Int, to item: Item) -> Bool {
        q(item.queue).minimumStage.map { agents[a].profile.stage >= $0 } ?? true
    }

    /// Eligible as an agent: ready, admitted, requirements met, not skipped, and not held back by a
    /// reserve (agents in `chosen` by the same pick no longer count as free).
    func eligible(_ a: Int, for item: Item, excluding chosen: [Int] = []) -> Bool {
        ready(a, on: item.channel) && admitted(a, to: item) && meets(a, item.requirements) && !item.skips.contains { $0.agent == a }
            && withinNewAgentCap(a, for: item)
            && reserveAllows(a, tier: item.tierRank, excluding: chosen)
    }

    // MARK: Tiers

    func tierRank(_ name: String?) -> Int? { configuration.tiers.firstIndex { $0.name == name } }

    func dedicated(_ a: Int, to t: Int) -> Bool {
        agents[a].inRoster && !agents[a].retiring && configuration.tiers[t].dedicatedAgents.contains(agents[a].profile.id)
    }

    func tiers(of a: Int) -> [Int] { configuration.tiers.indices.filter { dedicated(a, to: $0) } }

    func isFree(_ a: Int) -> Bool { agents[a].state == .available && !holdsWork(a) }

    func boost(_ item: Item) -> Int { item.tierRank.map { configuration.tiers[$0].priorityBoost } ?? 0 }

    func tierFallbackAt(_ item: Item) -> Int64 { item.enqueuedAt + ns(configuration.tiers[item.tierRank!].fallback) }

    /// A free agent dedicated to a tier with a reserve takes work of another tier only while more
    /// than the reserve of that tier's dedicated agents are free (itself included).
    func reserveAllows(_ a: Int, tier: Int?, excluding chosen: [Int] = []) -> Bool {
        guard isFree(a) else { return true }
        for t in tiers(of: a) where t != tier && configuration.tiers[t].reserve > 0 {
            let free = agents.indices.filter { dedicated($0, to: t) && isFree($0) && !chosen.contains($0) }.count
            if free <= configuration.tiers[t].reserve { return false }
        }
        return true
    }

    /// Whether one of the item's tier's dedicated agents is worth waiting for: logged in, capacity on
    /// its channel, admitted and meeting its requirements.
    func dedicatedAgentQualifies(for item: Item) -> Bool {
        guard let t = item.tierRank else { return false }
        return agents.indices.contains { b in
            dedicated(b, to: t) && agents[b].state != .offline && max(0, agents[b].profile.capacity[item.channel] ?? 0) > 0
                && admitted(b, to: item) && meets(b, item.requirements)
        }
    }

    /// Kept from demanding work while someone else can take it: shielded on request, or new.
    func shielded(_ a: Int) -> Bool { agents[a].shieldRequested || agents[a].profile.stage == .new }

    /// Whether an unshielded agent is eligible for the item now (during its preferred-agent window
    /// only its preferred agent is).
    func unshieldedAgentReady(for item: Item) -> Bool {
        agents.indices.contains { a in
            !shielded(a) && eligible(a, for: item)
                && (item.preferredActive ? item.preferredAgent == agents[a].profile.id : (!item.dedicatedOnly || dedicated(a, to: item.tierRank!)))
        }
    }

    /// Whether the item's preferred agent is worth waiting for: present as its mode asks (logged in,
    /// or available even if busy) and able to take it (requirements met, capacity on its channel).
    func preferredAgentQualifies(_ a: Int, for item: Item) -> Bool {
        let agent = agents[a]
        let present = item.preferredPresence == .available ? agent.state == .available : agent.state != .offline
        return present && max(0, agent.profile.capacity[item.channel] ?? 0) > 0 && admitted(a, to: item) && meets(a, item.requirements)
    }

    func holdsWork(_ a: Int) -> Bool { !agents[a].offers.isEmpty || !agents[a].active.isEmpty || !agents[a].wrapUps.isEmpty }

    mutating func touch(_ a: Int) {
        stampCounter += 1
        agents[a].stamp = stampCounter
        let free = isFree(a)
        if free != agents[a].free { agents[a].becameFree = free }
        agents[a].free = free
    }

    func effectivePriority(_ item: Item, at now: Int64) -> Int64 {
        let rate = Int64((q(item.queue).agingPointsPerSecond * 1000).rounded())
        func ms(_ x: Int64) -> Int64 { x >= 0 ? x / 1_000_000 : (x - 999_999) / 1_000_000 }
        return Int64(item.priority + boost(item)) * 1_000_000 + rate * (ms(now) - ms(item.enqueuedAt))
    }

    /// True when `x` should be served before `y` at `now`.
    func servedBefore(_ x: Item, _ y: Item, at now: Int64) -> Bool {
        let ex = effectivePriority(x, at: now)
        let ey = effectivePriority(y, at: now)
        if ex != ey { return ex > ey }
        if x.enqueuedAt != y.enqueuedAt { return x.enqueuedAt < y.enqueuedAt }
        return x.serial < y.serial
    }
}
