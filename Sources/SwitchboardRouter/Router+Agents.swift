import DequeModule
import HeapModule

extension Router {
    func rosterAgent(_ agent: AgentID) throws(RoutingError) -> Int32 {
        guard let a = agentIndex[agent], agents[Int(a)].inRoster else { throw .unknownAgent(agent) }
        return a
    }

    /// ``RoutingCommand/login(_:state:)``. Resets the handled count (fewest-handled counts since login).
    mutating func performLogin(_ agent: AgentID, _ state: AgentState, _ now: Int64) throws(RoutingError) {
        let a = try rosterAgent(agent)
        let i = Int(a)
        guard !agents[i].isLoggedIn, state != .offline, !agents[i].retiring else { return }
        clock = max(clock, now)
        agents[i].state = state
        agents[i].handled = 0
        sink.append(.agentStateChanged(agent: agent, state: state))
        touch(a)
        pending.append(.agent(a))
        drain(now)
    }

    /// ``RoutingCommand/logout(_:)``: offers revoked (their interactions keep their place), wrap-ups
    /// end; interactions it is handling stay with it until completed.
    mutating func performLogout(_ agent: AgentID, _ now: Int64) throws(RoutingError) {
        guard let a = agentIndex[agent] else { throw .unknownAgent(agent) }
        guard agents[Int(a)].isLoggedIn else { throw .agentNotLoggedIn(agent) }
        clock = max(clock, now)
        logOut(a, now)
        drain(now)
    }

    /// Revokes offers, ends wrap-ups and sets the agent offline.
    mutating func logOut(_ a: Int32, _ now: Int64) {
        let i = Int(a)
        for slot in agents[i].offers {
            let s = Int(slot)
            if let k = interactions[s].offers.firstIndex(where: { $0.agent == a }) { interactions[s].offers.remove(at: k) }
            removeLoad(a, channel: interactions[s].channel, demanding: interactions[s].demanding)
            sink.append(.revoke(interaction: interactions[s].id, agent: agents[i].id, reason: .agentLoggedOut))
            if interactions[s].offers.isEmpty { requeue(slot) }
        }
        agents[i].offers = []
        while !agents[i].wrapUps.isEmpty {
            endWrapUp(agent: a, at: 0, now, reindex: false)
        }
        agents[i].state = .offline
        sink.append(.agentStateChanged(agent: agents[i].id, state: .offline))
        touch(a)
        if agents[i].retiring && !agents[i].holdsWork {
            // Removed by a reload and now without work (its offers and wrap-ups just ended): it leaves.
            finishRetirement(a)
        } else {
            releasePreferredWaiters(of: a)
            releaseDedicatedWaiters(of: a)
        }
    }

    /// Work waiting for this agent alone that the agent no longer qualifies for (it went offline or
    /// left the roster, chose not ready for work waiting only while it is available, or lost what it
    /// takes to handle it) stops waiting: it goes to everyone now, oldest first.
    mutating func releasePreferredWaiters(of a: Int32) {
        guard !preferredWaiting.isEmpty else { return }
        let id = agents[Int(a)].id
        guard let waitingForAgent = preferredWaiting[id] else { return }
        let slots = waitingForAgent.filter {
            interactions[Int($0)].placement == .preferred && interactions[Int($0)].preferredAgent == id && !qualifiesAsPreferred(a, for: $0)
        }.sorted { interactions[Int($0)].serial < interactions[Int($1)].serial }
        for slot in slots {
            interactions[Int(slot)].preferredActive = false
            reroute(slot)
        }
    }

    /// ``RoutingCommand/setState(_:_:)``. A pending offer stays valid after choosing not-ready; the
    /// chosen reason is never replaced by `no_answer` if that offer then times out. Choosing not ready
    /// releases the work waiting for the agent only while it is available.
    mutating func performSetState(_ agent: AgentID, _ state: AgentState, _ now: Int64) throws(RoutingError) {
        guard let a = agentIndex[agent] else { throw .unknownAgent(agent) }
        let i = Int(a)
        guard agents[i].isLoggedIn else { throw .agentNotLoggedIn(agent) }
        clock = max(clock, now)
        switch state {
        case .offline:
            logOut(a, now)
        case .available:
            while !agents[i].wrapUps.isEmpty {
                endWrapUp(agent: a, at: 0, now)
            }
            if agents[i].state != .available {
                agents[i].state = .available
                sink.append(.agentStateChanged(agent: agent, state: .available))
                touch(a)
            }
            pending.append(.agent(a))
        case .notReady:
            guard agents[i].state != state else { return }
            agents[i].state = state
            sink.append(.agentStateChanged(agent: agent, state: state))
            touch(a)
            releasePreferredWaiters(of: a)
        }
        drain(now)
    }

    /// ``RoutingCommand/setShielded(_:_:)``: only the preference changes. No re-index (the agent keeps
    /// its place in the idle order) and nothing to route: shielding decides between eligible agents
    /// and ready agents are never left next to work they may take, so no decision is pending.
    mutating func performSetShielded(_ agent: AgentID, _ shielded: Bool, _ now: Int64) throws(RoutingError) {
        guard let a = agentIndex[agent] else { throw .unknownAgent(agent) }
        clock = max(clock, now)
        let i = Int(a)
        agents[i].shieldRequested = shielded
        agents[i].shielded = shielded || agents[i].profile.stage == .new
    }

    /// The profile part of ``RoutingCommand/setAgent(_:profile:state:)``: skills and capacity replaced
    /// live (the agent joins the roster if new); work already held stays even above a lowered capacity.
    /// Work waiting for the agent that it can no longer take goes to everyone.
    mutating func performUpdateAgent(_ profile: AgentProfile, _ now: Int64) throws(RoutingError) {
        try Self.validate(profile)
        clock = max(clock, now)
        if let a = agentIndex[profile.id] {
            applyProfile(profile, to: a)
            let joined = !agents[Int(a)].inRoster
            agents[Int(a)].inRoster = true
            if joined { rebuildTierMembership() }
            touch(a)
            releasePreferredWaiters(of: a)
            releaseDedicatedWaiters(of: a)
            pending.append(.agent(a))
        } else {
            addAgent(profile)
            rebuildTierMembership()
        }
        if let k = configurationValue.agents.firstIndex(where: { $0.id == profile.id }) {
            configurationValue.agents[k] = profile
        } else {
            configurationValue.agents.append(profile)
        }
        drain(now)
    }
}
