/// Writes server messages as compact JSON text, exactly as `docs/PROTOCOL.md` describes them.
public enum MessageEncoder {
    /// The protocol version announced in `welcome`.
    public static let protocolVersion = 1

    public static func encode(_ message: ServerMessage) -> [UInt8] {
        var writer = JSONWriter()
        write(message, into: &writer)
        return writer.bytes
    }

    public static func encodeString(_ message: ServerMessage) -> String {
        String(decoding: encode(message), as: UTF8.self)
    }

    public static func write(_ message: ServerMessage, into w: inout JSONWriter) {
        w.beginObject()
        switch message {
        case let .welcome(role, agentId, serverTimeMs, resumed):
            w.member("type", "welcome")
            w.member("role", role.rawValue)
            w.member("agentId", ifPresent: agentId)
            w.member("protocol", protocolVersion)
            w.member("serverTime", serverTimeMs)
            if role == .agent {
                w.key("interactions")
                w.beginArray()
                for interaction in resumed { write(interaction, into: &w) }
                w.endArray()
            }
        case let .ok(ref, fields):
            w.member("type", "ok")
            w.member("ref", ifPresent: ref)
            for field in fields { w.member(field.key, field.value) }
        case let .error(error):
            w.member("type", "error")
            w.member("ref", ifPresent: error.ref)
            w.member("code", error.code.rawValue)
            w.member("message", error.message)
        case let .agentState(status):
            w.member("type", "agent_state")
            writeAgentFields(status, into: &w, idKey: "agentId")
        case let .offer(interaction, expiresInMs):
            w.member("type", "offer")
            w.key("interaction")
            write(interaction, into: &w)
            w.member("expiresInMs", expiresInMs)
        case let .revoked(interactionId, reason):
            w.member("type", "revoked")
            w.member("interactionId", interactionId)
            w.member("reason", reason)
        case let .interaction(interactionId, event, agentId, queue, reason, atMs):
            w.member("type", "interaction")
            w.member("interactionId", interactionId)
            w.member("event", event.rawValue)
            w.member("agentId", ifPresent: agentId)
            w.member("queue", ifPresent: queue)
            w.member("reason", ifPresent: reason)
            w.member("at", atMs)
        case let .stats(queues, agents):
            w.member("type", "stats")
            if let queues {
                w.key("queues")
                w.beginArray()
                for queue in queues { write(queue, into: &w) }
                w.endArray()
            }
            if let agents {
                w.key("agents")
                w.beginArray()
                for agent in agents {
                    w.beginObject()
                    writeAgentFields(agent, into: &w, idKey: "id")
                    w.endObject()
                }
                w.endArray()
            }
        case let .alert(alert):
            w.member("type", "alert")
            write(alert, into: &w)
        case let .event(event):
            w.member("type", "event")
            w.member("seq", event.seq)
            w.member("kind", event.kind)
            w.member("at", event.atMs)
            w.member("interactionId", orNull: event.interactionId)
            w.member("agentId", orNull: event.agentId)
            w.member("queue", orNull: event.queue)
            w.member("reason", orNull: event.reason)
            w.member("state", orNull: event.state)
            w.member("disposition", orNull: event.disposition)
        case let .eventsStopped(reason, lastSeq, message):
            w.member("type", "events_stopped")
            w.member("reason", reason.rawValue)
            w.member("lastSeq", lastSeq)
            w.member("message", message)
        }
        w.endObject()
    }

    static func write(_ interaction: WireInteraction, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", interaction.id)
        w.member("channel", interaction.channel)
        w.member("queue", interaction.queue)
        w.member("priority", interaction.priority)
        w.member("customerId", ifPresent: interaction.customerId)
        w.member("tier", ifPresent: interaction.tier)
        if let customer = interaction.customer {
            w.key("customer")
            write(customer, into: &w)
        }
        w.member("attributes", .object(interaction.attributes))
        w.member("waitedMs", interaction.waitedMs)
        w.endObject()
    }

    /// Every member, nil ones as `null`.
    static func write(_ customer: WireCustomer, into w: inout JSONWriter) {
        w.beginObject()
        w.member("contacts", customer.contacts)
        w.key("byChannel")
        w.beginObject()
        for entry in customer.byChannel { w.member(entry.channel, entry.count) }
        w.endObject()
        w.member("repeat", customer.isRepeat)
        w.member("reason", orNull: customer.reason)
        w.member("topic", orNull: customer.topic)
        w.member("lastAgent", orNull: customer.lastAgent)
        w.member("lastDisposition", orNull: customer.lastDisposition)
        w.member("lastChannel", orNull: customer.lastChannel)
        w.member("secondsSinceLastContact", orNull: customer.secondsSinceLastContact)
        w.endObject()
    }

    /// The members of an `alert` after `type`; every member, nil ones as `null`.
    static func write(_ alert: WireAlert, into w: inout JSONWriter) {
        w.member("id", alert.id)
        w.member("kind", alert.kind)
        w.member("severity", alert.severity.rawValue)
        w.member("subject", .object(alert.subject))
        w.member("message", alert.message)
        w.member("at", alert.atMs)
        w.member("state", alert.state.rawValue)
        w.member("raisedAt", alert.raisedAtMs)
        w.member("acknowledgedBy", orNull: alert.acknowledgedBy)
        w.member("acknowledgedAt", orNull: alert.acknowledgedAtMs)
    }

    static func write(_ queue: WireQueueStats, into w: inout JSONWriter) {
        w.beginObject()
        w.member("name", queue.name)
        w.member("waiting", queue.waiting)
        w.member("longestWaitMs", queue.longestWaitMs)
        w.member("available", queue.available)
        w.member("busy", queue.busy)
        w.member("offered", queue.offered)
        w.member("answered", queue.answered)
        w.member("abandoned", queue.abandoned)
        w.key("serviceLevel")
        if let level = queue.serviceLevel { w.value(level) } else { w.null() }
        w.member("asaMs", queue.asaMs)
        w.endObject()
    }

    static func writeAgentFields(_ agent: WireAgentStatus, into w: inout JSONWriter, idKey: String) {
        w.member(idKey, agent.id)
        w.member("state", agent.state)
        w.member("reason", ifPresent: agent.reason)
        w.key("load")
        w.beginObject()
        for channel in agent.load.keys.sorted() { w.member(channel, agent.load[channel] ?? 0) }
        w.endObject()
        guard let today = agent.today else { return }
        w.key("today")
        w.beginObject()
        w.member("handled", today.handled)
        w.member("demandingHandled", today.demandingHandled)
        w.member("streak", today.streak)
        w.member("longestStreak", today.longestStreak)
        w.member("demandingLastHour", today.demandingLastHour)
        w.key("occupancy")
        if let occupancy = today.occupancy { w.value(occupancy) } else { w.null() }
        w.member("averageHandleMs", orNull: today.averageHandleMs)
        w.key("notReadyMs")
        w.beginObject()
        for entry in today.notReadyMs { w.member(entry.reason, entry.ms) }
        w.endObject()
        w.member("coolDownUntil", orNull: today.coolDownUntilMs)
        w.endObject()
    }
}
