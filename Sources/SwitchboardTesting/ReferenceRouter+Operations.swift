public import SwitchboardRouter

extension ReferenceRouter {
    /// Earliest pending timer, by (instant, kind, a, b) like ``Router``; found by scanning everything.
    public var nextDeadline: Instant? { nextTimer().map { Instant(nanoseconds: $0.at) } }

    struct Timer {
        var at: Int64
        var kind: Int
        var a: Int
        var b: Int
    }

    func nextTimer() -> Timer? {
        var timers: [Timer] = []
        for item in items {
            for o in item.offers { timers.append(Timer(at: o.expiresAt, kind: 0, a: item.serial, b: o.agent)) }
            for s in item.skips { timers.append(Timer(at: s.until, kind: 2, a: item.serial, b: s.agent)) }
            if item.preferredActive { timers.append(Timer(at: item.fallbackAt, kind: 3, a: item.serial, b: 0)) }
            if item.dedicatedOnly { timers.append(Timer(at: tierFallbackAt(item), kind: 4, a: item.serial, b: 0)) }
            let queue = q(item.queue)
            if item.phase != .active, item.relaxStep < queue.relaxation.count {
                let step = queue.relaxation[item.relaxStep]
                timers.append(Timer(at: item.queueEnteredAt + ns(step.after), kind: 5, a: item.serial, b: item.relaxStep + 1))
            }
            if item.phase == .waiting, let maxWait = queue.maxWait {
                timers.append(Timer(at: item.queueEnteredAt + ns(maxWait), kind: 6, a: item.serial, b: 0))
            }
        }
        for (a, agent) in agents.enumerated() {
            for w in agent.wrapUps { timers.append(Timer(at: w.until, kind: 1, a: a, b: w.serial)) }
        }
        return timers.min { ($0.at, $0.kind, $0.a, $0.b) < ($1.at, $1.kind, $1.a, $1.b) }
    }

    mutating func advance(to now: Instant) -> [RoutingEffect] {
        effects = []
        while let timer = nextTimer(), timer.at <= now.nanoseconds {
            fire(timer, at: max(timer.at, clock))
        }
        clock = max(clock, now.nanoseconds)
        return effects
    }

    mutating func fire(_ timer: Timer, at now: Int64) {
        switch timer.kind {
        case 0:
            let i = itemIndex(serial: timer.a)!
            let a = timer.b
            let id = items[i].id
            effects.append(.interaction(id, .missed(by: agents[a].profile.id)))
            effects.append(.revoke(interaction: id, agent: agents[a].profile.id, reason: .timedOut))
            let wasAvailable = agents[a].state == .available
            if wasAvailable {
                agents[a].state = .notReady(reason: AgentState.noAnswerReason)
                effects.append(.agentStateChanged(agent: agents[a].profile.id, state: .notReady(reason: AgentState.noAnswerReason)))
            }
            releaseOffer(i, agent: a, now)
            if wasAvailable { releasePreferredWaiters(of: a) }
        case 1:
            let a = timer.a
            let k = agents[a].wrapUps.firstIndex { $0.serial == timer.b && $0.until == timer.at }!
            endWrapUp(a, k, now, reindex: true)
        case 2:
            let i = itemIndex(serial: timer.a)!
            items[i].skips.removeAll { $0.agent == timer.b && $0.until == timer.at }
            reroute(i)
        case 3:
            let i = itemIndex(serial: timer.a)!
            items[i].preferredActive = false
            reroute(i)
        case 4:
            let i = itemIndex(serial: timer.a)!
            items[i].dedicatedOnly = false
            // Work waiting for its preferred agent keeps waiting; the tier's phase matters after.
            if items[i].phase == .waiting && items[i].placed && !items[i].preferredActive { reroute(i) }
        case 5:
            let i = itemIndex(serial: timer.a)!
            items[i].relaxStep = timer.b
            items[i].requirements = requirements(of: items[i])
            effects.append(.interaction(items[i].id, .relaxed(step: timer.b)))
            reroute(i)
        default:
            let i = itemIndex(serial: timer.a)!
            items[i].placed = false
            if applyMaxWait(i, now) { pending.append(.item(timer.a)) }
        }
        drain(now)
    }

    mutating func reroute(_ i: Int) {
        guard items[i].phase == .waiting else { return }
        items[i].placed = false
        pending.append(.item(items[i].serial))
    }

