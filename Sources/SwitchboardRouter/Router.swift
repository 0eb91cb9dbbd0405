import DequeModule
import HeapModule

/// The routing core: queues, agents and offers, as one value driven by the caller.
///
/// Pure, synchronous and deterministic: no clock, no I/O, no globals. One entry point changes it,
/// ``handle(_:at:into:)``: every ``RoutingCommand`` carries the caller's monotonic ``Instant`` and
/// yields the ``RoutingEffect``s to carry out, in order; everything else is a query. Send
/// ``RoutingCommand/advance`` whenever ``nextDeadline`` has passed (and before a command at a later
/// instant) to fire offer timeouts, wrap-up ends, relaxation steps, max waits, preferred-agent
/// fallbacks, tier fallbacks and rejection-skip expiries.
///
/// ## Rules
/// - An arriving interaction goes to the best eligible agent by its queue's ``RoutingStrategy``
///   (up to `parallelOffers` agents at once); with none eligible, it waits.
/// - An agent that can take work gets the waiting interaction with the highest aged priority
///   `priority + aging·waited` among all it can serve, ties by longest wait (then arrival order).
/// - Eligible = logged in, available, free capacity on the channel (exclusive channels need an
///   otherwise idle agent and block everything else), meets every requirement, not skipped after a
///   rejection or missed offer, and — during a preferred-agent window — the preferred agent only.
/// - An interaction waits for its preferred agent only while that agent could take it (meets its
///   requirements, has capacity on its channel) and is present as its ``PreferredAgentPresence``
///   asks (logged in, or available even if busy); from the moment the agent stops qualifying (logs
///   out, goes not ready under `.available` by choice or after a missed offer, loses a skill or its
///   capacity), the work waiting for it goes to everyone, oldest first.
/// - Eligible also means at or above the queue's `minimumStage` (``AgentStage``), a hard
///   requirement like a skill: it is never relaxed, and a preferred agent below it is not waited for.
/// - For a demanding chat, eligible also means not a `new` agent holding the queue's
///   `newAgentDemandingChats` or more demanding chats (offered, active or in wrap-up, in any queue):
///   the work waits for someone else. A preferred agent held back by it is still waited for, as for
///   capacity in use.
/// - Demanding work (``InteractionRequest/demanding``) goes to unshielded eligible agents alone
///   while any exists, and to the (all shielded) eligible agents otherwise: it never waits for an
///   unshielded one. Shielded = ``RoutingCommand/setShielded(_:_:)`` or stage `new`.
/// - A shielded agent that frees takes work that is not demanding first; demanding work only when
///   none is left and no unshielded agent is ready for that interaction now. One that leaves such
///   work to an unshielded agent freed in the same call looks again after the tasks already pending,
///   so the work is not left waiting next to it should that agent take something else.
/// - Customer tiers (``TierConfiguration``, ranked by their order in the configuration): a tiered
///   interaction orders by `priority + priorityBoost` (offers show its own priority). It goes to the
///   tier's eligible dedicated agents first (ring-all rings them alone when any is eligible) and,
///   until `enqueuedAt + fallback`, to them only — while a dedicated agent who could take it is
///   logged in (capacity on its channel, requirements, minimum stage); then to anyone, dedicated
///   agents still first. For demanding work shielding decides first: unshielded dedicated agents,
///   unshielded agents, shielded dedicated agents, everyone. A preferred-agent window comes before
///   the tier's rules.
/// - A freed dedicated agent takes its highest tier's waiting work first (either phase), then its
///   next tier's, then other work out of its dedicated phase by the usual order.
/// - A free dedicated agent (available, holding no work) of a tier with `reserve` R takes work of
///   another tier only while more than R of the tier's dedicated agents are free, itself included.
/// - After every call no eligible agent is left idle next to an interaction it could serve.
///
/// ## Index structures and costs (n waiting, k skills of an agent, b buckets it can serve)
/// - Ready agents: ``ReadyAgentLists``, per (channel, skill) intrusive linked lists in longest-idle
///   order; agents no longer ready are detached lazily. Re-indexing an agent when it frees:
///   O(channels × k). Arrival pick, longest-idle: O(1 + agents skipped) on the shortest list of the
///   required skills; the other strategies walk that list once per pick (O(ready agents holding
///   the rarest required skill)).
/// - Waiting interactions: a ``WaitingBucket`` heap per (queue, channel, effective requirements,
///   demanding or not, tier and tier phase), keyed by the static aged-priority key (boost included),
///   with its best entry cached; buckets
///   are registered under their first required skill. Agent-frees pick: O(k + b) reads of cached entries, compared at
///   `now` with each queue's aging rate; taking the entry costs O(log n).
/// - Tiers: per tier its dedicated agents (ascending index), per agent its tiers. A pick for tiered
///   work walks the tier's dedicated agents first: O(limit × dedicated). A dedicated agent that frees
///   scans its bucket lists once per tier and once for the rest; work in a dedicated phase sits in
///   buckets only dedicated agents read. A reserve check counts the free dedicated agents of the
///   agent's tiers, for dedicated agents only. Agents dedicated to nothing pay one flag test.
/// - Timers: one ``Deadline`` min-heap with lazy cancellation, compacted when it doubles:
///   O(log t) amortized per timer.
/// - Statistics: counters per queue updated in O(1) per event (staffing counts in O(queues of the
///   agent) when an agent's availability flips); the oldest waiting interaction per queue is the top
///   of a lazily cleaned heap. Reading a queue's statistics is O(1).
/// - Position and estimated wait are queries: O(waiting in that queue).
public struct Router: Sendable {
    var skills = SkillTable()
    var exclusiveMask: UInt8 = 0
    var rng: SplitMix64
    var defaultPreferredFallback: Int64
    var configurationValue: RoutingConfiguration

