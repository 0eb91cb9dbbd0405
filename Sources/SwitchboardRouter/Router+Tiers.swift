import DequeModule
import HeapModule

/// A tier resolved for routing: durations in nanoseconds, its dedicated agents as indexes.
struct CompiledTier {
    var name: String
    var boost: Int
    var fallback: Int64
    var reserve: Int
    /// Dedicated agents of the roster (not retiring), ascending index.
    var dedicated: [Int32] = []
    /// How many of them are free (``AgentRecord/free``), kept by ``Router/touch(_:)``, so a reserve
    /// check costs O(1) and not a walk of the tier's members.
    var freeCount = 0
}

extension Router {
    /// ``reserveRestriction(_:excludingChosen:)``: no reserve holds the agent back.
    static let unrestricted: Int32 = -1
    /// ``reserveRestriction(_:excludingChosen:)``: reserves of two tiers hold the agent: no work at all.
    static let reservedForSeveral: Int32 = -2

    /// Validates the configuration's tiers and resolves them (dedicated agents are resolved later,
    /// against the roster, by ``rebuildTierMembership()``).
    static func compileTiers(_ configuration: RoutingConfiguration) throws(RoutingError) -> [CompiledTier] {
        var seen: Set<String> = []
        var compiled: [CompiledTier] = []
        for tier in configuration.tiers {
            let field = "tiers[\(tier.name)]"
            guard seen.insert(tier.name).inserted else {
                throw .invalidConfiguration(field: "tiers.name", value: tier.name, reason: "duplicate tier name")
            }
            guard (0...100).contains(tier.priorityBoost) else {
                throw .invalidConfiguration(field: "\(field).priorityBoost", value: "\(tier.priorityBoost)", reason: "must be 0...100")
            }
            guard tier.fallback >= .zero else {
                throw .invalidConfiguration(field: "\(field).fallback", value: "\(tier.fallback)", reason: "must not be negative")
            }
            guard tier.reserve >= 0 else {
                throw .invalidConfiguration(field: "\(field).reserve", value: "\(tier.reserve)", reason: "must be 0 or more")
            }
            compiled.append(CompiledTier(name: tier.name, boost: tier.priorityBoost, fallback: tier.fallback.clampedNanoseconds,
                                         reserve: tier.reserve))
        }
        return compiled
    }

    static func tierIndex(_ tiers: [CompiledTier]) -> [String: Int32] {
        var index: [String: Int32] = [:]
        for (k, tier) in tiers.enumerated() { index[tier.name] = Int32(k) }
        return index
    }

    /// Resolves every tier's dedicated agents against the roster (agents removed or retiring are
    /// dedicated to nothing) and gives each agent its tiers, highest first. O(tiers × dedicated).
    mutating func rebuildTierMembership() {
        for i in agents.indices where agents[i].isDedicated || !agents[i].tiers.isEmpty {
            agents[i].tiers = []
            agents[i].isDedicated = false
            agents[i].reserveBound = false
        }
        guard !tiers.isEmpty else {
            relinkTierReadyLists()
            return
        }
        for t in tiers.indices {
            var members: [Int32] = []
            for id in configurationValue.tiers[t].dedicatedAgents {
                if let a = agentIndex[id], agents[Int(a)].inRoster, !agents[Int(a)].retiring { members.append(a) }
            }
            members.sort()
            tiers[t].dedicated = members
            for a in members {
                agents[Int(a)].tiers.append(Int32(t))
                agents[Int(a)].isDedicated = true
                if tiers[t].reserve > 0 { agents[Int(a)].reserveBound = true }
            }
        }
        for t in tiers.indices { tiers[t].freeCount = tiers[t].dedicated.reduce(0) { $0 + (agents[Int($1)].free ? 1 : 0) } }
        relinkTierReadyLists()
    }

    /// Builds the tiers' ready lists afresh from the membership: every ready dedicated agent, in
    /// longest-idle order (by stamp, as ``touch(_:)`` keeps them). O(dedicated × log dedicated).
    mutating func relinkTierReadyLists() {
        tierReady = ReadyAgentLists()
        tierReady.ensureCapacity(skills: tiers.count)
        var ready: [Int32] = []
        for i in agents.indices {
            agents[i].tierNodes.removeAll()
            if agents[i].readyMask != 0 && agents[i].isDedicated { ready.append(Int32(i)) }
        }
        ready.sort { agents[Int($0)].stamp < agents[Int($1)].stamp }
        for a in ready {
            let i = Int(a)
            tierReady.relink(agent: a, nodes: &agents[i].tierNodes, mask: agents[i].readyMask, skills: agents[i].tiers)
        }
    }

    @inline(__always)
    func isFree(_ a: Int32) -> Bool {
        agents[Int(a)].isAvailable && !agents[Int(a)].holdsWork
    }

    /// Free dedicated agents of tier `t`, leaving out those already chosen by the pick under way.
    /// - Complexity: O(1 + agents chosen).
    func freeDedicated(_ t: Int32, excludingChosen: Bool) -> Int {
        var n = tiers[Int(t)].freeCount
        if excludingChosen {
            for b in chosen where agents[Int(b)].free && agents[Int(b)].tiers.contains(t) { n -= 1 }
        }
        return n
    }

