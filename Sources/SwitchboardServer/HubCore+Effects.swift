import OrderedCollections
import DequeModule
import SwitchboardMessages
import SwitchboardRouter

extension HubCore {
    /// Carries out the core's effects in order: offers and revocations to agents, lifecycle events
    /// to the creating source, agent and queue changes marked for `agent_state` and `stats`.
    mutating func carryOut(_ effects: [RoutingEffect], now: Instant) {
        guard !effects.isEmpty else { return }
        statsDirty = true
        for effect in effects {
            switch effect {
            case let .offer(offered, agent, expiresAt):
                counters.offers += 1
                presence.offerExpiry[offered.id, default: [:]][agent] = expiresAt
                presence.dirty.append(agent)
                if let connection = connections.agents[agent] {
                    // Everything the offer says comes with the effect; only the JSON attributes are the server's.
                    let owner = ledger.owners[offered.id]
                    let wire = WireMapping.interaction(offered, attributes: owner?.attributes ?? [], customer: owner?.customer, now: now)
                    send(.offer(wire, expiresInMs: max(0, ServerClock.milliseconds(expiresAt - now))), to: connection)
                }
                notifySource(offered.id, .offered, agent: agent, queue: nil, reason: nil)
            case let .revoke(interaction, agent, reason):
                presence.offerExpiry[interaction]?[agent] = nil
                if presence.offerExpiry[interaction]?.isEmpty == true { presence.offerExpiry[interaction] = nil }
                presence.dirty.append(agent)
                send(.revoked(interactionId: interaction.rawValue, reason: WireMapping.revokeReason(reason)), toAgent: agent)
            case let .agentStateChanged(agent, state):
                presence.dirty.append(agent)
                strainStateChanged(agent, state)
                tiersAfterPresenceChange(of: agent)
            case let .wrapUpStarted(agent, _, _), let .wrapUpEnded(agent, _):
                presence.dirty.append(agent)
            case let .interaction(id, event):
                applyInteractionEvent(id, event)
            }
        }
    }

    mutating func applyInteractionEvent(_ id: InteractionID, _ event: InteractionEvent) {
        switch event {
        case .queued(let queue):
            notifySource(id, .queued, agent: nil, queue: queue, reason: nil)
        case .requeued(let queue):
            ledger.owners[id]?.queue = queue
            if let agent = ledger.lostFrom.removeValue(forKey: id) {
                counters.agentsLost += 1
                notifySource(id, .agentLost, agent: agent, queue: queue, reason: nil)
            } else {
                notifySource(id, .queued, agent: nil, queue: queue, reason: nil)
            }
        case .rejected(let agent), .missed(let agent):
            presence.dirty.append(agent)
        case .assigned(let agent, let waited):
            signalAssigned(id, agent: agent, waited: waited)
            strainAssigned(id, agent: agent)
            presence.offerExpiry[id] = nil
            presence.dirty.append(agent)
            notifySource(id, .assigned, agent: agent, queue: nil, reason: nil)
        case .overflowed(_, let to):
            ledger.owners[id]?.queue = to
            notifySource(id, .overflowed, agent: nil, queue: to, reason: nil)
        case .transferred(_, let to):
            ledger.owners[id]?.queue = to
            notifySource(id, .transferred, agent: nil, queue: to, reason: nil)
        case .relaxed:
            break
        case .abandoned(let waited):
            signalAbandoned(id, waited: waited)
            finish(id, .abandoned, agent: nil, reason: nil)
        case .completed(let agent, let handled, let customerLeft):
            presence.dirty.append(agent)
            strainFinished(id, agent: agent, handled: handled)
            if customerLeft {
                // The customer left during handling: the agent's work on it is over. The core emits
                // this before it offers the freed slot new work, so the agent hears it first.
                send(.interaction(interactionId: id.rawValue, event: .completed, agentId: agent.rawValue, queue: nil,
                                                     reason: "cancelled", atMs: context.wallMilliseconds), toAgent: agent)
            }
            finish(id, .completed, agent: agent, reason: nil)
        case .ended(let reason):
            finish(id, .ended, agent: nil, reason: reason)
        }
    }

    /// The interaction left routing: tell its source once, then forget it (remembering the outcome
    /// for idempotent re-enqueue).
    mutating func finish(_ id: InteractionID, _ event: WireInteractionEvent, agent: AgentID?, reason: String?) {
        counters.terminalEvents += 1
        let reason = reason ?? ledger.owners[id]?.pendingReason
        notifySource(id, event, agent: agent, queue: nil, reason: reason)
        signalFinished(id)
        presence.offerExpiry[id] = nil
        ledger.lostFrom[id] = nil
        guard let owner = ledger.owners.removeValue(forKey: id) else { return }
        ledger.remember(id, FinishedInteraction(source: owner.source, event: event, reason: reason))
    }
}