    var queues: [CompiledQueue] = []
    var queueState: [QueueState] = []
    var queueIndex: [QueueID: Int32] = [:]
    /// Staffing counts per queue (available, busy), kept apart from the statistics so the hot path
    /// touches only a flat array.
    var staffing: [SIMD2<Int32>] = []

    var agents: [AgentRecord] = []
    var agentIndex: [AgentID: Int32] = [:]

    var interactions: [InteractionRecord] = []
    var freeSlots: [Int32] = []
    var interactionIndex: [InteractionID: Int32] = [:]
    var nextSerial: UInt64 = 0
    var nextStamp: UInt64 = 0

    var ready = ReadyAgentLists()
    /// The same for tiers: per (channel, tier rank) the ready agents dedicated to the tier, longest idle
    /// first, so a dedicated pick walks the tier's ready agents, not all of its members.
    var tierReady = ReadyAgentLists()
    var buckets: [WaitingBucket] = []
    var bucketIndex: [BucketKey: Int32] = [:]
    var bucketsByList: [[Int32]] = []
    var preferredWaiting: [AgentID: [Int32]] = [:]
    /// Customer tiers, highest first, and their ranks by name.
    var tiers: [CompiledTier] = []
    var tierIndex: [String: Int32] = [:]

    var deadlines: Heap<Deadline> = []
    var deadlineCompactionThreshold = 1024
    var pending: Deque<PendingTask> = []
    var sink: [RoutingEffect] = []
    var chosen: [Int32] = []
    var scratch: [Int32] = []
    /// Demanding buckets a shielded agent may serve, read after the scan (kept to avoid allocating).
    var deferredBuckets: [Int32] = []
    /// The latest instant seen; timers that surface late fire at this instant, never in the past.
    var clock: Int64 = .min

    /// Whether every ``handle(_:at:into:)`` ends by recounting all indexes from the interaction and
    /// agent records and trapping, with a list of what disagrees, when they differ. Costs
    /// O(everything) per command; for tests and debugging. Debug builds only: release builds ignore
    /// it. Defaults to on when the process started with `SWITCHBOARD_CHECK_INVARIANTS=1`.
    public var checksInvariants = Router.checksInvariantsByDefault