    // MARK: Interactions

    mutating func enqueue(_ request: InteractionRequest, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let queue = queue(request.queue) else { throw .unknownQueue(request.queue) }
        guard queue.channels.contains(request.channel) else { throw .channelNotAccepted(request.queue, request.channel) }
        guard (0...100).contains(request.priority) else { throw .invalidPriority(request.id, priority: request.priority) }
        guard itemIndex(request.id) == nil else { throw .duplicateInteraction(request.id) }
        if let max = queue.maxSize, waiting(in: request.queue) >= max { throw .queueFull(request.queue, maxSize: max) }
        clock = max(clock, now)
        var item = Item(id: request.id, serial: serialCounter, queue: request.queue, channel: request.channel,
                        priority: request.priority, override: request.requirements, enqueuedAt: now, queueEnteredAt: now)
        serialCounter += 1
        item.customerId = request.customerId
        item.tier = request.tier
        item.preferredAgent = request.preferredAgent
        item.preferredActive = request.preferredAgent != nil
        item.preferredPresence = request.preferredAgentPresence
        item.demanding = request.demanding
        item.tierRank = tierRank(request.tier)
        item.dedicatedOnly = item.tierRank.map { ns(configuration.tiers[$0].fallback) > 0 } ?? false
        item.fallbackAt = now + ns(request.preferredAgentFallback ?? configuration.defaultPreferredAgentFallback)
        items.append(item)
        enterQueue(items.count - 1, request.queue, now)
        effects.append(.interaction(request.id, .queued(request.queue)))
        pending.append(.item(item.serial))
        drain(now)
        return effects
    }

    mutating func enterQueue(_ i: Int, _ queue: QueueID, _ now: Int64) {
        items[i].queue = queue
        items[i].queueEnteredAt = now
        items[i].relaxStep = 0
        items[i].requirements = requirements(of: items[i])
        items[i].activeAgent = -1
        items[i].phase = .waiting
    }

    mutating func cancel(_ id: InteractionID, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let i = itemIndex(id) else { throw .unknownInteraction(id) }
        clock = max(clock, now)
        switch items[i].phase {
        case .waiting:
            break
        case .offered:
            for o in items[i].offers {
                agents[o.agent].offers.removeAll { $0 == items[i].serial }
                agents[o.agent].load[items[i].channel.index] -= 1
                touch(o.agent)
                effects.append(.revoke(interaction: id, agent: agents[o.agent].profile.id, reason: .cancelled))
                pending.append(.agent(o.agent))
            }
        case .active:
            completeActive(i, now, customerLeft: true)
            drain(now)
            return effects
        }
        effects.append(.interaction(id, .abandoned(waited: .nanoseconds(now - items[i].enqueuedAt))))
        items.remove(at: i)
        drain(now)
        return effects
    }

    mutating func completeActive(_ i: Int, _ now: Int64, customerLeft: Bool = false) {
        let a = items[i].activeAgent
        effects.append(.interaction(items[i].id, .completed(by: agents[a].profile.id, handled: .nanoseconds(now - items[i].assignedAt), customerLeft: customerLeft)))
        finishWork(a, i, now)
        items.remove(at: i)
    }

    mutating func finishWork(_ a: Int, _ i: Int, _ now: Int64) {
        agents[a].active.removeAll { $0 == items[i].serial }
        let wrapUp = ns(q(items[i].queue).wrapUp)
        if wrapUp > 0 && agents[a].state != .offline {
            agents[a].wrapUps.append(WrapUp(interaction: items[i].id, serial: items[i].serial, channel: items[i].channel, until: now + wrapUp,
                                            demanding: items[i].demanding))
            effects.append(.wrapUpStarted(agent: agents[a].profile.id, interaction: items[i].id, until: Instant(nanoseconds: now + wrapUp)))
        } else {
            agents[a].load[items[i].channel.index] -= 1
            touch(a)
            pending.append(.agent(a))
        }
    }

    mutating func endWrapUp(_ a: Int, _ k: Int, _ now: Int64, reindex: Bool) {
        let w = agents[a].wrapUps.remove(at: k)
        effects.append(.wrapUpEnded(agent: agents[a].profile.id, interaction: w.interaction))
        agents[a].load[w.channel.index] -= 1
        if reindex {
            touch(a)
            pending.append(.agent(a))
        }
    }

