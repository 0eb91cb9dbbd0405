import DequeModule
import HeapModule

extension Router {
    /// The interaction's slot and the agent's index when an offer of it to that agent is pending.
    func offered(_ id: InteractionID, to agent: AgentID) throws(RoutingError) -> (slot: Int32, agent: Int32) {
        guard let slot = interactionIndex[id] else { throw .unknownInteraction(id) }
        guard let a = agentIndex[agent] else { throw .unknownAgent(agent) }
        guard interactions[Int(slot)].phase == .offered, interactions[Int(slot)].offers.contains(where: { $0.agent == a }) else {
            throw .notOffered(id, to: agent)
        }
        return (slot, a)
    }

    /// ``RoutingCommand/accept(_:by:)``: parallel offers are revoked in the same step, so exactly one
    /// agent ever holds the interaction and a later accept by another agent fails with `notOffered`.
    mutating func performAccept(_ id: InteractionID, _ agent: AgentID, _ now: Int64) throws(RoutingError) {
        let (slot, a) = try offered(id, to: agent)
        clock = max(clock, now)
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        if let k = interactions[s].offers.firstIndex(where: { $0.agent == a }) { interactions[s].offers.remove(at: k) }
        if let k = agents[Int(a)].offers.firstIndex(of: slot) { agents[Int(a)].offers.remove(at: k) }
        agents[Int(a)].active.append(slot)
        agents[Int(a)].handled += 1
        let others = interactions[s].offers
        interactions[s].offers = []
        interactions[s].phase = .active
        interactions[s].activeAgent = a
        interactions[s].assignedAt = now
        interactions[s].preferredActive = false
        let waited = now - interactions[s].enqueuedAt
        queueState[q].stats.answered += 1
        queueState[q].stats.totalAnswerWait += .nanoseconds(waited)
        if waited <= queues[q].serviceLevelThreshold { queueState[q].stats.answeredWithinServiceLevel += 1 }
        noteAnswer(queue: q, now)
        sink.append(.interaction(id, .assigned(agent, waited: .nanoseconds(waited))))
        for o in others {
            if let k = agents[Int(o.agent)].offers.firstIndex(of: slot) { agents[Int(o.agent)].offers.remove(at: k) }
            removeLoad(o.agent, channel: interactions[s].channel, demanding: interactions[s].demanding)
            touch(o.agent)
            sink.append(.revoke(interaction: id, agent: agents[Int(o.agent)].id, reason: .acceptedElsewhere))
            pending.append(.agent(o.agent))
        }
        drain(now)
    }

    /// ``RoutingCommand/reject(_:by:)``: the interaction keeps its place and skips this agent.
    mutating func performReject(_ id: InteractionID, _ agent: AgentID, _ now: Int64) throws(RoutingError) {
        let (slot, a) = try offered(id, to: agent)
        clock = max(clock, now)
        sink.append(.interaction(id, .rejected(by: agent)))
        releaseOffer(slot, agent: a, now)
        drain(now)
    }

    /// Shared by reject and timeout: drop the offer, skip the agent, requeue when no offer is left.
    mutating func releaseOffer(_ slot: Int32, agent a: Int32, _ now: Int64) {
        dropOffer(slot, agent: a)
        touch(a)
        addSkip(slot, agent: a, now)
        if interactions[Int(slot)].offers.isEmpty { requeue(slot) }
        pending.append(.agent(a))
    }

    /// ``RoutingCommand/complete(_:by:)``: wrap-up for the queue's wrap-up time, then the slot is free.
    mutating func performComplete(_ id: InteractionID, _ agent: AgentID, _ now: Int64) throws(RoutingError) {
        guard let slot = interactionIndex[id] else { throw .unknownInteraction(id) }
        guard let a = agentIndex[agent] else { throw .unknownAgent(agent) }
        guard interactions[Int(slot)].phase == .active, interactions[Int(slot)].activeAgent == a else {
            throw .notAssigned(id, to: agent)
        }
        clock = max(clock, now)
        completeActive(slot, now)
        drain(now)
    }

    /// Records an answer for the recent answer rate (15-minute window).
    mutating func noteAnswer(queue q: Int, _ now: Int64) {
        // Kept in time order (estimates binary-search the window's start), even if `now` steps back.
        queueState[q].recentAnswers.append(max(now, queueState[q].recentAnswers.last ?? now))
        let horizon = now - Self.rateWindow
        while let first = queueState[q].recentAnswers.first, first < horizon {
            queueState[q].recentAnswers.removeFirst()
        }
    }

    static let rateWindow: Int64 = 15 * 60 * 1_000_000_000
}
