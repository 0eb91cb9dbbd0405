import OrderedCollections
import Logging
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals
public import SwitchboardStore

/// What ``RoutingHub/restore(_:finished:)`` put back.
public struct RecoverySummary: Sendable, Hashable, CustomStringConvertible {
    /// Interactions back in their queues.
    public var waiting = 0
    /// Interactions back with the agent who held them, for the reconnect grace.
    public var held = 0
    /// Held interactions whose agent is gone from the configuration, back in their queues instead.
    public var requeued = 0
    /// Interactions that could not be routed any more (their queue or channel is gone), ended.
    public var ended = 0
    /// Finished interactions remembered for idempotent re-enqueue.
    public var rememberedFinished = 0
    /// Customers remembered (from the contacts of the window).
    public var customers = 0
    /// Alerts still raised.
    public var alerts = 0

    public var description: String {
        "\(waiting) waiting, \(held) held for their agents, \(requeued) re-queued, \(ended) ended, \(rememberedFinished) finished remembered, \(customers) customers remembered, \(alerts) alerts raised"
    }
}

extension HubCore {
    /// Rebuilds routing from the store after a start, before any client connects.
    ///
    /// Waiting interactions go back in their original order with their original instants (their
    /// wait goes on counting); active ones go back to their agents, who are offline until they
    /// reconnect and keep them for the reconnect grace, as after a disconnect; an agent's chosen
    /// state comes back when it reconnects within the grace. Finished interactions are remembered so
    /// a source that re-sends an acknowledged `enqueue` hears how it ended.
    public mutating func restore(_ state: RecoveredState, finished: [FinishedRecord], signals history: RecoveredSignals = RecoveredSignals(),
                                 in context: HubContext, into actions: inout [HubAction]) -> RecoverySummary {
        begin(context, &actions)
        defer { end(&actions) }
        let now = context.now
        let wallNow = Int64(context.wallMilliseconds)
        func instant(_ ms: Int64) -> Instant { now + .milliseconds(-max(0, wallNow - ms)) }
        var summary = RecoverySummary()
        restoreSignals(history, summary: &summary)

        for record in finished.reversed() {
            let event: WireInteractionEvent = switch record.state {
            case .abandoned: .abandoned
            case .ended: .ended
            default: .completed
            }
            ledger.remember(InteractionID(record.id), FinishedInteraction(source: record.source, event: event))
            summary.rememberedFinished += 1
        }

        for record in state.waiting {
            restoreWaiting(record, enqueuedAt: instant(record.enqueuedAt), queueEnteredAt: instant(record.waitStartedAt), now: now, summary: &summary)
        }
        for record in state.assigned {
            guard record.state == .active, let agent = record.agentId else {
                // Wrap-up is after-contact work the agent cannot resume: the interaction is done.
                journal.append(.interaction(.wrapUpEnded, record.id, at: wallNow, agentId: record.agentId, reason: "restart"))
                ledger.remember(InteractionID(record.id), FinishedInteraction(source: record.source, event: .completed))
                summary.rememberedFinished += 1
                continue
            }
            let stored = Self.enqueueRequest(record)
            let request = routingRequest(stored, id: InteractionID(record.id))
            ledger.owners[request.id] = restoredOwner(record, stored, queue: request.queue)
            let failure = perform(.restoreActive(request, agent: AgentID(agent), enqueuedAt: instant(record.enqueuedAt),
                                                 assignedAt: instant(record.assignedAt ?? record.waitStartedAt)), now)
            if failure == nil {
                presence.graceUntil[AgentID(agent)] = now + settings.agentReconnectGrace
                summary.held += 1
            } else {
                // The agent (or the queue) is gone from the configuration: the customer waits again, keeping
                // their place, or the interaction ends when its queue is gone too.
                ledger.owners[request.id] = nil
                journal.append(.interaction(.requeued, record.id, at: wallNow, agentId: agent, reason: "agent_removed"))
                if restoreWaiting(record, enqueuedAt: instant(record.enqueuedAt), queueEnteredAt: now, now: now, summary: &summary) {
                    summary.waiting -= 1
                    summary.requeued += 1
                }
            }
        }
        for agent in state.agents where agent.loggedIn {
            // The previous run ended without logging anyone out; the chosen state returns on reconnect.
            // A reason is logged only with a chosen not-ready state (also while the agent was busy).
            let chosen: AgentState = agent.reason.map { .notReady(reason: $0) } ?? .available
            presence.stateBeforeDisconnect[AgentID(agent.agentId)] = (chosen, now)
            journal.append(.agentLogout(agent.agentId, reason: "restart", at: wallNow))
        }
        settleRestoredAlerts()
        logger.notice("state recovered from the store", metadata: ["sb.recovered": "\(summary)"])
        return summary
    }