    mutating func transfer(_ id: InteractionID, to target: QueueID, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let i = itemIndex(id) else { throw .unknownInteraction(id) }
        guard let queue = queue(target) else { throw .unknownQueue(target) }
        guard queue.channels.contains(items[i].channel) else { throw .channelNotAccepted(target, items[i].channel) }
        if let max = queue.maxSize, waiting(in: target) >= max { throw .queueFull(target, maxSize: max) }
        clock = max(clock, now)
        let from = items[i].queue
        switch items[i].phase {
        case .waiting:
            break
        case .offered:
            for o in items[i].offers {
                agents[o.agent].offers.removeAll { $0 == items[i].serial }
                agents[o.agent].load[items[i].channel.index] -= 1
                touch(o.agent)
                effects.append(.revoke(interaction: id, agent: agents[o.agent].profile.id, reason: .transferred))
                pending.append(.agent(o.agent))
            }
        case .active:
            finishWork(items[i].activeAgent, i, now)
        }
        items[i].offers = []
        items[i].placed = false
        items[i].preferredActive = false
        enterQueue(i, target, now)
        effects.append(.interaction(id, .transferred(from: from, to: target)))
        pending.insert(.item(items[i].serial), at: 0)
        drain(now)
        return effects
    }

    // MARK: Offers

    func offered(_ id: InteractionID, _ agent: AgentID) throws(RoutingError) -> (Int, Int) {
        guard let i = itemIndex(id) else { throw .unknownInteraction(id) }
        guard let a = agentIndex(agent) else { throw .unknownAgent(agent) }
        guard items[i].phase == .offered, items[i].offers.contains(where: { $0.agent == a }) else { throw .notOffered(id, to: agent) }
        return (i, a)
    }

    mutating func accept(_ id: InteractionID, by agent: AgentID, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        let (i, a) = try offered(id, agent)
        clock = max(clock, now)
        let serial = items[i].serial
        items[i].offers.removeAll { $0.agent == a }
        agents[a].offers.removeAll { $0 == serial }
        agents[a].active.append(serial)
        agents[a].handled += 1
        let others = items[i].offers
        items[i].offers = []
        items[i].phase = .active
        items[i].activeAgent = a
        items[i].assignedAt = now
        items[i].preferredActive = false
        effects.append(.interaction(id, .assigned(agent, waited: .nanoseconds(now - items[i].enqueuedAt))))
        for o in others {
            agents[o.agent].offers.removeAll { $0 == serial }
            agents[o.agent].load[items[i].channel.index] -= 1
            touch(o.agent)
            effects.append(.revoke(interaction: id, agent: agents[o.agent].profile.id, reason: .acceptedElsewhere))
            pending.append(.agent(o.agent))
        }
        drain(now)
        return effects
    }

    mutating func reject(_ id: InteractionID, by agent: AgentID, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        let (i, a) = try offered(id, agent)
        clock = max(clock, now)
        effects.append(.interaction(id, .rejected(by: agent)))
        releaseOffer(i, agent: a, now)
        drain(now)
        return effects
    }

    mutating func releaseOffer(_ i: Int, agent a: Int, _ now: Int64) {
        let serial = items[i].serial
        items[i].offers.removeAll { $0.agent == a }
        agents[a].offers.removeAll { $0 == serial }
        agents[a].load[items[i].channel.index] -= 1
        touch(a)
        let until = now + ns(q(items[i].queue).rejectionSkip)
        if let k = items[i].skips.firstIndex(where: { $0.agent == a }) {
            items[i].skips[k].until = until
        } else {
            items[i].skips.append((a, until))
        }
        if items[i].offers.isEmpty {
            items[i].phase = .waiting
            effects.append(.interaction(items[i].id, .requeued(items[i].queue)))
            pending.append(.item(serial))
        }
        pending.append(.agent(a))
    }

    mutating func complete(_ id: InteractionID, by agent: AgentID, at instant: Instant) throws(RoutingError) -> [RoutingEffect] {
        effects = []
        let now = instant.nanoseconds
        guard let i = itemIndex(id) else { throw .unknownInteraction(id) }
        guard let a = agentIndex(agent) else { throw .unknownAgent(agent) }
        guard items[i].phase == .active, items[i].activeAgent == a else { throw .notAssigned(id, to: agent) }
        clock = max(clock, now)
        completeActive(i, now)
        drain(now)
        return effects
    }
}
