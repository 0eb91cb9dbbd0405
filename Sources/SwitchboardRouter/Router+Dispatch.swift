import DequeModule
import HeapModule


extension Router {
    /// Processes the call's pending routing work in order.
    mutating func drain(_ now: Int64) {
        while let task = pending.popFirst() {
            switch task {
            case .interaction(let slot, let serial):
                guard isCurrent(slot, serial: serial),
                      interactions[Int(slot)].phase == .waiting,
                      interactions[Int(slot)].placement == .none
                else { continue }
                dispatchInteraction(slot, now)
            case .agent(let a):
                dispatchAgent(a, now)
            }
        }
    }

    // MARK: Interaction → agents

    /// Routes a waiting, unplaced interaction: max wait, preferred agent, its tier's dedicated agents,
    /// then the queue's strategy; parks it in its bucket when nobody is eligible.
    mutating func dispatchInteraction(_ slot: Int32, _ now: Int64) {
        let s = Int(slot)
        while true {
            let q = Int(interactions[s].queue)
            if let maxWait = queues[q].maxWait, now >= interactions[s].queueEnteredAt &+ maxWait {
                guard applyMaxWait(slot, now) else { return }
                continue
            }
            if interactions[s].preferredActive {
                if let a = qualifyingPreferredAgent(of: slot) {
                    if canTake(a, slot) {
                        offer(slot, to: a, now)
                    } else {
                        interactions[s].placement = .preferred
                        interactions[s].placeGeneration &+= 1
                        preferredWaiting[agents[Int(a)].id, default: []].append(slot)
                        enterWaiting(slot)
                    }
                    return
                }
                // Nobody to wait for: a preferred agent who is unknown, absent or unable to take it
                // costs no waiting.
                interactions[s].preferredActive = false
            }
            openTierIfDue(slot, now)
            pickAgents(for: slot, limit: queues[q].parallelOffers)
            if chosen.isEmpty {
                placeInBucket(slot)
                return
            }
            let picked = chosen
            for a in picked { offer(slot, to: a, now) }
            return
        }
    }

    /// The interaction's preferred agent when it is worth waiting for (``qualifiesAsPreferred(_:for:)``).
    func qualifyingPreferredAgent(of slot: Int32) -> Int32? {
        guard let preferred = interactions[Int(slot)].preferredAgent, let a = agentIndex[preferred],
              qualifiesAsPreferred(a, for: slot)
        else { return nil }
        return a
    }

    /// Whether agent `a` is worth waiting for as the interaction's preferred agent: present as the
    /// interaction's ``PreferredAgentPresence`` asks (a busy agent frees up; under `.loggedIn` a
    /// not-ready one may come back within the fallback) and able to take it at all (its effective
    /// requirements and its queue's minimum stage met, capacity on its channel). Skips are not
    /// counted: they expire; nor is a queue's cap on a new agent's demanding chats, which is like
    /// capacity in use: the agent frees.
    @inline(__always)
    func qualifiesAsPreferred(_ a: Int32, for slot: Int32) -> Bool {
        let i = Int(a)
        let s = Int(slot)
        let present = switch interactions[s].preferredPresence {
        case .loggedIn: agents[i].isLoggedIn
        case .available: agents[i].isAvailable
        }
        return present && agents[i].capacity[interactions[s].channel] > 0
            && agents[i].admitted(minimumStage: queues[Int(interactions[s].queue)].minimumStage)
            && agents[i].meets(interactions[s].requirements)
    }

    @inline(__always)
    func canTake(_ a: Int32, _ slot: Int32) -> Bool {
        let s = Int(slot)
        let c = interactions[s].channel
        return agents[Int(a)].readyMask & (1 << UInt8(c)) != 0
            && agents[Int(a)].admitted(minimumStage: queues[Int(interactions[s].queue)].minimumStage)
            && agents[Int(a)].meets(interactions[s].requirements)
            && !interactions[s].skips(a)
            && agents[Int(a)].withinDemandingChatCap(newAgentDemandingChatCap(for: slot))
            && reserveAdmits(a, slot)
    }

