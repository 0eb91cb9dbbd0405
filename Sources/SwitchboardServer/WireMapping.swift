import SwitchboardMessages
import SwitchboardRouter

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

    static func interaction(_ snapshot: InteractionSnapshot, attributes: [(key: String, value: JSONValue)], now: Instant) -> WireInteraction {
        WireInteraction(
            id: snapshot.id.rawValue, channel: snapshot.channel.rawValue, queue: snapshot.queue.rawValue,
            priority: snapshot.priority, customerId: snapshot.customerId, tier: snapshot.tier,
            attributes: attributes, waitedMs: Int(max(0, snapshot.waitedMilliseconds(at: now)))
        )
    }

    static func interaction(_ offered: OfferedInteraction, attributes: [(key: String, value: JSONValue)], now: Instant) -> WireInteraction {
        WireInteraction(
            id: offered.id.rawValue, channel: offered.channel.rawValue, queue: offered.queue.rawValue,
            priority: offered.priority, customerId: offered.customerId, tier: offered.tier,
            attributes: attributes, waitedMs: max(0, ServerClock.milliseconds(now - offered.enqueuedAt))
        )
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