    /// Which work the reserves let agent `a` take now: ``unrestricted``, only tier `t`'s work (`t`, a
    /// rank: one of its tiers is down to its reserve), or none (``reservedForSeveral``). An agent
    /// holding work is not free and never held back. With `excludingChosen`, agents already chosen in
    /// the pick under way no longer count as free (ring-all keeps the reserve too).
    /// - Complexity: O(1) for an agent bound by no reserve; else O(its tiers × agents chosen).
    @inline(__always)
    func reserveRestriction(_ a: Int32, excludingChosen: Bool = false) -> Int32 {
        let i = Int(a)
        guard agents[i].reserveBound, agents[i].isAvailable, !agents[i].holdsWork else { return Self.unrestricted }
        return reserveRestrictionOfFreeAgent(a, excludingChosen: excludingChosen)
    }

    private func reserveRestrictionOfFreeAgent(_ a: Int32, excludingChosen: Bool) -> Int32 {
        var restriction = Self.unrestricted
        for t in agents[Int(a)].tiers where tiers[Int(t)].reserve > 0 {
            guard freeDedicated(t, excludingChosen: excludingChosen) <= tiers[Int(t)].reserve else { continue }
            if restriction != Self.unrestricted { return Self.reservedForSeveral }
            restriction = t
        }
        return restriction
    }

    /// Whether a restriction from ``reserveRestriction(_:excludingChosen:)`` admits work of tier `tier`.
    @inline(__always)
    static func admits(_ restriction: Int32, tier: Int32) -> Bool {
        restriction == unrestricted || (restriction >= 0 && restriction == tier)
    }

    /// Whether the reserves let agent `a` take the interaction (always, for an agent dedicated to nothing).
    @inline(__always)
    func reserveAdmits(_ a: Int32, _ slot: Int32, excludingChosen: Bool = false) -> Bool {
        !agents[Int(a)].reserveBound
            || Self.admits(reserveRestriction(a, excludingChosen: excludingChosen), tier: interactions[Int(slot)].tierRank)
    }

    /// Whether a dedicated agent of the interaction's tier is worth waiting for: logged in, capacity
    /// on its channel, its requirements and its queue's minimum stage met (like a preferred agent
    /// under `.loggedIn`; skips and reserves pass).
    func dedicatedAgentQualifies(for slot: Int32) -> Bool {
        let s = Int(slot)
        let t = interactions[s].tierRank
        guard t >= 0 else { return false }
        let c = interactions[s].channel
        let minimumStage = queues[Int(interactions[s].queue)].minimumStage
        for b in tiers[Int(t)].dedicated {
            let j = Int(b)
            if agents[j].isLoggedIn && agents[j].capacity[c] > 0 && agents[j].admitted(minimumStage: minimumStage)
                && agents[j].meets(interactions[s].requirements) {
                return true
            }
        }
        return false
    }

    /// Starts the tier's dedicated phase of a new (or restored) interaction, counted from its enqueue
    /// instant, unless its fallback is zero or already over.
    mutating func enterTier(_ slot: Int32, _ now: Int64) {
        let s = Int(slot)
        let t = interactions[s].tierRank
        guard t >= 0, tiers[Int(t)].fallback > 0 else {
            interactions[s].dedicatedOnly = false
            return
        }
        let until = interactions[s].enqueuedAt &+ tiers[Int(t)].fallback
        interactions[s].dedicatedOnly = now < until
        if interactions[s].dedicatedOnly {
            schedule(Deadline(at: until, kind: .tierFallback, a: interactions[s].serial, b: 0, slot: slot, generation: 0))
        }
    }

    /// Ends the dedicated phase of an interaction about to be routed when its fallback is over or no
    /// dedicated agent is worth waiting for.
    @inline(__always)
    mutating func openTierIfDue(_ slot: Int32, _ now: Int64) {
        let s = Int(slot)
        guard interactions[s].dedicatedOnly else { return }
        let t = Int(interactions[s].tierRank)
        if now >= interactions[s].enqueuedAt &+ tiers[t].fallback || !dedicatedAgentQualifies(for: slot) {
            interactions[s].dedicatedOnly = false
        }
    }

    /// Work waiting in a dedicated phase of one of agent `a`'s tiers for which no dedicated agent
    /// qualifies any more (it logged out, left the roster or lost what it takes) opens to everyone
    /// now, oldest first. O(buckets + waiting in the tiers' dedicated buckets).
    mutating func releaseDedicatedWaiters(of a: Int32) {
        guard agents[Int(a)].isDedicated else { return }
        let own = agents[Int(a)].tiers
        var slots: [Int32] = []
        for b in buckets.indices where buckets[b].dedicatedOnly && buckets[b].live > 0 && own.contains(buckets[b].tier) {
            for e in buckets[b].heap.unordered where isValid(e, bucket: b) && !dedicatedAgentQualifies(for: e.slot) {
                slots.append(e.slot)
            }
        }
        guard !slots.isEmpty else { return }
        slots.sort { interactions[Int($0)].serial < interactions[Int($1)].serial }
        for slot in slots {
            interactions[Int(slot)].dedicatedOnly = false
            reroute(slot)
        }
    }

