import Logging
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore

extension RoutingHub {
    // MARK: Sending

    /// Every message to a client goes through here, so it stays behind replies still waiting for the disk.
    func send(_ message: ServerMessage, to link: (any ClientLink)?) {
        guard let link else { return }
        outbox.send(message, to: link)
    }

    // MARK: Recording

    /// Appends the store events of `effects` to the journal buffer. Runs before the effects are
    /// carried out, because it reads what carrying them out forgets (a cancel's reason, a disposition).
    func journal(_ effects: [RoutingEffect]) {
        guard store != nil, !effects.isEmpty else { return }
        let at = Int64(clock.wallMilliseconds())
        let firstEvent = journalBuffer.count
        // The agents these effects involved, in a list kept between calls (no allocation per request).
        var touched: [AgentID] = []
        swap(&touched, &journalTouched)
        touched.removeAll(keepingCapacity: true)
        defer { journalTouched = touched }
        for (index, effect) in effects.enumerated() {
            if case .agentStateChanged(let agent, _) = effect, !touched.contains(agent) { touched.append(agent) }
            switch effect {
            case let .offer(offered, agent, _):
                journalBuffer.append(.interaction(.offered, offered.id.rawValue, at: at, agentId: agent.rawValue))
            case let .revoke(interaction, agent, reason):
                journalBuffer.append(.interaction(.revoked, interaction.rawValue, at: at, agentId: agent.rawValue, reason: reason.rawValue))
            case .agentStateChanged:
                break  // the agent's whole line is logged by `journalAgentLine` when it changes
            case .wrapUpStarted:
                break  // `completed` already moved the row to wrap-up
            case let .wrapUpEnded(agent, interaction):
                journalBuffer.append(.interaction(.wrapUpEnded, interaction.rawValue, at: at, agentId: agent.rawValue))
            case let .interaction(id, event):
                journalInteraction(id, event, at: at, followedBy: effects[(index + 1)...])
            }
        }
        // The lines of the agents these effects involved, now, while the events that changed them
        // are still in the buffer to carry them (the answer may hand the buffer to the store next).
        // Every change of a line comes with an effect naming the agent, so this is the one place.
        for event in journalBuffer[firstEvent...] {
            if let raw = event.agentId, !touched.contains(AgentID(raw)) { touched.append(AgentID(raw)) }
        }
        for agent in touched {
            if let work = reading({ $0.workload(of: agent) }) {
                let line = WireMapping.line(work.state, offers: work.offers, active: work.active, wrapping: work.wrappingUp)
                journalAgentLine(agent, state: line.state, reason: line.reason)
            }
        }
    }

    private func journalInteraction(_ id: InteractionID, _ event: InteractionEvent, at: Int64, followedBy rest: ArraySlice<RoutingEffect>) {
        let raw = id.rawValue
        switch event {
        case .queued, .relaxed:
            break  // the `enqueued` row is written from the request; relaxation changes no row
        case .requeued(let queue):
            if let agent = lostFrom[id] {
                journalBuffer.append(.interaction(.agentLost, raw, at: at, agentId: agent.rawValue, queue: queue.rawValue, reason: "reconnect_grace_expired"))
            } else {
                journalBuffer.append(.interaction(.requeued, raw, at: at, queue: queue.rawValue))
            }
        case .rejected(let agent):
            journalBuffer.append(.interaction(.rejected, raw, at: at, agentId: agent.rawValue))
        case .missed(let agent):
            journalBuffer.append(.interaction(.offerTimeout, raw, at: at, agentId: agent.rawValue))
        case .assigned(let agent, _):
            journalBuffer.append(.interaction(.accepted, raw, at: at, agentId: agent.rawValue))
        case .overflowed(_, let to):
            journalBuffer.append(.interaction(.overflowed, raw, at: at, queue: to.rawValue))
        case .transferred(_, let to):
            journalBuffer.append(.interaction(.transferred, raw, at: at, queue: to.rawValue))
        case .abandoned:
            journalBuffer.append(.interaction(.cancelled, raw, at: at, reason: owners[id]?.pendingReason ?? "customer_left"))
        case .completed(let agent, _, let customerLeft):
            if customerLeft {
                journalBuffer.append(.interaction(.cancelled, raw, at: at, agentId: agent.rawValue, reason: owners[id]?.pendingReason ?? "customer_left"))
            }
            journalBuffer.append(.interaction(.completed, raw, at: at, agentId: agent.rawValue, disposition: owners[id]?.disposition))
            // No wrap-up follows (none configured, or the agent is offline): the work ends here.
            let wrapsUp = rest.contains { effect in
                if case .wrapUpStarted(_, let interaction, _) = effect { return interaction == id }
                return false
            }
            if !wrapsUp { journalBuffer.append(.interaction(.wrapUpEnded, raw, at: at, agentId: agent.rawValue)) }
        case .ended(let reason):
            journalBuffer.append(.interaction(.ended, raw, at: at, reason: reason))
        }
    }

