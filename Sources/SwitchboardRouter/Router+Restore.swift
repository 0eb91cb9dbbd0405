extension Router {
    /// ``RoutingCommand/restoreWaiting(_:enqueuedAt:queueEnteredAt:)``. Timers count from the queue
    /// entry, clamped to `now`; the enqueue instant is clamped to the queue entry.
    mutating func performRestoreWaiting(_ request: InteractionRequest, enqueuedAt: Int64, queueEnteredAt: Int64, _ now: Int64) throws(RoutingError) {
        let q = try admissibleQueue(for: request, checkSize: false)
        let slot = try admit(request, queue: q, now)
        let entered = min(queueEnteredAt, now)
        enterQueue(slot, queue: q, entered)
        interactions[Int(slot)].enqueuedAt = min(enqueuedAt, entered)
        enterRouting(slot, request, since: entered, now)
    }

    /// ``RoutingCommand/restoreActive(_:agent:enqueuedAt:assignedAt:)``: active on the agent, holding
    /// its capacity even above a lowered one; no effect is emitted.
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
        enterTier(slot, now)
        addLoad(a, channel: interactions[s].channel, demanding: interactions[s].demanding)
        agents[Int(a)].active.append(slot)
        touch(a)
    }
}