    /// A router with the given configuration, every agent offline and no interaction.
    public init(configuration: RoutingConfiguration) throws(RoutingError) {
        rng = SplitMix64(seed: configuration.randomSeed)
        defaultPreferredFallback = configuration.defaultPreferredAgentFallback.clampedNanoseconds
        configurationValue = configuration
        let compiled = try Self.compile(configuration, skills: &skills)
        tiers = try Self.compileTiers(configuration)
        tierIndex = Self.tierIndex(tiers)
        queues = compiled.queues
        queueIndex = compiled.index
        queueState = queues.map { QueueState(steps: $0.steps.count) }
        staffing = Array(repeating: .zero, count: queues.count)
        exclusiveMask = configuration.exclusiveChannels.reduce(0) { $0 | $1.bit }
        for profile in configuration.agents {
            addAgent(profile)
        }
        growIndexes()
        rebuildTierMembership()
    }

    /// The configuration in force.
    public var configuration: RoutingConfiguration { configurationValue }

    /// The earliest instant at which ``RoutingCommand/advance`` has something to do, if any.
    public var nextDeadline: Instant? {
        deadlines.min.map { Instant(nanoseconds: $0.at) }
    }

    // MARK: Internal helpers shared by the operations

    mutating func growIndexes() {
        ready.ensureCapacity(skills: skills.count)
        let lists = (skills.count + 1) * Channel.count
        if bucketsByList.count < lists {
            bucketsByList.append(contentsOf: repeatElement([], count: lists - bucketsByList.count))
        }
    }

    mutating func addAgent(_ profile: AgentProfile) {
        let index = Int32(agents.count)
        agents.append(AgentRecord(id: profile.id, profile: profile))
        agentIndex[profile.id] = index
        applyProfile(profile, to: index)
    }

    /// Sets skills and capacity from a (validated) profile; the caller re-indexes the agent.
    mutating func applyProfile(_ profile: AgentProfile, to a: Int32) {
        let i = Int(a)
        var levels: [UInt8] = []
        var held: [Int32] = []
        for (name, level) in profile.skills where level > 0 {
            let id = skills.intern(name)
            if levels.count <= Int(id) { levels.append(contentsOf: repeatElement(0, count: Int(id) + 1 - levels.count)) }
            levels[Int(id)] = UInt8(clamping: level)
            held.append(id)
        }
        held.sort()
        agents[i].profile = profile
        agents[i].stage = profile.stage.rank
        agents[i].shielded = agents[i].shieldRequested || profile.stage == .new
        agents[i].levels = levels
        agents[i].skills = held
        var capacity = Array(repeating: Int32(0), count: Channel.count)
        var sum = 0
        for (channel, n) in profile.capacity {
            capacity[channel.index] = Int32(clamping: max(0, n))
            sum += max(0, n)
        }
        agents[i].capacity = capacity
        agents[i].totalLimit = profile.totalCapacity ?? Int.max
        agents[i].capacityForOccupancy = max(1, profile.totalCapacity.map { min($0, sum) } ?? sum)
        growIndexes()
        recomputeQueues(of: a)
    }

    /// Which queues the agent counts toward in staffing statistics.
    mutating func recomputeQueues(of a: Int32) {
        let i = Int(a)
        if agents[i].countedAvailable || agents[i].countedBusy {
            let delta = SIMD2<Int32>(agents[i].countedAvailable ? 1 : 0, agents[i].countedBusy ? 1 : 0)
            for q in agents[i].queues { staffing[Int(q)] &-= delta }
            agents[i].countedAvailable = false
            agents[i].countedBusy = false
        }
        var member: [Int32] = []
        for (q, queue) in queues.enumerated() {
            var channels = false
            for c in 0..<Channel.count where queue.channelMask & (1 << UInt8(c)) != 0 && agents[i].capacity[c] > 0 {
                channels = true
            }
            if channels && agents[i].admitted(minimumStage: queue.minimumStage) && agents[i].meets(queue.requirementsByStep[0]) {
                member.append(Int32(q))
            }
        }
        agents[i].queues = member
        updateStaffing(a)
    }