    /// Puts one waiting interaction back; false when it had to be ended instead.
    @discardableResult
    private mutating func restoreWaiting(_ record: InteractionRow, enqueuedAt: Instant, queueEnteredAt: Instant, now: Instant,
                                summary: inout RecoverySummary) -> Bool {
        let stored = Self.enqueueRequest(record)
        let request = routingRequest(stored, id: InteractionID(record.id))
        ledger.owners[request.id] = restoredOwner(record, stored, queue: request.queue)
        if let error = perform(.restoreWaiting(request, enqueuedAt: enqueuedAt, queueEnteredAt: queueEnteredAt), now) {
            ledger.owners[request.id] = nil
            journal.append(.interaction(.ended, record.id, at: Int64(context.wallMilliseconds), reason: "not_restorable"))
            if let customer = record.customerId, signals.rules.memoryEnabled {
                signals.memory.finished(customer: customer, interaction: request.id, disposition: nil, at: Int64(context.wallMilliseconds))
            }
            ledger.remember(request.id, FinishedInteraction(source: record.source, event: .ended))
            logger.warning("a recovered interaction cannot be routed under the current configuration; ended",
                           metadata: ["sb.interaction": "\(record.id)", "sb.queue": "\(record.queue)", "sb.error": "\(error)"])
            summary.ended += 1
            return false
        }
        summary.waiting += 1
        if let deadline = signals.rules.complaintDeadline(queue: request.queue, attributes: stored.attributes) {
            signals.complaints.watch(request.id, due: record.enqueuedAt + deadline)
        }
        watchTier(request.id, tier: request.tier, enqueuedAtMs: record.enqueuedAt)
        return true
    }

    /// The owner of an interaction put back, with what offers show of its customer.
    private func restoredOwner(_ record: InteractionRow, _ stored: EnqueueRequest, queue: QueueID) -> InteractionOwner {
        let customer = record.customerId.flatMap { customer in
            rememberedContext(customer, InteractionID(record.id), rule: signals.rules.repeatPolicy(for: queue))
        }
        return InteractionOwner(source: record.source, attributes: stored.attributes, customerId: record.customerId, customer: customer,
                                queue: queue, enqueuedAtMs: record.enqueuedAt,
                                demanding: signals.wellbeing.isDemanding(queue: queue, attributes: stored.attributes))
    }

    /// A stored interaction as the source's request that created it (its JSON columns were written
    /// by ``storedInteraction``).
    static func enqueueRequest(_ record: InteractionRow) -> EnqueueRequest {
        var skills: [String: Int]?
        if case .object(let members)? = try? JSONParser.parse(record.requirements) {
            skills = [:]
            for (skill, value) in members {
                if case .number(let level) = value, let int = Int(exactly: level) { skills?[skill] = int }
            }
        }
        return EnqueueRequest(
            id: record.id, channel: Channel(rawValue: record.channel) ?? .voice, queue: record.queue, skills: skills,
            priority: record.priority, customerId: record.customerId, tier: record.tier, preferredAgent: record.preferredAgent,
            attributes: attributes(record.attributes))
    }

    static func attributes(_ json: String) -> [(key: String, value: JSONValue)] {
        if case .object(let members)? = try? JSONParser.parse(json) { return members }
        return []
    }
}
