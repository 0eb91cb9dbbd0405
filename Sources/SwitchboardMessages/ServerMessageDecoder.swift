/// Reads server messages on the client side (the load tool, socket tests).
///
/// Lenient where the protocol says clients must be: unknown members are ignored and a newer server
/// may add fields. A frame that is not JSON, has no `type`, an unknown `type`, or misses a field the
/// client needs is an error naming the field.
public enum ServerMessageDecoder {
    /// Why a server frame could not be read.
    public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { "server message: \(message)" }
    }

    public static func decode(_ text: String) throws(DecodeError) -> ServerMessage {
        try decode(Array(text.utf8))
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> ServerMessage {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw DecodeError(error.description)
        }
        guard case .object(let members) = value else { throw DecodeError("expected a JSON object, got \(value.typeName)") }
        let type = try string(value, "type")
        switch type {
        case "welcome":
            let role = try string(value, "role")
            guard let wireRole = WireRole(rawValue: role) else { throw DecodeError("field role: unknown role \"\(role)\"") }
            var resumed: [WireInteraction] = []
            if case .array(let elements)? = value["interactions"] {
                for (index, element) in elements.enumerated() {
                    resumed.append(try interaction(element, path: "interactions[\(index)]"))
                }
            }
            return .welcome(role: wireRole, agentId: optionalString(value, "agentId"),
                            serverTimeMs: optionalInt(value, "serverTime") ?? 0, resumed: resumed)
        case "ok":
            let fields = members.filter { $0.key != "type" && $0.key != "ref" }
            return .ok(ref: optionalString(value, "ref"), fields: fields)
        case "error":
            let codeText = try string(value, "code")
            let code = ErrorCode(rawValue: codeText) ?? .internalError
            return .error(ProtocolError(code, optionalString(value, "message") ?? "", ref: optionalString(value, "ref")))
        case "agent_state":
            return .agentState(agentStatus(value, idKey: "agentId"))
        case "offer":
            guard let body = value["interaction"] else { throw DecodeError("missing field interaction") }
            return .offer(try interaction(body, path: "interaction"), expiresInMs: optionalInt(value, "expiresInMs") ?? 0)
        case "revoked":
            return .revoked(interactionId: try string(value, "interactionId"), reason: optionalString(value, "reason") ?? "")
        case "interaction":
            let eventText = try string(value, "event")
            guard let event = WireInteractionEvent(rawValue: eventText) else {
                throw DecodeError("field event: unknown event \"\(eventText)\"")
            }
            return .interaction(interactionId: try string(value, "interactionId"), event: event,
                                agentId: optionalString(value, "agentId"), queue: optionalString(value, "queue"),
                                reason: optionalString(value, "reason"), atMs: optionalInt(value, "at") ?? 0)
        case "stats":
            var queues: [WireQueueStats]?
            if case .array(let elements)? = value["queues"] {
                queues = elements.map(queueStats)
            }
            var agents: [WireAgentStatus]?
            if case .array(let elements)? = value["agents"] {
                agents = elements.map { agentStatus($0, idKey: "id") }
            }
            return .stats(queues: queues, agents: agents)
        case "alert":
            return .alert(try alert(value))
        case "event":
            guard let seq = optionalInt(value, "seq") else { throw DecodeError("missing field seq") }
            return .event(WireEvent(seq: seq, kind: try string(value, "kind"), atMs: optionalInt(value, "at") ?? 0,
                                    interactionId: optionalString(value, "interactionId"), agentId: optionalString(value, "agentId"),
                                    queue: optionalString(value, "queue"), reason: optionalString(value, "reason"),
                                    state: optionalString(value, "state"), disposition: optionalString(value, "disposition")))
        case "events_stopped":
            let reasonText = try string(value, "reason")
            guard let reason = WireStreamStop(rawValue: reasonText) else { throw DecodeError("field reason: unknown reason \"\(reasonText)\"") }
            return .eventsStopped(reason: reason, lastSeq: optionalInt(value, "lastSeq") ?? 0, message: optionalString(value, "message") ?? "")
        default:
            throw DecodeError("field type: unknown message type \"\(type)\"")
        }
    }

    // MARK: Parts

    static func interaction(_ value: JSONValue, path: String) throws(DecodeError) -> WireInteraction {
        guard case .object = value else { throw DecodeError("field \(path): expected an object, got \(value.typeName)") }
        var attributes: [(key: String, value: JSONValue)] = []
        if case .object(let members)? = value["attributes"] { attributes = members }
        var customer: WireCustomer?
        if let body = value["customer"], body != .null {
            guard case .object = body else { throw DecodeError("field \(path).customer: expected an object, got \(body.typeName)") }
            customer = self.customer(body)
        }
        return WireInteraction(
            id: try string(value, "id", path: path),
            channel: try string(value, "channel", path: path),
            queue: try string(value, "queue", path: path),
            priority: optionalInt(value, "priority") ?? 0,
            customerId: optionalString(value, "customerId"),
            tier: optionalString(value, "tier"),
            attributes: attributes,
            waitedMs: optionalInt(value, "waitedMs") ?? 0,
            customer: customer
        )
    }

    static func customer(_ value: JSONValue) -> WireCustomer {
        var byChannel: [(channel: String, count: Int)] = []
        if case .object(let members)? = value["byChannel"] {
            for member in members {
                if case .number(let n) = member.value, n.isFinite, abs(n) < 9e15 { byChannel.append((member.key, Int(n))) }
            }
        }
        var isRepeat = false
        if case .bool(let flag)? = value["repeat"] { isRepeat = flag }
        return WireCustomer(
            contacts: optionalInt(value, "contacts") ?? 0, byChannel: byChannel, isRepeat: isRepeat,
            reason: optionalString(value, "reason"), topic: optionalString(value, "topic"),
            lastAgent: optionalString(value, "lastAgent"), lastDisposition: optionalString(value, "lastDisposition"),
            lastChannel: optionalString(value, "lastChannel"),
            secondsSinceLastContact: optionalInt(value, "secondsSinceLastContact"))
    }

    /// `kind` stays open (a newer server adds kinds); `severity` and `state` are closed sets.
    static func alert(_ value: JSONValue) throws(DecodeError) -> WireAlert {
        let id = try string(value, "id")
        let kind = try string(value, "kind")
        let severityText = try string(value, "severity")
        guard let severity = WireAlertSeverity(rawValue: severityText) else {
            throw DecodeError("field severity: unknown severity \"\(severityText)\"")
        }
        let stateText = try string(value, "state")
        guard let state = WireAlertState(rawValue: stateText) else { throw DecodeError("field state: unknown state \"\(stateText)\"") }
        var subject: [(key: String, value: JSONValue)] = []
        if case .object(let members)? = value["subject"] { subject = members }
        let atMs = optionalInt(value, "at") ?? 0
        return WireAlert(
            id: id, kind: kind, severity: severity, subject: subject,
            message: optionalString(value, "message") ?? "", atMs: atMs, state: state,
            raisedAtMs: optionalInt(value, "raisedAt") ?? atMs,
            acknowledgedBy: optionalString(value, "acknowledgedBy"), acknowledgedAtMs: optionalInt(value, "acknowledgedAt"))
    }

    static func agentStatus(_ value: JSONValue, idKey: String) -> WireAgentStatus {
        var load: [String: Int] = [:]
        if case .object(let members)? = value["load"] {
            for member in members {
                if case .number(let n) = member.value { load[member.key] = Int(n) }
            }
        }
        var today: WireAgentDay?
        if let day = value["today"], case .object = day {
            var notReady: [(reason: String, ms: Int)] = []
            if case .object(let members)? = day["notReadyMs"] {
                for member in members { if case .number(let n) = member.value { notReady.append((member.key, Int(n))) } }
            }
            var occupancy: Double?
            if case .number(let n)? = day["occupancy"] { occupancy = n }
            today = WireAgentDay(
                handled: optionalInt(day, "handled") ?? 0, demandingHandled: optionalInt(day, "demandingHandled") ?? 0,
                streak: optionalInt(day, "streak") ?? 0, longestStreak: optionalInt(day, "longestStreak") ?? 0,
                demandingLastHour: optionalInt(day, "demandingLastHour") ?? 0, occupancy: occupancy,
                averageHandleMs: optionalInt(day, "averageHandleMs"), notReadyMs: notReady, coolDownUntilMs: optionalInt(day, "coolDownUntil"))
        }
        return WireAgentStatus(id: optionalString(value, idKey) ?? "", state: optionalString(value, "state") ?? "",
                               reason: optionalString(value, "reason"), load: load, today: today)
    }

    static func queueStats(_ value: JSONValue) -> WireQueueStats {
        var level: Double?
        if case .number(let n)? = value["serviceLevel"] { level = n }
        return WireQueueStats(
            name: optionalString(value, "name") ?? "", waiting: optionalInt(value, "waiting") ?? 0,
            longestWaitMs: optionalInt(value, "longestWaitMs") ?? 0, available: optionalInt(value, "available") ?? 0,
            busy: optionalInt(value, "busy") ?? 0, offered: optionalInt(value, "offered") ?? 0,
            answered: optionalInt(value, "answered") ?? 0, abandoned: optionalInt(value, "abandoned") ?? 0,
            serviceLevel: level, asaMs: optionalInt(value, "asaMs") ?? 0)
    }

    static func string(_ object: JSONValue, _ key: String, path: String = "") throws(DecodeError) -> String {
        let name = path.isEmpty ? key : "\(path).\(key)"
        guard let value = object[key] else { throw DecodeError("missing field \(name)") }
        guard case .string(let text) = value else { throw DecodeError("field \(name): expected a string, got \(value.typeName)") }
        return text
    }

    static func optionalString(_ object: JSONValue, _ key: String) -> String? {
        if case .string(let text)? = object[key] { return text }
        return nil
    }

    static func optionalInt(_ object: JSONValue, _ key: String) -> Int? {
        if case .number(let n)? = object[key], n.isFinite, abs(n) < 9e15 { return Int(n) }
        return nil
    }
}