    /// Logs an agent's line when it changed: work held wins over the chosen state, as supervisors see it.
    /// A pending offer is logged as the chosen state: reports count it the same (available, or not
    /// ready), and an offer is already an event of its own, so two rows per offer are saved. A change
    /// without a reason that this agent's own event of the same turn caused is written into that
    /// event's row (`StoreEvent.state`), so a routing cycle costs the log five rows, not seven.
    func journalAgentLine(_ id: AgentID, state line: String, reason: String?) {
        guard store != nil else { return }
        let state = line == "reserved" ? (reason == nil ? "available" : "not_ready") : line
        if let index = journaledStatus.index(forKey: id) {
            let last = journaledStatus.values[index]
            if last.state == state && last.reason == reason { return }
            journaledStatus.values[index] = (state, reason)
        } else {
            journaledStatus[id] = (state, reason)
        }
        // The cause is among the last few events (one request's); a bounded look keeps a reload that
        // logs every agent's line from scanning the whole buffer for each.
        if reason == nil, let cause = journalBuffer.indices.reversed().prefix(16).first(where: { journalBuffer[$0].agentId == id.rawValue }),
           !journalBuffer[cause].kind.isAgentEvent, journalBuffer[cause].state == nil, journalBuffer[cause].reason == nil {
            // Changed by this agent's own event of this turn (busy by an accept, available by a
            // complete): the line goes in that event's row.
            journalBuffer[cause].state = state
            return
        }
        journalBuffer.append(.agentState(id.rawValue, state, reason: reason, at: Int64(clock.wallMilliseconds())))
    }

    /// Hands the buffered events to the store. Returns the ticket that covers them (the last one
    /// handed in when the buffer is empty), or nil when the store refused them.
    @discardableResult
    func commitJournal() -> Int64? {
        guard let store else { return 0 }
        guard !journalBuffer.isEmpty else { return lastTicket }
        let ticket = store.record(journalBuffer)
        // The store keeps the buffer itself (no copy of the events); start a small new one rather than
        // let `removeAll(keepingCapacity:)` allocate a copy of the shared one's whole capacity.
        journalBuffer = []
        journalBuffer.reserveCapacity(8)
        if let ticket { lastTicket = ticket }
        return ticket
    }

    /// Hands the store whatever is still buffered (before it closes at shutdown).
    public func commitPendingJournal() {
        commitJournal()
    }

    // MARK: Durable answers

    /// Why the hub refuses work that must be durable, while the store cannot write.
    func storeRefusal(ref: String?) -> ProtocolError? {
        guard let store, !store.isAcceptingWork else { return nil }
        let why = store.failure?.description ?? "the store is closed"
        return ProtocolError(.unavailable, "the store cannot record it, so the server refuses it: \(why)", ref: ref)
    }

    /// Sends `ok` once the events recorded so far are on disk, or an `unavailable` error if their
    /// batch failed.
    func answerDurably(_ ok: ServerMessage, ref: String?, to link: any ClientLink) {
        guard let ticket = commitJournal() else {
            send(.error(Self.unrecorded(ref)), to: link)
            return
        }
        outbox.send(ok, to: link, whenDurable: ticket, onFailure: Self.unrecorded(ref))
    }

    static func unrecorded(_ ref: String?) -> ProtocolError {
        ProtocolError(.unavailable, "the store failed to record it; the outcome may not survive a restart", ref: ref)
    }

    /// The store's writer reported a batch (called on the hub's thread).
    func storeReported(_ notice: CommitNotice) {
        if let failure = notice.failure {
            outbox.failed(after: notice.durableUpTo, through: notice.failedUpTo)
            logger.error("store write failed; new work is refused until it recovers", metadata: ["sb.store.error": "\(failure)"])
        } else {
            outbox.committed(through: notice.durableUpTo)
        }
    }
}
