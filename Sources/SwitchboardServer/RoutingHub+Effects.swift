import DequeModule
import SwitchboardMessages
import SwitchboardRouter

extension RoutingHub {
    /// Records the core's effects in the journal, then carries them out.
    func apply(_ effects: [RoutingEffect], now: Instant) {
        journal(effects)
        carryOut(effects, now: now)
    }

    /// Carries out the core's effects in order: offers and revocations to agents, lifecycle events
    /// to the creating source, agent and queue changes marked for `agent_state` and `stats`.
    func carryOut(_ effects: [RoutingEffect], now: Instant) {
        guard !effects.isEmpty else { return }
        statsDirty = true
        for effect in effects {
            switch effect {
            case let .offer(offered, agent, expiresAt):
                let interaction = offered.id
                counters.offers += 1
                offerExpiry[interaction, default: [:]][agent] = expiresAt
                dirtyAgents.insert(agent)
                if let link = agentLinks[agent], let wire = wireInteraction(interaction, now: now) {
                    send(.offer(wire, expiresInMs: max(0, ServerClock.milliseconds(expiresAt - now))), to: link)
                }
                notifySource(interaction, .offered, agent: agent, queue: nil, reason: nil)
            case let .revoke(interaction, agent, reason):
                offerExpiry[interaction]?[agent] = nil
                if offerExpiry[interaction]?.isEmpty == true { offerExpiry[interaction] = nil }
                dirtyAgents.insert(agent)
                send(.revoked(interactionId: interaction.rawValue, reason: WireMapping.revokeReason(reason)), to: agentLinks[agent])
            case let .agentStateChanged(agent, _):
                dirtyAgents.insert(agent)
            case let .wrapUpStarted(agent, _, _), let .wrapUpEnded(agent, _):
                dirtyAgents.insert(agent)
            case let .interaction(id, event):
                applyInteractionEvent(id, event)
            }
        }
    }

    func applyInteractionEvent(_ id: InteractionID, _ event: InteractionEvent) {
        switch event {
        case .queued(let queue):
            notifySource(id, .queued, agent: nil, queue: queue, reason: nil)
        case .requeued(let queue):
            if let agent = lostFrom.removeValue(forKey: id) {
                counters.agentsLost += 1
                notifySource(id, .agentLost, agent: agent, queue: queue, reason: nil)
            } else {
                notifySource(id, .queued, agent: nil, queue: queue, reason: nil)
            }
        case .rejected(let agent), .missed(let agent):
            dirtyAgents.insert(agent)
        case .assigned(let agent, _):
            offerExpiry[id] = nil
            dirtyAgents.insert(agent)
            notifySource(id, .assigned, agent: agent, queue: nil, reason: nil)
        case .overflowed(_, let to):
            notifySource(id, .overflowed, agent: nil, queue: to, reason: nil)
        case .transferred(_, let to):
            notifySource(id, .transferred, agent: nil, queue: to, reason: nil)
        case .relaxed:
            break
        case .abandoned:
            finish(id, .abandoned, agent: nil, reason: nil)
        case .completed(let agent, _, let customerLeft):
            dirtyAgents.insert(agent)
            if customerLeft {
                // The customer left during handling: the agent's work on it is over. The core emits
                // this before it offers the freed slot new work, so the agent hears it first.
                send(.interaction(interactionId: id.rawValue, event: .completed, agentId: agent.rawValue, queue: nil,
                                                     reason: "cancelled", atMs: clock.wallMilliseconds()), to: agentLinks[agent])
            }
            finish(id, .completed, agent: agent, reason: nil)
        case .ended(let reason):
            finish(id, .ended, agent: nil, reason: reason)
        }
    }

    /// The interaction left routing: tell its source once, then forget it (remembering the outcome
    /// for idempotent re-enqueue).
    func finish(_ id: InteractionID, _ event: WireInteractionEvent, agent: AgentID?, reason: String?) {
        counters.terminalEvents += 1
        notifySource(id, event, agent: agent, queue: nil, reason: reason ?? owners[id]?.pendingReason)
        offerExpiry[id] = nil
        lostFrom[id] = nil
        guard let owner = owners.removeValue(forKey: id) else { return }
        remember(id, FinishedInteraction(source: owner.source, event: event))
    }

    func remember(_ id: InteractionID, _ outcome: FinishedInteraction) {
        if finished.updateValue(outcome, forKey: id) == nil { finishedOrder.append(id) }
        while finished.count > settings.recentlyFinishedLimit, let oldest = finishedOrder.popFirst() {
            finished[oldest] = nil
        }
    }

    /// Sends an `interaction` event to every open connection of the source that created it.
    func notifySource(_ id: InteractionID, _ event: WireInteractionEvent, agent: AgentID?, queue: QueueID?, reason: String?) {
        guard let owner = owners[id], let links = sourceLinks[owner.source], !links.isEmpty else { return }
        let message = ServerMessage.interaction(
            interactionId: id.rawValue, event: event, agentId: agent?.rawValue, queue: queue?.rawValue,
            reason: reason, atMs: clock.wallMilliseconds()
        )
        for link in links.values { send(message, to: link) }
    }
}
