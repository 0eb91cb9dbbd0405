import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore

extension HubCore {
    // MARK: Recording

    /// Appends the store events of `effects` to the journal buffer. Runs before the effects are
    /// carried out, because it reads what carrying them out forgets (a cancel's reason, a disposition).
    mutating func journalEffects(_ effects: [RoutingEffect]) {
        guard journal.enabled, !effects.isEmpty else { return }
        let at = Int64(context.wallMilliseconds)
        let firstEvent = journal.buffer.count
        // The agents these effects involved, in a list kept between calls (no allocation per request).
        var touched: [AgentID] = []
        swap(&touched, &journal.touched)
        touched.removeAll(keepingCapacity: true)
        defer { journal.touched = touched }
        for (index, effect) in effects.enumerated() {
            if case .agentStateChanged(let agent, _) = effect, !touched.contains(agent) { touched.append(agent) }
            switch effect {
            case let .offer(offered, agent, _):
                journal.buffer.append(.interaction(.offered, offered.id.rawValue, at: at, agentId: agent.rawValue))
            case let .revoke(interaction, agent, reason):
                journal.buffer.append(.interaction(.revoked, interaction.rawValue, at: at, agentId: agent.rawValue, reason: reason.rawValue))
            case .agentStateChanged:
                break  // the agent's whole line is logged by `journalAgentLine` when it changes
            case .wrapUpStarted:
                break  // `completed` already moved the row to wrap-up
            case let .wrapUpEnded(agent, interaction):
                journal.buffer.append(.interaction(.wrapUpEnded, interaction.rawValue, at: at, agentId: agent.rawValue))
            case let .interaction(id, event):
                journalInteraction(id, event, at: at, followedBy: effects[(index + 1)...])
            }
        }
        // The lines of the agents these effects involved, now, while the events that changed them
        // are still in the buffer to carry them (the answer may hand the buffer to the store next).
        // Every change of a line comes with an effect naming the agent, so this is the one place.
        for event in journal.buffer[firstEvent...] {
            if let raw = event.agentId, !touched.contains(AgentID(raw)) { touched.append(AgentID(raw)) }
        }
        for agent in touched {
            if let work = router.workload(of: agent) {
                let line = WireMapping.line(work.state, offers: work.offers, active: work.active, wrapping: work.wrappingUp)
                journalAgentLine(agent, state: line.state, reason: line.reason)
            }
        }
    }

    private mutating func journalInteraction(_ id: InteractionID, _ event: InteractionEvent, at: Int64, followedBy rest: ArraySlice<RoutingEffect>) {
        let raw = id.rawValue
        switch event {
        case .queued, .relaxed:
            break  // the `enqueued` row is written from the request; relaxation changes no row
        case .requeued(let queue):
            if let agent = ledger.lostFrom[id] {
                journal.buffer.append(.interaction(.agentLost, raw, at: at, agentId: agent.rawValue, queue: queue.rawValue, reason: "reconnect_grace_expired"))
            } else {
                journal.buffer.append(.interaction(.requeued, raw, at: at, queue: queue.rawValue))
            }
        case .rejected(let agent):
            journal.buffer.append(.interaction(.rejected, raw, at: at, agentId: agent.rawValue))
        case .missed(let agent):
            journal.buffer.append(.interaction(.offerTimeout, raw, at: at, agentId: agent.rawValue))
        case .assigned(let agent, _):
            journal.buffer.append(.interaction(.accepted, raw, at: at, agentId: agent.rawValue))
        case .overflowed(_, let to):
            journal.buffer.append(.interaction(.overflowed, raw, at: at, queue: to.rawValue))
        case .transferred(_, let to):
            journal.buffer.append(.interaction(.transferred, raw, at: at, queue: to.rawValue))
        case .abandoned:
            journal.buffer.append(.interaction(.cancelled, raw, at: at, reason: ledger.owners[id]?.pendingReason ?? "customer_left"))
        case .completed(let agent, _, let customerLeft):
            if customerLeft {
                journal.buffer.append(.interaction(.cancelled, raw, at: at, agentId: agent.rawValue, reason: ledger.owners[id]?.pendingReason ?? "customer_left"))
            }
            journal.buffer.append(.interaction(.completed, raw, at: at, agentId: agent.rawValue, disposition: ledger.owners[id]?.disposition))
            // No wrap-up follows (none configured, or the agent is offline): the work ends here.
            let wrapsUp = rest.contains { effect in
                if case .wrapUpStarted(_, let interaction, _) = effect { return interaction == id }
                return false
            }
            if !wrapsUp { journal.buffer.append(.interaction(.wrapUpEnded, raw, at: at, agentId: agent.rawValue)) }
        case .ended(let reason):
            journal.buffer.append(.interaction(.ended, raw, at: at, reason: reason))
        }
    }

    /// Logs an agent's line when it changed: work held wins over the chosen state, as supervisors see it.
    /// A pending offer is logged as the chosen state: reports count it the same (available, or not
    /// ready), and an offer is already an event of its own, so two rows per offer are saved. A change
    /// without a reason that this agent's own event of the same turn caused is written into that
    /// event's row (`StoreEvent.state`), so a routing cycle costs the log five rows, not seven.
    mutating func journalAgentLine(_ id: AgentID, state line: String, reason: String?) {
        guard journal.enabled else { return }
        let state = line == "reserved" ? (reason == nil ? "available" : "not_ready") : line
        if let index = journal.lines.index(forKey: id) {
            let last = journal.lines.values[index]
            if last.state == state && last.reason == reason { return }
            journal.lines.values[index] = (state, reason)
        } else {
            journal.lines[id] = (state, reason)
        }
        // The cause is among the last few events (one request's); a bounded look keeps a reload that
        // logs every agent's line from scanning the whole buffer for each.
        if reason == nil, let cause = journal.buffer.indices.reversed().prefix(16).first(where: { journal.buffer[$0].agentId == id.rawValue }),
           !journal.buffer[cause].kind.isAgentEvent, journal.buffer[cause].state == nil, journal.buffer[cause].reason == nil {
            // Changed by this agent's own event of this turn (busy by an accept, available by a
            // complete): the line goes in that event's row.
            journal.buffer[cause].state = state
            return
        }
        journal.buffer.append(.agentState(id.rawValue, state, reason: reason, at: Int64(context.wallMilliseconds)))
    }
}