    /// Agent `a` just became free: for each of its tiers with a reserve now exceeded, the tier's other
    /// free dedicated agents (which the reserve may have held back) look for work again, after it.
    mutating func reconsiderReserves(after a: Int32) {
        let i = Int(a)
        guard agents[i].reserveBound, isFree(a) else { return }
        scratch.removeAll(keepingCapacity: true)
        for t in agents[i].tiers where tiers[Int(t)].reserve > 0 && freeDedicated(t, excludingChosen: false) > tiers[Int(t)].reserve {
            for b in tiers[Int(t)].dedicated where b != a && isFree(b) && !scratch.contains(b) { scratch.append(b) }
        }
        for b in scratch { pending.append(.agent(b)) }
    }

    /// Agents of tier `t` eligible for the interaction, best first by its queue's strategy, into
    /// `chosen` (up to `limit`); ties go to the longest idle, as on the ready lists.
    /// - Complexity: O(1 + agents skipped) for longest-idle, else O(limit × ready dedicated agents of
    ///   the tier on the channel), walking the tier's ready list.
    mutating func pickDedicated(for slot: Int32, tier t: Int32, limit: Int, unshieldedOnly: Bool) {
        chosen.removeAll(keepingCapacity: true)
        let s = Int(slot)
        let c = interactions[s].channel
        let requirements = interactions[s].requirements
        let q = Int(interactions[s].queue)
        let minimumStage = queues[q].minimumStage
        let strategy = queues[q].strategy
        let bit = UInt8(1) << UInt8(c)
        let list = ReadyAgentLists.listIndex(channel: c, skill: t)
        let chatCap = newAgentDemandingChatCap(for: slot)

        @inline(__always)
        func eligible(_ a: Int32) -> Bool {
            let i = Int(a)
            return agents[i].admitted(minimumStage: minimumStage)
                && !(unshieldedOnly && agents[i].shielded) && agents[i].withinDemandingChatCap(chatCap)
                && agents[i].meets(requirements) && !interactions[s].skips(a)
                && !chosen.contains(a) && Self.admits(reserveRestriction(a, excludingChosen: true), tier: t)
        }

        if strategy == .longestIdle {
            var node = tierReady.first(list)
            while node >= 0 {
                let a = tierReady.agent(node)
                let next = tierReady.next(node)
                if agents[Int(a)].readyMask & bit == 0 {
                    tierReady.detach(node)
                } else if eligible(a) {
                    chosen.append(a)
                    if chosen.count >= limit { return }
                }
                node = next
            }
            return
        }
        for _ in 0..<limit {
            if strategy == .random {
                scratch.removeAll(keepingCapacity: true)
                var node = tierReady.first(list)
                while node >= 0 {
                    let a = tierReady.agent(node)
                    let next = tierReady.next(node)
                    if agents[Int(a)].readyMask & bit == 0 {
                        tierReady.detach(node)
                    } else if eligible(a) {
                        scratch.append(a)
                    }
                    node = next
                }
                if scratch.isEmpty { return }
                chosen.append(scratch[rng.next(below: scratch.count)])
                continue
            }
            var best: Int32 = -1
            let cursor = queueState[q].roundRobinCursor
            var node = tierReady.first(list)
            while node >= 0 {
                let a = tierReady.agent(node)
                let next = tierReady.next(node)
                if agents[Int(a)].readyMask & bit == 0 {
                    tierReady.detach(node)
                } else if eligible(a) && (best < 0 || isBetter(a, than: best, strategy, requirements, cursor: cursor)) {
                    best = a
                }
                node = next
            }
            if best < 0 { return }
            chosen.append(best)
            if strategy == .roundRobin { queueState[q].roundRobinCursor = best }
        }
    }

    /// Re-resolves every live interaction's tier after a reconfiguration: ranks and boosts by name;
    /// work already open stays open; work in its dedicated phase (or newly tiered) stays in it while
    /// the new fallback, counted from its enqueue instant, has not passed.
    mutating func reresolveTiers(_ now: Int64) {
        // Every rank first (timers armed below may compact the heap, which reads them), then the phases.
        for s in interactions.indices where interactions[s].alive {
            let old = interactions[s].tierRank
            let wasOpen = old >= 0 && !interactions[s].dedicatedOnly
            let rank = interactions[s].tier.flatMap { tierIndex[$0] } ?? -1
            interactions[s].tierRank = rank
            interactions[s].boost = rank >= 0 ? tiers[Int(rank)].boost : 0
            interactions[s].dedicatedOnly = rank >= 0 && !wasOpen
        }
        for s in interactions.indices where interactions[s].alive && interactions[s].dedicatedOnly {
            enterTier(Int32(s), now)
        }
    }
}
