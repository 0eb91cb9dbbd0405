import SwitchboardRouter

extension ReferenceRouter {
    mutating func login(_ agent: AgentID, state: AgentState = .available, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let a = agentIndex(agent), agents[a].inRoster else { throw .unknownAgent(agent) }
        guard agents[a].state == .offline, state != .offline, !agents[a].retiring else { return effects }
        clock = max(clock, now)
        agents[a].state = state
        agents[a].handled = 0
        effects.append(.agentStateChanged(agent: agent, state: state))
        touch(a)
        pending.append(.agent(a))
        drain(now)
        return effects
    }

    mutating func logout(_ agent: AgentID, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let a = agentIndex(agent) else { throw .unknownAgent(agent) }
        guard agents[a].state != .offline else { throw .agentNotLoggedIn(agent) }
        clock = max(clock, now)
        logOut(a, now)
        drain(now)
        return effects
    }

    mutating func logOut(_ a: Int, _ now: Int64) {
        for serial in agents[a].offers {
            let i = itemIndex(serial: serial)!
            items[i].offers.removeAll { $0.agent == a }
            agents[a].load[items[i].channel.index] -= 1
            effects.append(.revoke(interaction: items[i].id, agent: agents[a].profile.id, reason: .agentLoggedOut))
            if items[i].offers.isEmpty {
                items[i].phase = .waiting
                effects.append(.interaction(items[i].id, .requeued(items[i].queue)))
                pending.append(.item(serial))
            }
        }
        agents[a].offers = []
        while !agents[a].wrapUps.isEmpty { endWrapUp(a, 0, now, reindex: false) }
        agents[a].state = .offline
        effects.append(.agentStateChanged(agent: agents[a].profile.id, state: .offline))
        touch(a)
        releasePreferredWaiters(of: a)
        releaseDedicatedWaiters(of: a)
    }

    /// Items waiting in a dedicated phase of one of the agent's tiers with no dedicated agent left
    /// to wait for go to everyone, oldest first.
    mutating func releaseDedicatedWaiters(of a: Int) {
        let own = tiers(of: a)
        guard !own.isEmpty else { return }
        for i in items.indices where items[i].phase == .waiting && items[i].placed && !items[i].preferredActive && items[i].dedicatedOnly
            && own.contains(items[i].tierRank!) && !dedicatedAgentQualifies(for: items[i]) {
            items[i].dedicatedOnly = false
            reroute(i)
        }
    }

    /// Items waiting for this agent that it no longer qualifies for go to everyone, oldest first.
    mutating func releasePreferredWaiters(of a: Int) {
        for i in items.indices where items[i].phase == .waiting && items[i].placed && items[i].preferredActive
            && items[i].preferredAgent == agents[a].profile.id && !preferredAgentQualifies(a, for: items[i]) {
            items[i].preferredActive = false
            reroute(i)
        }
    }

    mutating func setState(_ agent: AgentID, _ state: AgentState, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let a = agentIndex(agent) else { throw .unknownAgent(agent) }
        guard agents[a].state != .offline else { throw .agentNotLoggedIn(agent) }
        clock = max(clock, now)
        switch state {
        case .offline:
            logOut(a, now)
        case .available:
            while !agents[a].wrapUps.isEmpty { endWrapUp(a, 0, now, reindex: true) }
            if agents[a].state != .available {
                agents[a].state = .available
                effects.append(.agentStateChanged(agent: agent, state: .available))
                touch(a)
            }
            pending.append(.agent(a))
        case .notReady:
            guard agents[a].state != state else { return effects }
            agents[a].state = state
            effects.append(.agentStateChanged(agent: agent, state: state))
            touch(a)
            releasePreferredWaiters(of: a)
        }
        drain(now)
        return effects
    }

    /// The profile, then the state, after checking both like the router does (profiles are trusted).
    mutating func setAgent(_ agent: AgentID, profile: AgentProfile?, state: AgentState?, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        if let profile, profile.id != agent {
            throw .invalidConfiguration(field: "profile.id", value: profile.id.rawValue, reason: "the profile is not agent '\(agent)''s")
        }
        if state != nil {
            guard let a = agentIndex(agent) else { throw .unknownAgent(agent) }
            guard agents[a].state != .offline else { throw .agentNotLoggedIn(agent) }
        } else if profile == nil {
            guard agentIndex(agent) != nil else { throw .unknownAgent(agent) }
        }
        var all: [RoutingEffect] = []
        if let profile { all += try updateAgent(profile, at: instant) }
        if let state { all += try setState(agent, state, at: instant) }
        effects = all
        return all
    }

