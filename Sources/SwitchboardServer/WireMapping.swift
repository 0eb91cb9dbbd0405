import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals
import SwitchboardStore

/// Conversions from the routing core's values to the wire vocabulary.
enum WireMapping {
    /// `revoked.reason` for a core revocation.
    static func revokeReason(_ reason: RevokeReason) -> String {
        switch reason {
        case .acceptedElsewhere: "taken"
        case .cancelled: "cancelled"
        case .timedOut: "timeout"
        case .transferred: "transferred"
        case .agentLoggedOut: "disconnected"
        }
    }

    /// The agent's `agent_state` as supervisors and the agent see it: work held wins over the chosen
    /// state (busy, then reserved, then wrap-up); the chosen not-ready reason is always shown.
    static func status(_ id: AgentID, _ work: AgentWorkload) -> WireAgentStatus {
        var load: [String: Int] = [:]
        for channel in Channel.allCases where work.load(on: channel) > 0 { load[channel.rawValue] = work.load(on: channel) }
        let line = line(work.state, offers: work.offers, active: work.active, wrapping: work.wrappingUp)
        return WireAgentStatus(id: id.rawValue, state: line.state, reason: line.reason, load: load)
    }

    /// The agent's line as supervisors see it: held work wins over the chosen state (busy, then
    /// reserved, then wrap-up); the reason is the chosen not-ready reason.
    static func line(_ chosenState: AgentState, offers: Int, active: Int, wrapping: Int) -> (state: String, reason: String?) {
        var reason: String?
        let chosen: String
        switch chosenState {
        case .offline: chosen = "offline"
        case .available: chosen = "available"
        case .notReady(let r):
            chosen = "not_ready"
            reason = r
        }
        if chosenState == .offline && active == 0 { return ("offline", reason) }
        if active > 0 { return ("busy", reason) }
        if offers > 0 { return ("reserved", reason) }
        if wrapping > 0 { return ("wrap_up", reason) }
        return (chosen, reason)
    }

    static func queueStats(_ id: QueueID, _ stats: QueueStatistics, now: Instant) -> WireQueueStats {
        WireQueueStats(
            name: id.rawValue,
            waiting: stats.waiting,
            longestWaitMs: ServerClock.milliseconds(stats.longestWait(at: now)),
            available: stats.availableAgents,
            busy: stats.busyAgents,
            offered: stats.offered,
            answered: stats.answered,
            abandoned: stats.abandoned,
            serviceLevel: stats.serviceLevel,
            asaMs: stats.averageSpeedOfAnswer.map(ServerClock.milliseconds) ?? 0
        )
    }

    static func interaction(_ snapshot: InteractionSnapshot, attributes: [(key: String, value: JSONValue)], customer: CustomerContext?,
                            now: Instant) -> WireInteraction {
        WireInteraction(
            id: snapshot.id.rawValue, channel: snapshot.channel.rawValue, queue: snapshot.queue.rawValue,
            priority: snapshot.priority, customerId: snapshot.customerId, tier: snapshot.tier,
            attributes: attributes, waitedMs: Int(max(0, snapshot.waitedMilliseconds(at: now))),
            customer: customer.map(Self.customer)
        )
    }

    static func interaction(_ offered: OfferedInteraction, attributes: [(key: String, value: JSONValue)], customer: CustomerContext?,
                            now: Instant) -> WireInteraction {
        WireInteraction(
            id: offered.id.rawValue, channel: offered.channel.rawValue, queue: offered.queue.rawValue,
            priority: offered.priority, customerId: offered.customerId, tier: offered.tier,
            attributes: attributes, waitedMs: max(0, ServerClock.milliseconds(now - offered.enqueuedAt)),
            customer: customer.map(Self.customer)
        )
    }

    /// What an offer shows about its customer (`offer.interaction.customer`).
    static func customer(_ context: CustomerContext) -> WireCustomer {
        WireCustomer(
            contacts: context.contacts, byChannel: context.byChannel.nonZero.map { ($0.channel.rawValue, $0.count) },
            isRepeat: context.isRepeat, reason: context.reason?.rawValue, topic: context.topic, lastAgent: context.lastAgent?.rawValue,
            lastDisposition: context.lastDisposition, lastChannel: context.lastChannel?.rawValue,
            secondsSinceLastContact: context.secondsSincePreviousContact)
    }