    /// Fills `chosen` with up to `limit` eligible agents, best first, by the queue's strategy. Demanding
    /// work is offered to unshielded agents alone while any is eligible, else to the eligible (all
    /// shielded) agents: it never waits for an unshielded one.
    /// - Complexity: O(ready agents on the shortest list of the required skills); twice that for
    ///   demanding work when every eligible agent is shielded.
    ///
    /// Tiered work goes to the tier's eligible dedicated agents when any exists (ring-all rings them
    /// alone), else — once out of its dedicated phase — to everyone; shielding decides first, so
    /// demanding tiered work tries unshielded dedicated agents, unshielded agents, then shielded ones.
    mutating func pickAgents(for slot: Int32, limit: Int) {
        let demanding = interactions[Int(slot)].demanding
        let tier = interactions[Int(slot)].tierRank
        guard tier >= 0 else {
            pickAgents(for: slot, limit: limit, unshieldedOnly: demanding)
            if demanding && chosen.isEmpty { pickAgents(for: slot, limit: limit, unshieldedOnly: false) }
            return
        }
        let open = !interactions[Int(slot)].dedicatedOnly
        if demanding {
            pickDedicated(for: slot, tier: tier, limit: limit, unshieldedOnly: true)
            if !chosen.isEmpty { return }
            if open {
                pickAgents(for: slot, limit: limit, unshieldedOnly: true)
                if !chosen.isEmpty { return }
            }
        }
        pickDedicated(for: slot, tier: tier, limit: limit, unshieldedOnly: false)
        if !chosen.isEmpty || !open { return }
        pickAgents(for: slot, limit: limit, unshieldedOnly: false)
    }

    /// The shortest ready list among the required skills' lists on channel `c` (the every-agent list
    /// without requirements), or nil when one of them is empty.
    @inline(__always)
    func rarestList(channel c: Int, _ requirements: [Requirement]) -> Int? {
        var list = ReadyAgentLists.listIndex(channel: c, skill: -1)
        if !requirements.isEmpty {
            var best = Int.max
            for r in requirements {
                let l = ReadyAgentLists.listIndex(channel: c, skill: r.skill)
                let n = ready.size(l)
                if n < best { best = n; list = l }
            }
            if best == 0 { return nil }
        }
        return list
    }

