import OrderedCollections
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals

/// What the configuration's `tiers:` asks the routing owner to watch: each tier's dedicated agents
/// and how long its customers may wait.
struct TierRules {
    var dedicated: [String: [AgentID]]
    /// The tiers each dedicated agent serves (the reverse of `dedicated`), read at every change of an
    /// agent's state.
    var tiersOf: [AgentID: [String]]
    var targetWaitMs: [String: Int64]

    init(_ configuration: SwitchboardConfiguration) {
        var dedicated: [String: [AgentID]] = [:]
        var tiersOf: [AgentID: [String]] = [:]
        var targetWaitMs: [String: Int64] = [:]
        for tier in configuration.tiers {
            let agents = tier.dedicatedAgents(in: configuration.agents).map { AgentID($0) }
            dedicated[tier.name] = agents
            for agent in agents { tiersOf[agent, default: []].append(tier.name) }
            targetWaitMs[tier.name] = Int64((tier.targetWaitSeconds * 1000).rounded())
        }
        self.dedicated = dedicated
        self.tiersOf = tiersOf
        self.targetWaitMs = targetWaitMs
    }
}

extension HubCore {
    /// A tier's interaction arrived: it is watched against the tier's target wait, and if none of the
    /// tier's dedicated agents is logged in, `no_dedicated_agent` is raised.
    /// A restored interaction (`enqueuedAtMs` given) is watched from its first enqueue, and raises no
    /// `no_dedicated_agent` while agents are still coming back after the restart.
    mutating func watchTier(_ id: InteractionID, tier: String?, enqueuedAtMs: Int64? = nil) {
        guard let tier, let target = signals.tiers.targetWaitMs[tier], ledger.owners[id] != nil else { return }
        signals.vipDeadlines.watch(id, due: (enqueuedAtMs ?? Int64(context.wallMilliseconds)) + target)
        if signals.unansweredTier.updateValue(tier, forKey: id) == nil { signals.unansweredByTier[tier, default: 0] += 1 }
        if enqueuedAtMs == nil { checkDedicatedPresence(tier) }
    }

    /// A tier's interaction was answered or ended: its `vip_waiting` alert, if any, clears.
    mutating func stopTierWatch(_ id: InteractionID) {
        if let tier = signals.unansweredTier.removeValue(forKey: id) {
            let left = (signals.unansweredByTier[tier] ?? 1) - 1
            signals.unansweredByTier[tier] = left > 0 ? left : nil
        }
        signals.vipDeadlines.unwatch(id)
        if signals.vipAlerts.remove(id) != nil {
            clearAlert(.vipWaiting, subject: [("interactionId", .string(id.rawValue))])
        }
    }

    /// Raises `no_dedicated_agent` for a tier with work and none of its dedicated agents logged in;
    /// clears it once one is.
    mutating func checkDedicatedPresence(_ tier: String) {
        guard let agents = signals.tiers.dedicated[tier], !agents.isEmpty else { return }
        let present = agents.contains { agent in
            guard let state = router.workload(of: agent)?.state else { return false }
            return state != .offline
        }
        if present {
            if signals.tiersWithoutAgent.remove(tier) != nil { clearAlert(.noDedicatedAgent, subject: [("tier", .string(tier))]) }
        } else if signals.tiersWithoutAgent.insert(tier).inserted {
            raiseAlert(.noDedicatedAgent, .warning, subject: [("tier", .string(tier)), ("dedicatedAgents", .number(Double(agents.count)))],
                       message: "tier \(tier) has work and none of its \(agents.count) dedicated agent(s) is logged in")
        }
    }

    /// A dedicated agent's state changed: a tier that had nobody clears when it logs in, and a tier with
    /// unanswered work raises `no_dedicated_agent` when its last dedicated agent logs out.
    mutating func tiersAfterPresenceChange(of agent: AgentID) {
        guard !signals.tiers.tiersOf.isEmpty, let tiers = signals.tiers.tiersOf[agent] else { return }
        for tier in tiers where signals.tiersWithoutAgent.contains(tier) || signals.unansweredByTier[tier] != nil {
            checkDedicatedPresence(tier)
        }
    }

    /// Tier interactions past their target wait raise `vip_waiting`.
    mutating func tiersTick() {
        let wall = Int64(context.wallMilliseconds)
        for id in signals.vipDeadlines.popDue(now: wall) {
            guard let owner = ledger.owners[id], let snapshot = router.interaction(id), let tier = snapshot.tier else { continue }
            if case .active = snapshot.status { continue }
            let waitedSeconds = Int(max(0, wall - owner.enqueuedAtMs) / 1000)
            signals.vipAlerts.insert(id)
            raiseAlert(.vipWaiting, .critical, subject: [
                ("interactionId", .string(id.rawValue)), ("tier", .string(tier)), ("queue", .string(owner.queue.rawValue)),
                ("waitedSeconds", .number(Double(waitedSeconds))),
            ], message: "\(tier) customer's \(id) has waited \(waitedSeconds) s in \(owner.queue)")
        }
    }
}

extension AlertKind {
    /// A tier's interaction waited beyond the tier's target (`tiers[].target_wait_seconds`).
    static let vipWaiting = AlertKind(rawValue: "vip_waiting")
    /// A tier has work and none of its dedicated agents is logged in.
    static let noDedicatedAgent = AlertKind(rawValue: "no_dedicated_agent")
}