    /// A core refusal as a protocol error.
    static func error(_ error: RoutingError, ref: String?) -> ProtocolError {
        let code: ErrorCode
        switch error {
        case .unknownQueue, .unknownInteraction, .unknownAgent: code = .notFound
        case .queueFull: code = .unavailable
        case .channelNotAccepted, .invalidPriority, .invalidConfiguration: code = .badRequest
        case .duplicateInteraction, .agentNotLoggedIn, .notOffered, .notAssigned, .notTransferable, .queueHoldsWork: code = .conflict
        }
        return ProtocolError(code, error.description, ref: ref)
    }
}

extension WireMapping {
    /// The reply to `customer` from a page of the store: `customerId`, `contacts` (newest first), `next`.
    static func customerHistory(_ customerId: String, _ page: CustomerHistoryPage) -> [(key: String, value: JSONValue)] {
        let contacts: [JSONValue] = page.contacts.map { row in
            contact(id: row.id, channel: row.channel, queue: row.queue, agent: row.agentId, disposition: row.disposition,
                    state: row.state.rawValue, enqueuedAt: row.enqueuedAt, answeredAt: row.answeredAt, endedAt: row.finishedAt, topic: row.topic)
        }
        return [("customerId", .string(customerId)), ("contacts", .array(contacts)), ("next", page.next.map { .string($0.token) } ?? .null)]
    }

    /// The reply to `customer` from memory (no store): the contacts of the window, newest first.
    static func customerHistory(_ customerId: String, remembered: some Collection<CustomerContact>, next: CustomerCursor?) -> [(key: String, value: JSONValue)] {
        let contacts: [JSONValue] = remembered.map { contact in
            let state = switch contact.state {
            case .waiting: "queued"
            case .assigned: "active"
            case .finished: contact.agent == nil ? "abandoned" : "completed"
            }
            return Self.contact(id: contact.interaction.rawValue, channel: contact.channel.rawValue, queue: contact.queue.rawValue,
                                agent: contact.agent?.rawValue, disposition: contact.disposition, state: state, enqueuedAt: contact.arrivedAt,
                                answeredAt: contact.assignedAt, endedAt: contact.finishedAt, topic: contact.topic)
        }
        return [("customerId", .string(customerId)), ("contacts", .array(contacts)), ("next", next.map { .string($0.token) } ?? .null)]
    }

    private static func contact(id: String, channel: String, queue: String, agent: String?, disposition: String?, state: String,
                                enqueuedAt: Int64, answeredAt: Int64?, endedAt: Int64?, topic: String?) -> JSONValue {
        func instant(_ ms: Int64?) -> JSONValue { ms.map { .number(Double($0)) } ?? .null }
        return .object([
            ("id", .string(id)), ("channel", .string(channel)), ("queue", .string(queue)), ("agentId", agent.map(JSONValue.string) ?? .null),
            ("disposition", disposition.map(JSONValue.string) ?? .null), ("state", .string(state)), ("enqueuedAt", instant(enqueuedAt)),
            ("answeredAt", instant(answeredAt)), ("endedAt", instant(endedAt)), ("topic", topic.map(JSONValue.string) ?? .null),
        ])
    }
}

extension WireMapping {
    /// An agent's day as supervisors see it in `stats`.
    static func agentDay(_ figures: StrainFigures) -> WireAgentDay {
        WireAgentDay(
            handled: figures.handledToday, demandingHandled: figures.demandingHandledToday, streak: figures.streak,
            longestStreak: figures.longestStreakToday, demandingLastHour: figures.demandingLastHour,
            occupancy: figures.occupancyToday.map { ($0 * 1000).rounded() / 1000 },
            averageHandleMs: figures.averageHandleMs.map { Int($0.rounded()) },
            notReadyMs: figures.notReadyTodayMs.sorted { $0.key < $1.key }.map { ($0.key, Int($0.value)) },
            coolDownUntilMs: figures.coolDownUntil.map { Int($0) })
    }
}