    mutating func updateStaffing(_ a: Int32) {
        let i = Int(a)
        let available = agents[i].readyMask != 0
        let busy = agents[i].isLoggedIn && agents[i].holdsWork
        guard available != agents[i].countedAvailable || busy != agents[i].countedBusy else { return }
        let delta = SIMD2<Int32>(
            Int32(available ? 1 : 0) - Int32(agents[i].countedAvailable ? 1 : 0),
            Int32(busy ? 1 : 0) - Int32(agents[i].countedBusy ? 1 : 0)
        )
        staffing.withUnsafeMutableBufferPointer { counts in
            for q in agents[i].queues { counts[Int(q)] &+= delta }
        }
        agents[i].countedAvailable = available
        agents[i].countedBusy = busy
    }

    /// Renews the agent's idle stamp and re-indexes it in the ready lists after any change.
    mutating func touch(_ a: Int32) {
        let i = Int(a)
        nextStamp &+= 1
        agents[i].stamp = nextStamp
        let free = agents[i].isAvailable && !agents[i].holdsWork
        if free != agents[i].free {
            agents[i].free = free
            agents[i].becameFree = free
            if agents[i].isDedicated {
                for t in agents[i].tiers { tiers[Int(t)].freeCount += free ? 1 : -1 }
            }
        }
        let mask = agents[i].computeReadyMask(exclusiveChannels: exclusiveMask)
        agents[i].readyMask = mask
        ready.relink(agent: a, nodes: &agents[i].nodes, mask: mask, skills: agents[i].skills)
        if agents[i].isDedicated { tierReady.relink(agent: a, nodes: &agents[i].tierNodes, mask: mask, skills: agents[i].tiers) }
        updateStaffing(a)
    }

    /// One more work item held on channel `c` (an offer, or restored active work); `demanding` counts
    /// a demanding chat toward the agent's ``AgentRecord/demandingChats``.
    mutating func addLoad(_ a: Int32, channel c: Int, demanding: Bool) {
        let exclusive = exclusiveMask & (1 << UInt8(c)) != 0
        let chat: Int32 = demanding && c == Channel.chat.index ? 1 : 0
        agents.withUnsafeMutableBufferPointer { agents in
            let i = Int(a)
            agents[i].load[c] += 1
            agents[i].totalLoad += 1
            if exclusive { agents[i].exclusiveLoad += 1 }
            agents[i].demandingChats &+= chat
        }
    }

    /// One work item fewer on channel `c` (an offer gone, work done or a wrap-up ended).
    mutating func removeLoad(_ a: Int32, channel c: Int, demanding: Bool) {
        let exclusive = exclusiveMask & (1 << UInt8(c)) != 0
        let chat: Int32 = demanding && c == Channel.chat.index ? 1 : 0
        agents.withUnsafeMutableBufferPointer { agents in
            let i = Int(a)
            agents[i].load[c] -= 1
            agents[i].totalLoad -= 1
            if exclusive { agents[i].exclusiveLoad -= 1 }
            agents[i].demandingChats &-= chat
        }
    }

