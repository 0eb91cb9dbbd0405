import DequeModule
import HeapModule

extension Router {
    /// ``RoutingCommand/advance``: fires every timer due at or before `limit`, each at its own instant
    /// (never before the latest instant seen). Timers due together fire in the ``Deadline`` order:
    /// offer timeouts, wrap-up ends, rejection-skip expiries, preferred-agent fallbacks, tier
    /// fallbacks, relaxation steps, max waits.
    mutating func performAdvance(_ limit: Int64) {
        while let d = deadlines.min, d.at <= limit {
            deadlines.removeMin()
            fire(d, at: max(d.at, clock))
        }
        clock = max(clock, limit)
    }

    mutating func fire(_ d: Deadline, at now: Int64) {
        switch d.kind {
        case .offerTimeout:
            let slot = d.slot
            guard isCurrent(slot, serial: d.a), interactions[Int(slot)].phase == .offered else { return }
            let a = Int32(truncatingIfNeeded: d.b)
            guard interactions[Int(slot)].offers.contains(where: { $0.agent == a && $0.expiresAt == d.at }) else { return }
            let id = interactions[Int(slot)].id
            let agentID = agents[Int(a)].id
            sink.append(.interaction(id, .missed(by: agentID)))
            sink.append(.revoke(interaction: id, agent: agentID, reason: .timedOut))
            let wasAvailable = agents[Int(a)].isAvailable
            if wasAvailable {
                agents[Int(a)].state = .notReady(reason: AgentState.noAnswerReason)
                sink.append(.agentStateChanged(agent: agentID, state: .notReady(reason: AgentState.noAnswerReason)))
            }
            releaseOffer(slot, agent: a, now)
            // Not ready now: work waiting for it only while it is available goes to everyone.
            if wasAvailable { releasePreferredWaiters(of: a) }
        case .wrapUpEnd:
            let a = Int32(truncatingIfNeeded: d.a)
            guard let k = agents[Int(a)].wrapUps.firstIndex(where: { $0.serial == d.b && $0.until == d.at }) else { return }
            endWrapUp(agent: a, at: k, now)
        case .skipExpiry:
            let slot = d.slot
            guard isCurrent(slot, serial: d.a) else { return }
            let a = Int32(truncatingIfNeeded: d.b)
            guard let k = interactions[Int(slot)].skips.firstIndex(where: { $0.agent == a && $0.until == d.at }) else { return }
            interactions[Int(slot)].skips.remove(at: k)
            reroute(slot)
        case .preferredFallback:
            let slot = d.slot
            guard isCurrent(slot, serial: d.a), interactions[Int(slot)].preferredActive else { return }
            interactions[Int(slot)].preferredActive = false
            reroute(slot)
        case .tierFallback:
            let slot = d.slot
            let s = Int(slot)
            guard isCurrent(slot, serial: d.a), interactions[s].dedicatedOnly,
                  d.at == interactions[s].enqueuedAt &+ tiers[Int(interactions[s].tierRank)].fallback
            else { return }
            interactions[s].dedicatedOnly = false
            // Work waiting for its preferred agent keeps waiting; the tier's phase matters after.
            if case .bucket = interactions[s].placement { reroute(slot) }
        case .relaxation:
            let slot = d.slot
            let s = Int(slot)
            let step = Int(d.b)
            // Work being handled no longer routes: its requirements no longer matter.
            guard isCurrent(slot, serial: d.a), interactions[s].queueGeneration == d.generation,
                  interactions[s].relaxStep < step, interactions[s].phase != .active
            else { return }
            let queue = queues[Int(interactions[s].queue)]
            interactions[s].relaxStep = step
            interactions[s].requirements = interactions[s].override.map { queue.relaxed($0, step: step) }
                ?? queue.requirementsByStep[min(step, queue.requirementsByStep.count - 1)]
            sink.append(.interaction(interactions[s].id, .relaxed(step: step)))
            reroute(slot)
        case .maxWait:
            let slot = d.slot
            let s = Int(slot)
            guard isCurrent(slot, serial: d.a), interactions[s].queueGeneration == d.generation,
                  interactions[s].phase == .waiting
            else { return }
            unplace(slot)
            if applyMaxWait(slot, now) {
                pending.append(.interaction(slot, serial: d.a))
            }
        }
        drain(now)
    }

    /// Arms a timer. Cancelled timers stay in the heap until they surface or until the heap has doubled
    /// since its last compaction, when one linear pass drops them: O(log t) amortized per timer.
    mutating func schedule(_ deadline: Deadline) {
        deadlines.insert(deadline)
        if deadlines.count > deadlineCompactionThreshold {
            deadlines = Heap(deadlines.unordered.filter { isLive($0) })
            deadlineCompactionThreshold = max(1024, 2 * deadlines.count)
        }
    }

    /// Whether a timer still stands (the checks `fire` makes before acting, without acting).
    func isLive(_ d: Deadline) -> Bool {
        switch d.kind {
        case .offerTimeout:
            let a = Int32(truncatingIfNeeded: d.b)
            return isCurrent(d.slot, serial: d.a) && interactions[Int(d.slot)].phase == .offered
                && interactions[Int(d.slot)].offers.contains { $0.agent == a && $0.expiresAt == d.at }
        case .wrapUpEnd:
            let a = Int(d.a)
            return a < agents.count && agents[a].wrapUps.contains { $0.serial == d.b && $0.until == d.at }
        case .skipExpiry:
            let a = Int32(truncatingIfNeeded: d.b)
            return isCurrent(d.slot, serial: d.a) && interactions[Int(d.slot)].skips.contains { $0.agent == a && $0.until == d.at }
        case .preferredFallback:
            return isCurrent(d.slot, serial: d.a) && interactions[Int(d.slot)].preferredActive
        case .tierFallback:
            let s = Int(d.slot)
            return isCurrent(d.slot, serial: d.a) && interactions[s].dedicatedOnly && interactions[s].tierRank < tiers.count
                && d.at == interactions[s].enqueuedAt &+ tiers[Int(interactions[s].tierRank)].fallback
        case .relaxation, .maxWait:
            return isCurrent(d.slot, serial: d.a) && interactions[Int(d.slot)].queueGeneration == d.generation
        }
    }

    /// Routes a waiting interaction again after something about it changed.
    mutating func reroute(_ slot: Int32) {
        let s = Int(slot)
        guard interactions[s].phase == .waiting else { return }
        unplace(slot)
        pending.append(.interaction(slot, serial: interactions[s].serial))
    }
}