    mutating func updateAgent(_ profile: AgentProfile, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        clock = max(clock, now)
        if let a = agentIndex(profile.id) {
            agents[a].profile = profile
            agents[a].inRoster = true
            touch(a)
            releasePreferredWaiters(of: a)
            releaseDedicatedWaiters(of: a)
            pending.append(.agent(a))
        } else {
            agents.append(Agent(profile: profile))
        }
        drain(now)
        return effects
    }

    mutating func setShielded(_ agent: AgentID, _ shielded: Bool, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        guard let a = agentIndex(agent) else { throw .unknownAgent(agent) }
        clock = max(clock, instant.nanoseconds)
        agents[a].shieldRequested = shielded
        return effects
    }

    // MARK: Decisions, by scanning

    mutating func drain(_ now: Int64) {
        while !pending.isEmpty {
            switch pending.removeFirst() {
            case .item(let serial):
                guard let i = itemIndex(serial: serial), items[i].phase == .waiting, !items[i].placed else { continue }
                dispatchItem(serial, now)
            case .agent(let a):
                dispatchAgent(a, now)
            }
        }
    }

    mutating func dispatchItem(_ serial: Int, _ now: Int64) {
        while true {
            guard let i = itemIndex(serial: serial) else { return }
            let queue = q(items[i].queue)
            if let maxWait = queue.maxWait, now >= items[i].queueEnteredAt + ns(maxWait) {
                guard applyMaxWait(i, now) else { return }
                continue
            }
            if items[i].preferredActive,
               items[i].preferredAgent.flatMap({ agentIndex($0) }).map({ preferredAgentQualifies($0, for: items[i]) }) != true {
                items[i].preferredActive = false
            }
            if items[i].preferredActive {
                if let preferred = items[i].preferredAgent, let a = agentIndex(preferred), eligible(a, for: items[i]) {
                    offer(i, to: a, now)
                } else {
                    items[i].placed = true
                }
                return
            }
            if items[i].dedicatedOnly, now >= tierFallbackAt(items[i]) || !dedicatedAgentQualifies(for: items[i]) {
                items[i].dedicatedOnly = false
            }
            let picked = pick(for: items[i], limit: queue.parallelOffers)
            if picked.isEmpty {
                items[i].placed = true
                return
            }
            for a in picked { offer(i, to: a, now) }
            return
        }
    }

    /// Up to `limit` eligible agents by the queue's strategy; ties go to the longest idle. Demanding
    /// work goes to unshielded agents alone when any is eligible.
    ///
    /// Tiered work: the tier's dedicated agents when any is eligible, else (out of the dedicated phase)
    /// everyone; for demanding work, unshielded dedicated agents, unshielded agents, shielded dedicated
    /// agents, then everyone.
    mutating func pick(for item: Item, limit: Int) -> [Int] {
        // (dedicated agents only, unshielded agents only), tried in order until one has an eligible agent.
        var stages: [(Bool, Bool)]
        if item.tierRank != nil {
            let open = !item.dedicatedOnly
            stages = item.demanding ? [(true, true)] + (open ? [(false, true)] : []) + [(true, false)] + (open ? [(false, false)] : [])
                : [(true, false)] + (open ? [(false, false)] : [])
        } else {
            stages = item.demanding ? [(false, true), (false, false)] : [(false, false)]
        }
        guard let stage = stages.first(where: { stage in agents.indices.contains { candidate($0, for: item, [], stage) } }) else { return [] }
        let queue = q(item.queue)
        var chosen: [Int] = []
        for _ in 0..<limit {
            let candidates = agents.indices
                .filter { candidate($0, for: item, chosen, stage) }
                .sorted { agents[$0].stamp < agents[$1].stamp }
            guard !candidates.isEmpty else { break }
            let best: Int
            switch queue.strategy {
            case .longestIdle:
                best = candidates[0]
            case .random:
                best = candidates[rng.next(below: candidates.count)]
            case .leastOccupied:
                func capacity(_ a: Int) -> Int {
                    let sum = agents[a].profile.capacity.values.reduce(0) { $0 + max(0, $1) }
                    return max(1, agents[a].profile.totalCapacity.map { min($0, sum) } ?? sum)
                }
                func load(_ a: Int) -> Int { agents[a].load.reduce(0, +) }
                best = candidates.min { load($0) * capacity($1) < load($1) * capacity($0) }!
            case .mostSkilled:
                func score(_ a: Int) -> Int { item.requirements.keys.reduce(0) { $0 + (agents[a].profile.skills[$1] ?? 0) } }
                best = candidates.min { score($0) > score($1) }!
            case .roundRobin:
                let n = agents.count
                let cursor = roundRobin[item.queue] ?? -1
                best = candidates.min { ($0 - cursor - 1 + n) % n < ($1 - cursor - 1 + n) % n }!
                roundRobin[item.queue] = best
            case .fewestHandled:
                best = candidates.min { agents[$0].handled < agents[$1].handled }!
            }
            chosen.append(best)
        }
        return chosen
    }

