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
            let q = try r.admissibleQueue(for: request, checkSize: false)
            let slot = try r.admit(request, queue: q, now.nanoseconds)
            let entered = min(queueEnteredAt.nanoseconds, now.nanoseconds)
            r.enterQueue(slot, queue: q, entered)
            r.interactions[Int(slot)].enqueuedAt = min(enqueuedAt.nanoseconds, entered)
            r.enterRouting(slot, request, since: entered, now.nanoseconds)
        }
        return effects
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
        guard let a = agentIndex[agent], agents[Int(a)].inRoster else { throw .unknownAgent(agent) }
        var effects: [RoutingEffect] = []
        try collect(&effects) { (r: inout Router) throws(RoutingError) in
            let q = try r.admissibleQueue(for: request, checkSize: false)
            let slot = try r.admit(request, queue: q, now.nanoseconds)
            let s = Int(slot)
            let assigned = min(assignedAt.nanoseconds, now.nanoseconds)
            r.interactions[s].enqueuedAt = min(enqueuedAt.nanoseconds, assigned)
            r.interactions[s].queueEnteredAt = r.interactions[s].enqueuedAt
            r.interactions[s].requirements = r.interactions[s].override ?? r.queues[Int(q)].requirementsByStep[0]
            r.interactions[s].phase = .active
            r.interactions[s].activeAgent = a
            r.interactions[s].assignedAt = assigned
            r.interactions[s].preferredActive = false
            r.addLoad(a, channel: r.interactions[s].channel)
            r.agents[Int(a)].active.append(slot)
            r.touch(a)
        }
        return effects
    }
}
