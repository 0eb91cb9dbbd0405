extension Router {
    /// Puts back a waiting interaction recovered after a restart, keeping its place.
    ///
    /// `enqueuedAt` (its original arrival, which may lie before any instant this router has seen)
    /// orders it among the others; `queueEnteredAt` is when it entered its current queue, so its
    /// relaxation steps, max wait and preferred-agent fallback count from there (steps already due
    /// apply at the next ``advance(to:)``). The queue's max size does not apply: a customer who was
    /// already waiting is never turned away. Restore in original order so that ties keep it.
    ///
    /// - Throws: unknown queue, channel not accepted, duplicate id, invalid priority or requirements.
    @discardableResult
    public mutating func restoreWaiting(
        _ request: InteractionRequest, enqueuedAt: Instant, queueEnteredAt: Instant, at now: Instant
    ) throws(RoutingError) -> [RoutingEffect] {
        var effects: [RoutingEffect] = []
        try collect(&effects) { (r: inout Router) throws(RoutingError) in
            try r.performRestoreWaiting(request, enqueuedAt: enqueuedAt.nanoseconds, queueEnteredAt: queueEnteredAt.nanoseconds, now.nanoseconds)
        }
        return effects
    }

    mutating func performRestoreWaiting(_ request: InteractionRequest, enqueuedAt: Int64, queueEnteredAt: Int64, _ now: Int64) throws(RoutingError) {
        let q = try admissibleQueue(for: request, checkSize: false)
        let slot = try admit(request, queue: q, now)
        let entered = min(queueEnteredAt, now)
        enterQueue(slot, queue: q, entered)
        interactions[Int(slot)].enqueuedAt = min(enqueuedAt, entered)
        enterRouting(slot, request, since: entered, now)
    }

    /// Puts back an interaction an agent was handling when the server stopped: active on that agent,
    /// holding its capacity (even above a lowered one), while the agent is offline, as after a
    /// disconnect. Nothing is announced: nobody's view changed.
    ///
    /// - Throws: unknown agent (not in the roster), unknown queue, channel not accepted, duplicate id,
    ///   invalid priority or requirements.
    @discardableResult
    public mutating func restoreActive(
        _ request: InteractionRequest, agent: AgentID, enqueuedAt: Instant, assignedAt: Instant, at now: Instant
    ) throws(RoutingError) -> [RoutingEffect] {
        var effects: [RoutingEffect] = []
        try collect(&effects) { (r: inout Router) throws(RoutingError) in
            try r.performRestoreActive(request, agent: agent, enqueuedAt: enqueuedAt.nanoseconds, assignedAt: assignedAt.nanoseconds, now.nanoseconds)
        }
        return effects
    }

    mutating func performRestoreActive(_ request: InteractionRequest, agent: AgentID, enqueuedAt: Int64, assignedAt: Int64, _ now: Int64) throws(RoutingError) {
        guard let a = agentIndex[agent], agents[Int(a)].inRoster else { throw .unknownAgent(agent) }
        let q = try admissibleQueue(for: request, checkSize: false)
        let slot = try admit(request, queue: q, now)
        let s = Int(slot)
        let assigned = min(assignedAt, now)
        interactions[s].enqueuedAt = min(enqueuedAt, assigned)
        interactions[s].queueEnteredAt = interactions[s].enqueuedAt
        interactions[s].requirements = interactions[s].override ?? queues[Int(q)].requirementsByStep[0]
        interactions[s].phase = .active
        interactions[s].activeAgent = a
        interactions[s].assignedAt = assigned
        interactions[s].preferredActive = false
        addLoad(a, channel: interactions[s].channel)
        agents[Int(a)].active.append(slot)
        touch(a)
    }
}