    /// Eligible in a pick stage (dedicated agents only, unshielded agents only), past those already chosen.
    func candidate(_ a: Int, for item: Item, _ chosen: [Int], _ stage: (dedicatedOnly: Bool, unshieldedOnly: Bool)) -> Bool {
        eligible(a, for: item, excluding: chosen) && !chosen.contains(a) && !(stage.unshieldedOnly && shielded(a))
            && (!stage.dedicatedOnly || dedicated(a, to: item.tierRank!))
    }

    mutating func offer(_ i: Int, to a: Int, _ now: Int64) {
        let expires = now + ns(q(items[i].queue).offerTimeout)
        let heldByReserve = isFree(a) && tiers(of: a).contains { configuration.tiers[$0].reserve > 0 }
        items[i].phase = .offered
        items[i].placed = false
        items[i].offers.append((a, expires))
        agents[a].load[items[i].channel.index] += 1
        agents[a].offers.append(items[i].serial)
        touch(a)
        // No longer free, no longer held back by a reserve: it may take more, other work included.
        if heldByReserve { pending.append(.agent(a)) }
        let item = items[i]
        let offered = OfferedInteraction(id: item.id, channel: item.channel, queue: item.queue, priority: item.priority,
                                         customerId: item.customerId, tier: item.tier, enqueuedAt: Instant(nanoseconds: item.enqueuedAt),
                                         demanding: item.demanding)
        effects.append(.offer(offered, agent: agents[a].profile.id, expiresAt: Instant(nanoseconds: expires)))
    }

    mutating func dispatchAgent(_ a: Int, _ now: Int64) {
        if agents[a].retiring && !holdsWork(a) {
            agents[a].retiring = false
            agents[a].inRoster = false
            if agents[a].state != .offline {
                agents[a].state = .offline
                effects.append(.agentStateChanged(agent: agents[a].profile.id, state: .offline))
            }
            touch(a)
            return
        }
        if agents[a].becameFree {
            agents[a].becameFree = false
            // Its freedom may lift a reserve that held the tier's other free agents back.
            if isFree(a) {
                var others: [Int] = []
                for t in tiers(of: a) where configuration.tiers[t].reserve > 0
                    && agents.indices.filter({ dedicated($0, to: t) && isFree($0) }).count > configuration.tiers[t].reserve {
                    for b in agents.indices where b != a && dedicated(b, to: t) && isFree(b) && !others.contains(b) { others.append(b) }
                }
                for b in others { pending.append(.agent(b)) }
            }
        }
        while readyAnywhere(a) {
            let own = tiers(of: a)
            let all = items.indices.filter { i in
                items[i].phase == .waiting && items[i].placed && eligible(a, for: items[i])
                    && (items[i].preferredActive ? items[i].preferredAgent == agents[a].profile.id
                        : (!items[i].dedicatedOnly || dedicated(a, to: items[i].tierRank!)))
            }
            // Its tiers' work first, highest tier first; then the rest.
            let groups = own.map { t in all.filter { items[$0].tierRank == t } }
                + [all.filter { items[$0].tierRank.map { !own.contains($0) } ?? true }]
            // A shielded agent: work that is not demanding first; then demanding work that no
            // unshielded agent is ready for. Left to an unshielded agent, it looks again later.
            var leftToUnshielded = false
            var chosen: Int?
            for var candidates in groups {
                if shielded(a) {
                    let ordinary = candidates.filter { !items[$0].demanding }
                    if ordinary.isEmpty {
                        leftToUnshielded = leftToUnshielded || candidates.contains { unshieldedAgentReady(for: items[$0]) }
                        candidates = candidates.filter { !unshieldedAgentReady(for: items[$0]) }
                    } else {
                        candidates = ordinary
                    }
                }
                guard var best = candidates.first else { continue }
                for i in candidates where servedBefore(items[i], items[best], at: now) { best = i }
                chosen = best
                break
            }
            guard let best = chosen else {
                if leftToUnshielded { pending.append(.agent(a)) }
                return
            }
            offer(best, to: a, now)
        }
    }

    mutating func applyMaxWait(_ i: Int, _ now: Int64) -> Bool {
        let queue = q(items[i].queue)
        switch queue.onMaxWait {
        case .overflow(let target):
            if let max = q(target).maxSize, waiting(in: target) >= max {
                effects.append(.interaction(items[i].id, .ended(reason: "overflow_queue_full")))
                items.remove(at: i)
                return false
            }
            items[i].preferredActive = false
            enterQueue(i, target, now)
            effects.append(.interaction(items[i].id, .overflowed(from: queue.id, to: target)))
            return true
        case .end(let reason):
            effects.append(.interaction(items[i].id, .ended(reason: reason)))
            items.remove(at: i)
            return false
        }
    }
}
