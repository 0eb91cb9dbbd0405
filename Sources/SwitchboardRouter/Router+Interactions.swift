import DequeModule
import HeapModule

extension Router {
    /// ``RoutingCommand/returnToQueue(_:)``: the agent's capacity is freed (wrap-up when it is still
    /// logged in) and the interaction routes again, ahead of later arrivals.
    mutating func performReturnToQueue(_ id: InteractionID, _ now: Int64) throws(RoutingError) {
        guard let slot = interactionIndex[id] else { throw .unknownInteraction(id) }
        let s = Int(slot)
        guard interactions[s].phase == .active else { throw .notTransferable(id, reason: "nobody is handling it") }
        clock = max(clock, now)
        let q = interactions[s].queue
        finishWork(agent: interactions[s].activeAgent, slot: slot, now)
        interactions[s].preferredActive = false
        enterQueue(slot, queue: q, now, countOffered: false)
        sink.append(.interaction(id, .requeued(queues[Int(q)].id)))
        pending.prepend(.interaction(slot, serial: interactions[s].serial))
        drain(now)
    }

    /// ``RoutingCommand/enqueue(_:)``: admitted, counted as offered to its queue, then routed.
    mutating func performEnqueue(_ request: InteractionRequest, _ now: Int64) throws(RoutingError) {
        let q = try admissibleQueue(for: request, checkSize: true)
        let slot = try admit(request, queue: q, now)
        enterQueue(slot, queue: q, now)
        enterRouting(slot, request, since: now, now)
    }

    /// The queue a new (or recovered) interaction may enter, or the refusal.
    func admissibleQueue(for request: InteractionRequest, checkSize: Bool) throws(RoutingError) -> Int32 {
        guard let q = queueIndex[request.queue] else { throw .unknownQueue(request.queue) }
        let maxSize = queues[Int(q)].maxSize
        guard queues[Int(q)].channelMask & request.channel.bit != 0 else { throw .channelNotAccepted(request.queue, request.channel) }
        guard (0...100).contains(request.priority) else { throw .invalidPriority(request.id, priority: request.priority) }
        guard !checkSize || queueState[Int(q)].stats.waiting < maxSize else { throw .queueFull(request.queue, maxSize: maxSize) }
        if let requirements = request.requirements {
            try Self.validateRequirements(requirements, field: "interaction[\(request.id)].requirements")
        }
        return q
    }

    /// Gives the interaction a slot, an index entry and the next serial; nothing is routed yet.
    mutating func admit(_ request: InteractionRequest, queue q: Int32, _ now: Int64) throws(RoutingError) -> Int32 {
        // One hash for both the duplicate check and the insertion.
        let slot = freeSlots.last ?? Int32(interactions.count)
        if let existing = interactionIndex.updateValue(slot, forKey: request.id) {
            interactionIndex[request.id] = existing
            throw .duplicateInteraction(request.id)
        }
        clock = max(clock, now)
        let override = request.requirements.map { skills.requirements($0) }
        if override != nil { growIndexes() }
        let serial = nextSerial
        nextSerial &+= 1
        occupySlot(slot, request, serial: serial, queue: q, override: override, now)
        return slot
    }

    /// Arms the preferred-agent fallback (counted from `since`) and the tier's (from the enqueue
    /// instant), announces the interaction and routes it.
    mutating func enterRouting(_ slot: Int32, _ request: InteractionRequest, since: Int64, _ now: Int64) {
        let serial = interactions[Int(slot)].serial
        if request.preferredAgent != nil {
            let fallback = request.preferredAgentFallback?.clampedNanoseconds ?? defaultPreferredFallback
            schedule(Deadline(at: since &+ fallback, kind: .preferredFallback, a: serial, b: 0, slot: slot,
                                      generation: interactions[Int(slot)].queueGeneration))
        }
        enterTier(slot, now)
        sink.append(.interaction(request.id, .queued(request.queue)))
        pending.append(.interaction(slot, serial: serial))
        drain(now)
    }

    mutating func performCancel(_ id: InteractionID, _ now: Int64) throws(RoutingError) {
        guard let slot = interactionIndex.removeValue(forKey: id) else { throw .unknownInteraction(id) }
        clock = max(clock, now)
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        switch interactions[s].phase {
        case .waiting:
            unplace(slot)
        case .offered:
            for o in interactions[s].offers {
                dropOffer(slot, agent: o.agent)
                touch(o.agent)
                sink.append(.revoke(interaction: id, agent: agents[Int(o.agent)].id, reason: .cancelled))
                pending.append(.agent(o.agent))
            }
        case .active:
            completeActive(slot, now, indexed: false, customerLeft: true)
            drain(now)
            return
        }
        queueState[q].stats.abandoned += 1
        sink.append(.interaction(id, .abandoned(waited: .nanoseconds(now - interactions[s].enqueuedAt))))
        forget(slot, indexed: false)
        drain(now)
    }

    /// Ends handling of an active interaction (agent completed or customer hung up).
    mutating func completeActive(_ slot: Int32, _ now: Int64, indexed: Bool = true, customerLeft: Bool = false) {
        let s = Int(slot)
        let a = interactions[s].activeAgent
        let q = Int(interactions[s].queue)
        let handled = now - interactions[s].assignedAt
        queueState[q].stats.completed += 1
        queueState[q].stats.totalHandleTime += .nanoseconds(handled)
        sink.append(.interaction(interactions[s].id, .completed(by: agents[Int(a)].id, handled: .nanoseconds(handled), customerLeft: customerLeft)))
        finishWork(agent: a, slot: slot, now)
        forget(slot, indexed: indexed)
    }

    /// ``RoutingCommand/transfer(_:to:)``: validated (target queue, channel, room) before any change.
    mutating func performTransfer(_ id: InteractionID, _ target: QueueID, _ now: Int64) throws(RoutingError) {
        guard let slot = interactionIndex[id] else { throw .unknownInteraction(id) }
        guard let t = queueIndex[target] else { throw .unknownQueue(target) }
        let s = Int(slot)
        guard let channel = Channel(index: interactions[s].channel), queues[Int(t)].channelMask & channel.bit != 0 else {
            throw .channelNotAccepted(target, Channel(index: interactions[s].channel) ?? .voice)
        }
        guard queueState[Int(t)].stats.waiting < queues[Int(t)].maxSize else {
            throw .queueFull(target, maxSize: queues[Int(t)].maxSize)
        }
        clock = max(clock, now)
        let from = queues[Int(interactions[s].queue)].id
        switch interactions[s].phase {
        case .waiting:
            unplace(slot)
        case .offered:
            for o in interactions[s].offers {
                dropOffer(slot, agent: o.agent)
                touch(o.agent)
                sink.append(.revoke(interaction: id, agent: agents[Int(o.agent)].id, reason: .transferred))
                pending.append(.agent(o.agent))
            }
        case .active:
            finishWork(agent: interactions[s].activeAgent, slot: slot, now)
        }
        interactions[s].offers = []
        interactions[s].preferredActive = false
        enterQueue(slot, queue: t, now)
        sink.append(.interaction(id, .transferred(from: from, to: target)))
        pending.prepend(.interaction(slot, serial: interactions[s].serial))
        drain(now)
    }
}