    /// Fills `slot` (the next free one, or a new one at the end) for a new interaction. A recycled
    /// slot is reset field by field, keeping its buffers and its generation counters (stale heap
    /// entries of the previous occupant fail their serial check anyway).
    mutating func occupySlot(
        _ slot: Int32, _ request: InteractionRequest, serial: UInt64, queue q: Int32, override: [Requirement]?, _ now: Int64
    ) {
        let s = Int(slot)
        guard s < interactions.count else {
            var record = InteractionRecord(
                id: request.id, serial: serial, queue: q, channel: request.channel.index, priority: request.priority,
                override: override, requirements: [], enqueuedAt: now, queueEnteredAt: now,
                customerId: request.customerId, tier: request.tier, attributes: request.attributes
            )
            record.preferredAgent = request.preferredAgent
            record.preferredActive = request.preferredAgent != nil
            record.preferredPresence = request.preferredAgentPresence
            record.demanding = request.demanding
            if let tier = request.tier, let rank = tierIndex[tier] {
                record.tierRank = rank
                record.boost = tiers[Int(rank)].boost
            }
            interactions.append(record)
            return
        }
        freeSlots.removeLast()
        let rank = request.tier.flatMap { tierIndex.isEmpty ? nil : tierIndex[$0] } ?? -1
        let boost = rank >= 0 ? tiers[Int(rank)].boost : 0
        // One uniqueness check for the whole reset instead of one per field.
        interactions.withUnsafeMutableBufferPointer { interactions in
            interactions[s].id = request.id
            interactions[s].serial = serial
            interactions[s].queue = q
            interactions[s].channel = request.channel.index
            interactions[s].priority = request.priority
            if override != nil || interactions[s].override != nil { interactions[s].override = override }
            interactions[s].relaxStep = 0
            interactions[s].enqueuedAt = now
            interactions[s].queueEnteredAt = now
            interactions[s].phase = .waiting
            interactions[s].placement = .none
            interactions[s].activeAgent = -1
            interactions[s].assignedAt = 0
            if request.preferredAgent != nil || interactions[s].preferredAgent != nil {
                interactions[s].preferredAgent = request.preferredAgent
            }
            interactions[s].preferredActive = request.preferredAgent != nil
            interactions[s].preferredPresence = request.preferredAgentPresence
            if request.customerId != nil || interactions[s].customerId != nil { interactions[s].customerId = request.customerId }
            if request.tier != nil || interactions[s].tier != nil { interactions[s].tier = request.tier }
            if !request.attributes.isEmpty { interactions[s].attributes = request.attributes }
            interactions[s].demanding = request.demanding
            interactions[s].tierRank = rank
            interactions[s].boost = boost
            interactions[s].dedicatedOnly = false
            interactions[s].alive = true
        }
    }

    /// Drops an interaction from routing; its timers die lazily.
    mutating func forget(_ slot: Int32, indexed: Bool = true) {
        let s = Int(slot)
        if indexed { interactionIndex[interactions[s].id] = nil }
        interactions[s].alive = false
        interactions[s].offers.removeAll(keepingCapacity: true)
        if !interactions[s].skips.isEmpty { interactions[s].skips = [] }
        if !interactions[s].attributes.isEmpty { interactions[s].attributes = [:] }
        freeSlots.append(slot)
    }

    @inline(__always)
    func isCurrent(_ slot: Int32, serial: UInt64) -> Bool {
        let s = Int(slot)
        return s < interactions.count && interactions[s].alive && interactions[s].serial == serial
    }
}

/// Work queued inside one call, processed in order before it returns.
enum PendingTask {
    /// Route a waiting, unplaced interaction (arrival, requeue, relaxation…).
    case interaction(Int32, serial: UInt64)
    /// Give a freed agent waiting work.
    case agent(Int32)
}

/// Bucket identity: queue, channel and the exact effective requirement set.
struct BucketKey: Hashable {
    var queue: Int32
    var channel: Int
    var requirements: [Requirement]
    var demanding: Bool
    var tier: Int32 = -1
    var dedicatedOnly = false
}

/// Mutable per-queue state kept across reconfigurations.
struct QueueState {
    var stats = QueueStatistics()
    /// Waiting interactions by original enqueue instant (lazy deletion), for the longest wait.
    var oldest: Heap<OldestEntry> = []
    var roundRobinCursor: Int32 = -1
    /// Instants of recent answers (last 15 minutes), for the answer rate behind wait estimates.
    var recentAnswers: Deque<Int64> = []
    /// Bucket of each (relaxation step, channel, demanding) for interactions on the queue's default
    /// requirements, at ``defaultBucketIndex(step:channel:demanding:)``.
    var defaultBuckets: [Int32]

    init(steps: Int) {
        defaultBuckets = Array(repeating: -1, count: (steps + 1) * Channel.count * 2)
    }

    @inline(__always)
    static func defaultBucketIndex(step: Int, channel: Int, demanding: Bool) -> Int {
        (step &* Channel.count &+ channel) &* 2 &+ (demanding ? 1 : 0)
    }
}

struct OldestEntry: Comparable {
    var enqueuedAt: Int64
    var serial: UInt64
    var slot: Int32
    var generation: UInt32

    static func < (a: OldestEntry, b: OldestEntry) -> Bool {
        a.enqueuedAt != b.enqueuedAt ? a.enqueuedAt < b.enqueuedAt : a.serial < b.serial
    }
}