    /// ``pickAgents(for:limit:)`` among all eligible agents, or among the unshielded ones only.
    private mutating func pickAgents(for slot: Int32, limit: Int, unshieldedOnly: Bool) {
        chosen.removeAll(keepingCapacity: true)
        let s = Int(slot)
        let c = interactions[s].channel
        let requirements = interactions[s].requirements
        let q = Int(interactions[s].queue)
        let minimumStage = queues[q].minimumStage
        let chatCap = newAgentDemandingChatCap(for: slot)
        guard let list = rarestList(channel: c, requirements) else { return }
        let strategy = queues[q].strategy
        let bit = UInt8(1) << UInt8(c)
        let tier = interactions[s].tierRank

        @inline(__always)
        func eligible(_ a: Int32) -> Bool {
            let i = Int(a)
            return agents[i].admitted(minimumStage: minimumStage) && !(unshieldedOnly && agents[i].shielded)
                && agents[i].withinDemandingChatCap(chatCap) && agents[i].meets(requirements) && !interactions[s].skips(a)
                && (!agents[i].reserveBound || Self.admits(reserveRestriction(a, excludingChosen: true), tier: tier))
        }

        if strategy == .longestIdle {
            var node = ready.first(list)
            while node >= 0 {
                let a = ready.agent(node)
                let next = ready.next(node)
                if agents[Int(a)].readyMask & bit == 0 {
                    ready.detach(node)
                } else if eligible(a) && (chosen.isEmpty || !chosen.contains(a)) {
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
                var node = ready.first(list)
                while node >= 0 {
                    let a = ready.agent(node)
                    let next = ready.next(node)
                    if agents[Int(a)].readyMask & bit == 0 {
                        ready.detach(node)
                    } else if eligible(a) && !chosen.contains(a) {
                        scratch.append(a)
                    }
                    node = next
                }
                if scratch.isEmpty { return }
                chosen.append(scratch[rng.next(below: scratch.count)])
                continue
            }
            var best: Int32 = -1
            var node = ready.first(list)
            while node >= 0 {
                let a = ready.agent(node)
                let next = ready.next(node)
                if agents[Int(a)].readyMask & bit == 0 {
                    ready.detach(node)
                } else if eligible(a) && !chosen.contains(a)
                    && (best < 0 || isBetter(a, than: best, strategy, requirements, cursor: queueState[q].roundRobinCursor)) {
                    best = a
                }
                node = next
            }
            if best < 0 { return }
            chosen.append(best)
            if strategy == .roundRobin { queueState[q].roundRobinCursor = best }
        }
    }

    /// Strict preference of `a` over `b`; candidates are visited longest idle first, so ties keep
    /// the longer idle agent.
    func isBetter(_ a: Int32, than b: Int32, _ strategy: RoutingStrategy, _ requirements: [Requirement], cursor: Int32) -> Bool {
        let x = Int(a)
        let y = Int(b)
        switch strategy {
        case .longestIdle, .random:
            return agents[x].stamp < agents[y].stamp
        case .leastOccupied:
            return agents[x].totalLoad * agents[y].capacityForOccupancy < agents[y].totalLoad * agents[x].capacityForOccupancy
        case .mostSkilled:
            var sx: Int32 = 0
            var sy: Int32 = 0
            for r in requirements {
                sx += agents[x].level(r.skill)
                sy += agents[y].level(r.skill)
            }
            return sx > sy
        case .roundRobin:
            let n = Int32(agents.count)
            return (a - cursor - 1 + n) % n < (b - cursor - 1 + n) % n
        case .fewestHandled:
            return agents[x].handled < agents[y].handled
        }
    }

    // MARK: Agent → interaction

    /// Gives a freed agent the best waiting work it can serve, until it is full or nothing fits.
    ///
    /// A shielded agent that leaves demanding work to an unshielded agent ready for it comes back
    /// after the tasks already pending (that agent's among them): should that agent fill up with
    /// other work, the demanding work is not left waiting next to the shielded one.
    mutating func dispatchAgent(_ a: Int32, _ now: Int64) {
        let i = Int(a)
        if agents[i].retiring && !agents[i].holdsWork {
            finishRetirement(a)
            return
        }
        if agents[i].becameFree {
            agents[i].becameFree = false
            reconsiderReserves(after: a)
        }
        while agents[i].readyMask != 0 {
            let pick = bestInteraction(for: a, now)
            guard pick.slot >= 0 else {
                if pick.leftToUnshielded { pending.append(.agent(a)) }
                return
            }
            unplace(pick.slot)
            offer(pick.slot, to: a, now)
        }
    }

    /// Which waiting work one scan for a freed agent looks at.
    enum WorkKind {
        /// Everything (an unshielded agent).
        case all
        /// Work that is not demanding (a shielded agent's first look).
        case ordinary
        /// Demanding work that no unshielded agent is ready for (a shielded agent's second look).
        case demandingUnclaimed
    }

    /// The waiting interaction the agent takes next (−1 for none): the one with the highest aged
    /// priority (then longest wait, then arrival) that it can serve on a channel it is ready for. A
    /// shielded agent takes work that is not demanding first, and demanding work only when none is
    /// left and no unshielded agent is ready for that interaction; `leftToUnshielded` says it found
    /// nothing but demanding work an unshielded agent is ready for.
    ///
    /// An agent dedicated to tiers looks at its tiers' work first, highest tier first (in either
    /// phase), then at other work out of its dedicated phase; the reserves of its tiers may narrow
    /// that to one tier's work, or to none.
    mutating func bestInteraction(for a: Int32, _ now: Int64) -> (slot: Int32, leftToUnshielded: Bool) {
        let i = Int(a)
        guard agents[i].isDedicated else { return bestInteraction(for: a, now, group: Self.untieredAgent) }
        let restriction = reserveRestriction(a)
        guard restriction != Self.reservedForSeveral else { return (-1, false) }
        var left = false
        let own = agents[i].tiers
        for t in own where restriction == Self.unrestricted || restriction == t {
            let pick = bestInteraction(for: a, now, group: t)
            if pick.slot >= 0 { return pick }
            left = left || pick.leftToUnshielded
        }
        if restriction == Self.unrestricted {
            let pick = bestInteraction(for: a, now, group: Self.otherTiers)
            if pick.slot >= 0 { return pick }
            left = left || pick.leftToUnshielded
        }
        return (-1, left)
    }

    /// ``bestInteraction(for:_:)`` group: every bucket out of its dedicated phase (an agent dedicated
    /// to no tier).
    static let untieredAgent: Int32 = -1
    /// ``bestInteraction(for:_:)`` group: work out of its dedicated phase and not of the agent's tiers.
    static let otherTiers: Int32 = -3

    /// The best waiting interaction of one group (a tier rank, ``untieredAgent`` or ``otherTiers``),
    /// shielded agents taking work that is not demanding first.
    private mutating func bestInteraction(for a: Int32, _ now: Int64, group: Int32) -> (slot: Int32, leftToUnshielded: Bool) {
        guard agents[Int(a)].shielded else { return bestInteraction(for: a, now, .all, group: group) }
        let ordinary = bestInteraction(for: a, now, .ordinary, group: group)
        if ordinary.slot >= 0 { return ordinary }
        return bestInteraction(for: a, now, .demandingUnclaimed, group: group)
    }

    /// The best waiting interaction of one ``WorkKind`` and one group for agent `a`.
    private mutating func bestInteraction(
        for a: Int32, _ now: Int64, _ kind: WorkKind, group: Int32
    ) -> (slot: Int32, leftToUnshielded: Bool) {
        let i = Int(a)
        let own = agents[i].tiers
        let mask = agents[i].readyMask
        let stage = agents[i].stage
        let demandingChats = agents[i].demandingChatsAgainstCap
        let nowMs = floorMilliseconds(now)
        var bestSlot: Int32 = -1
        var bestEffective = Int64.min
        var bestEnqueued = Int64.max
        var bestSerial = UInt64.max

        @inline(__always)
        func beats(effective: Int64, enqueuedAt: Int64, serial: UInt64) -> Bool {
            bestSlot < 0 || effective > bestEffective
                || (effective == bestEffective && (enqueuedAt < bestEnqueued || (enqueuedAt == bestEnqueued && serial < bestSerial)))
        }

        @inline(__always)
        func consider(_ slot: Int32, effective: Int64, enqueuedAt: Int64, serial: UInt64) {
            if beats(effective: effective, enqueuedAt: enqueuedAt, serial: serial) {
                bestSlot = slot
                bestEffective = effective
                bestEnqueued = enqueuedAt
                bestSerial = serial
            }
        }

        @inline(__always)
        func admits(demanding: Bool) -> Bool {
            switch kind {
            case .all: true
            case .ordinary: !demanding
            case .demandingUnclaimed: demanding
            }
        }

        @inline(__always)
        func inGroup(tier: Int32, dedicatedOnly: Bool) -> Bool {
            switch group {
            case Self.untieredAgent: !dedicatedOnly
            case Self.otherTiers: !dedicatedOnly && (tier < 0 || !own.contains(tier))
            default: tier == group
            }
        }

        // Work waiting for this agent alone: nobody else is eligible for it, so demanding work there
        // is never claimed by an unshielded agent.
        if !preferredWaiting.isEmpty, let list = preferredWaiting[agents[i].id] {
            for slot in list where admits(demanding: interactions[Int(slot)].demanding)
                && inGroup(tier: interactions[Int(slot)].tierRank, dedicatedOnly: false) && canTake(a, slot) {
                let r = interactions[Int(slot)]
                let rate = queues[Int(r.queue)].agingRate
                let key = staticPriorityKey(priority: r.priority &+ r.boost, agingRate: rate, enqueuedAt: r.enqueuedAt)
                consider(slot, effective: key &+ rate &* nowMs, enqueuedAt: r.enqueuedAt, serial: r.serial)
            }
        }
        // Read-only scan over raw buffers (this is the agent-frees hot path); a bucket whose best
        // entry skips this agent is rare and handled after the scan, and so are demanding buckets
        // looked at by a shielded agent (whether an unshielded agent is ready for them is a walk).
        var skipped: [Int32] = []
        deferredBuckets.removeAll(keepingCapacity: true)
        let skillIDs = agents[i].skills
        let levels = agents[i].levels
        buckets.withUnsafeBufferPointer { buckets in
            interactions.withUnsafeBufferPointer { interactions in
                levels.withUnsafeBufferPointer { levels in
                    for c in 0..<Channel.count where mask & (1 << UInt8(c)) != 0 {
                        var k = -1
                        while k < skillIDs.count {
                            let list = ReadyAgentLists.listIndex(channel: c, skill: k < 0 ? -1 : skillIDs[k])
                            k += 1
                            guard list < bucketsByList.count else { continue }
                            bucketsByList[list].withUnsafeBufferPointer { ids in
                                for b in ids {
                                    let bi = Int(b)
                                    guard let top = buckets[bi].best, admits(demanding: buckets[bi].demanding),
                                          stage >= buckets[bi].minimumStage, demandingChats < buckets[bi].newAgentDemandingChats,
                                          inGroup(tier: buckets[bi].tier, dedicatedOnly: buckets[bi].dedicatedOnly)
                                    else { continue }
                                    // Requirements: the common single-skill case without touching the array.
                                    if buckets[bi].requirementCount == 1 {
                                        let skill = Int(buckets[bi].firstSkill)
                                        guard skill < levels.count, Int32(levels[skill]) >= buckets[bi].firstLevel else { continue }
                                    } else if buckets[bi].requirementCount > 1 {
                                        var ok = true
                                        for r in buckets[bi].requirements {
                                            let skill = Int(r.skill)
                                            if skill >= levels.count || Int32(levels[skill]) < r.level { ok = false; break }
                                        }
                                        guard ok else { continue }
                                    }
                                    if kind == .demandingUnclaimed {
                                        deferredBuckets.append(b)
                                        continue
                                    }
                                    if !interactions[Int(top.slot)].skips.isEmpty && interactions[Int(top.slot)].skips(a) {
                                        skipped.append(b)
                                        continue
                                    }
                                    consider(top.slot, effective: top.key &+ buckets[bi].agingRate &* nowMs,
                                             enqueuedAt: top.enqueuedAt, serial: top.serial)
                                }
                            }
                        }
                    }
                }
            }
        }
        for b in skipped {
            let bi = Int(b)
            guard let top = top(of: bi, excluding: a) else { continue }
            consider(top.slot, effective: top.key &+ buckets[bi].agingRate &* nowMs, enqueuedAt: top.enqueuedAt, serial: top.serial)
        }
        // A shielded agent's demanding buckets: per bucket, the best entry that does not skip the
        // agent and that no unshielded agent is ready for, looked for only while it could win.
        var leftToUnshielded = false
        var k = 0
        while k < deferredBuckets.count {
            let bi = Int(deferredBuckets[k])
            k += 1
            guard let top = buckets[bi].best else { continue }
            let rate = buckets[bi].agingRate
            guard beats(effective: top.key &+ rate &* nowMs, enqueuedAt: top.enqueuedAt, serial: top.serial) else { continue }
            if !interactions[Int(top.slot)].skips(a) {
                if !unshieldedAgentReady(for: top.slot) {
                    consider(top.slot, effective: top.key &+ rate &* nowMs, enqueuedAt: top.enqueuedAt, serial: top.serial)
                    continue
                }
                leftToUnshielded = true
            }
            // Rare path (the top skips this agent or is left to an unshielded agent): pop entries
            // in order while they could win, then put them back.
            var popped: [WaitEntry] = []
            while let e = buckets[bi].heap.popMin() {
                guard isValid(e, bucket: bi) else { continue }
                popped.append(e)
                guard beats(effective: e.key &+ rate &* nowMs, enqueuedAt: e.enqueuedAt, serial: e.serial) else { break }
                if interactions[Int(e.slot)].skips(a) { continue }
                if unshieldedAgentReady(for: e.slot) {
                    leftToUnshielded = true
                    continue
                }
                consider(e.slot, effective: e.key &+ rate &* nowMs, enqueuedAt: e.enqueuedAt, serial: e.serial)
                break
            }
            for e in popped { buckets[bi].heap.insert(e) }
        }
        return (bestSlot, bestSlot < 0 && leftToUnshielded)
    }

    /// Whether an unshielded agent is ready for the waiting interaction now (eligible as
    /// ``pickAgents(for:limit:)`` sees it; the interaction is in a bucket, so in no preferred-agent window).
    /// - Complexity: O(ready agents on the shortest list of its required skills).
    mutating func unshieldedAgentReady(for slot: Int32) -> Bool {
        let s = Int(slot)
        let c = interactions[s].channel
        let requirements = interactions[s].requirements
        let minimumStage = queues[Int(interactions[s].queue)].minimumStage
        // Unshielded agents are never new today, so the cap on new agents' demanding chats cannot bind
        // here; checked all the same, so that this stays the eligibility of ``pickAgents(for:limit:)``.
        let chatCap = newAgentDemandingChatCap(for: slot)
        let bit = UInt8(1) << UInt8(c)
        if interactions[s].dedicatedOnly {
            // In its dedicated phase only the tier's dedicated agents may take it.
            for b in tiers[Int(interactions[s].tierRank)].dedicated {
                let j = Int(b)
                if agents[j].readyMask & bit != 0 && !agents[j].shielded && agents[j].admitted(minimumStage: minimumStage)
                    && agents[j].meets(requirements) && !interactions[s].skips(b) && reserveAdmits(b, slot) {
                    return true
                }
            }
            return false
        }
        guard let list = rarestList(channel: c, requirements) else { return false }
        var node = ready.first(list)
        while node >= 0 {
            let b = ready.agent(node)
            let next = ready.next(node)
            let j = Int(b)
            if agents[j].readyMask & bit == 0 {
                ready.detach(node)
            } else if !agents[j].shielded && agents[j].admitted(minimumStage: minimumStage) && agents[j].meets(requirements)
                && agents[j].withinDemandingChatCap(chatCap) && !interactions[s].skips(b) && reserveAdmits(b, slot) {
                return true
            }
            node = next
        }
        return false
    }

    @inline(__always)
    func isValid(_ e: WaitEntry, bucket b: Int) -> Bool {
        let s = Int(e.slot)
        return interactions[s].serial == e.serial && interactions[s].placeGeneration == e.generation
            && interactions[s].alive && interactions[s].placement == .bucket(Int32(b))
    }

    /// The best entry of a bucket not skipping agent `a`.
    @inline(__always)
    mutating func top(of b: Int, excluding a: Int32) -> WaitEntry? {
        guard let e = buckets[b].best else { return nil }
        if interactions[Int(e.slot)].skips.isEmpty || !interactions[Int(e.slot)].skips(a) { return e }
        return searchPastSkipped(b, a)
    }

    /// Drops stale entries from the top of a bucket's heap and caches the best valid one.
    mutating func refreshBest(_ b: Int) {
        while let e = buckets[b].heap.min, !isValid(e, bucket: b) {
            buckets[b].heap.removeMin()
        }
        buckets[b].best = buckets[b].heap.min
    }

    /// Rare path: the top entries skip this agent; pop until one does not, then put them back.
    private mutating func searchPastSkipped(_ b: Int, _ a: Int32) -> WaitEntry? {
        var popped: [WaitEntry] = []
        var found: WaitEntry?
        while let e = buckets[b].heap.popMin() {
            guard isValid(e, bucket: b) else { continue }
            popped.append(e)
            if !interactions[Int(e.slot)].skips(a) {
                found = e
                break
            }
        }
        for e in popped { buckets[b].heap.insert(e) }
        return found
    }

    // MARK: Placement

    mutating func placeInBucket(_ slot: Int32) {
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        let c = interactions[s].channel
        var b: Int32
        let demanding = interactions[s].demanding
        let tier = interactions[s].tierRank
        if tier >= 0 {
            b = bucket(queue: Int32(q), channel: c, requirements: interactions[s].requirements, demanding: demanding,
                       tier: tier, dedicatedOnly: interactions[s].dedicatedOnly)
        } else if interactions[s].override == nil {
            let cacheIndex = QueueState.defaultBucketIndex(step: interactions[s].relaxStep, channel: c, demanding: demanding)
            b = queueState[q].defaultBuckets[cacheIndex]
            if b < 0 {
                b = bucket(queue: Int32(q), channel: c, requirements: interactions[s].requirements, demanding: demanding)
                queueState[q].defaultBuckets[cacheIndex] = b
            }
        } else {
            b = bucket(queue: Int32(q), channel: c, requirements: interactions[s].requirements, demanding: demanding)
        }
        interactions[s].placement = .bucket(b)
        interactions[s].placeGeneration &+= 1
        let rate = queues[q].agingRate
        let enqueuedAt = interactions[s].enqueuedAt
        let priority = interactions[s].priority &+ interactions[s].boost
        buckets[Int(b)].heap.insert(WaitEntry(
            key: staticPriorityKey(priority: priority, agingRate: rate, enqueuedAt: enqueuedAt),
            enqueuedAt: enqueuedAt,
            serial: interactions[s].serial,
            slot: slot,
            generation: interactions[s].placeGeneration
        ))
        buckets[Int(b)].live += 1
        enterWaiting(slot)
        let entry = WaitEntry(
            key: staticPriorityKey(priority: priority, agingRate: rate, enqueuedAt: enqueuedAt),
            enqueuedAt: enqueuedAt, serial: interactions[s].serial, slot: slot, generation: interactions[s].placeGeneration
        )
        if let best = buckets[Int(b)].best, !(entry < best) { return }
        buckets[Int(b)].best = entry
    }

    mutating func bucket(
        queue: Int32, channel: Int, requirements: [Requirement], demanding: Bool, tier: Int32 = -1, dedicatedOnly: Bool = false
    ) -> Int32 {
        let key = BucketKey(queue: queue, channel: channel, requirements: requirements, demanding: demanding,
                            tier: tier, dedicatedOnly: dedicatedOnly)
        if let b = bucketIndex[key] { return b }
        let b = Int32(buckets.count)
        buckets.append(WaitingBucket(queue: queue, channel: channel, requirements: requirements,
                                     agingRate: queues[Int(queue)].agingRate, demanding: demanding,
                                     minimumStage: queues[Int(queue)].minimumStage,
                                     newAgentDemandingChats: newAgentDemandingChatCap(queue: queue, channel: channel, demanding: demanding),
                                     tier: tier, dedicatedOnly: dedicatedOnly))
        bucketIndex[key] = b
        growIndexes()
        bucketsByList[ReadyAgentLists.listIndex(channel: channel, skill: requirements.first?.skill ?? -1)].append(b)
        return b
    }

    /// Takes a waiting interaction out of its bucket or preferred list.
    mutating func unplace(_ slot: Int32) {
        let s = Int(slot)
        switch interactions[s].placement {
        case .none:
            return
        case .bucket(let b):
            leaveWaiting(slot)
            let bi = Int(b)
            buckets[bi].live -= 1
            interactions[s].placeGeneration &+= 1
            interactions[s].placement = .none
            if buckets[bi].heap.count > 2 * buckets[bi].live + 32 {
                let kept = buckets[bi].heap.unordered.filter { isValid($0, bucket: bi) }
                buckets[bi].heap = Heap(kept)
            }
            if buckets[bi].best?.slot == slot { refreshBest(bi) }
        case .preferred:
            leaveWaiting(slot)
            let agent = interactions[s].preferredAgent ?? AgentID("")
            if var list = preferredWaiting.removeValue(forKey: agent) {
                list.removeAll { $0 == slot }
                if !list.isEmpty { preferredWaiting[agent] = list }
            }
            interactions[s].placeGeneration &+= 1
            interactions[s].placement = .none
        }
    }

    // MARK: Waiting bookkeeping

    /// Counts a placed interaction as waiting in its queue (an interaction is counted while it is
    /// parked in a bucket or a preferred list; one offered within its arrival call never is).
    mutating func enterWaiting(_ slot: Int32) {
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        interactions[s].waitGeneration &+= 1
        queueState[q].stats.waiting += 1
        queueState[q].oldest.insert(OldestEntry(
            enqueuedAt: interactions[s].enqueuedAt,
            serial: interactions[s].serial,
            slot: slot,
            generation: interactions[s].waitGeneration
        ))
        refreshOldest(q)
    }

    mutating func leaveWaiting(_ slot: Int32) {
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        queueState[q].stats.waiting -= 1
        interactions[s].waitGeneration &+= 1
        refreshOldest(q)
    }

    mutating func refreshOldest(_ q: Int) {
        func valid(_ e: OldestEntry) -> Bool {
            let s = Int(e.slot)
            return interactions[s].serial == e.serial && interactions[s].waitGeneration == e.generation
                && interactions[s].alive && interactions[s].queue == Int32(q)
        }
        while let top = queueState[q].oldest.min, !valid(top) {
            queueState[q].oldest.removeMin()
        }
        if queueState[q].oldest.count > 2 * queueState[q].stats.waiting + 64 {
            queueState[q].oldest = Heap(queueState[q].oldest.unordered.filter(valid))
        }
        queueState[q].stats.oldestWaitingSince = queueState[q].oldest.min.map { Instant(nanoseconds: $0.enqueuedAt) }
    }
}
