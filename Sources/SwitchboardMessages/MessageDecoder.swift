import SwitchboardRouter

/// Turns one text frame into a `ClientEnvelope`, or a `bad_request` error that names the problem.
///
/// Unknown members are ignored (forward compatibility: a newer client may send more than we read);
/// missing, ill-typed or oversized ones, and text with control characters, are errors naming the
/// field's full path. The bounds are ``MessageLimits``.
public enum MessageDecoder {
    public static func decode(_ text: String) throws(ProtocolError) -> ClientEnvelope {
        try decode(Array(text.utf8))
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(ProtocolError) -> ClientEnvelope {
        let json = try parseObject(bytes, named: "a message")
        let fields = FieldReader(json)
        // Read `ref` first so that every later error can be correlated by the client. A `ref` that
        // breaks a rule is not echoed: the error would carry the very bytes it refuses.
        let ref: String?
        switch json["ref"] {
        case nil, .null?: ref = nil
        case .string(let string)?:
            try fields.checkText(string, field: "ref", maxLength: MessageLimits.refBytes)
            ref = string
        case let other?: throw .badRequest("field ref: expected a string, got \(fields.describe(other))")
        }
        do {
            let message = try decodeMessage(fields)
            return ClientEnvelope(ref: ref, message: message)
        } catch {
            var error = error
            error.ref = ref
            throw error
        }
    }

    /// An `enqueue`'s `interaction` as a JSON object on its own (the REST API's request body): the
    /// same rules, errors naming fields relative to the object (`queue`, `skills.english`).
    public static func decodeInteraction(_ bytes: some Collection<UInt8>) throws(ProtocolError) -> EnqueueRequest {
        try decodeEnqueue(FieldReader(parseObject(bytes, named: "the body")))
    }

    /// `bytes` parsed within the message limits, refused unless a JSON object (`what` names it in the error).
    private static func parseObject(_ bytes: some Collection<UInt8>, named what: String) throws(ProtocolError) -> JSONValue {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes, limits: MessageLimits.json)
        } catch {
            throw .badRequest(error.description)
        }
        guard case .object = json else {
            throw .badRequest("\(what) must be a JSON object, got \(json.typeName)")
        }
        return json
    }

    /// Checks text that arrives outside a JSON body (a header, a query parameter) by the rules of
    /// message fields: at most `maxLength` bytes, no control characters; errors name `field`.
    public static func checkText(_ text: String, field: String, maxLength: Int) throws(ProtocolError) {
        try FieldReader(.null).checkText(text, field: field, maxLength: maxLength)
    }

    static let knownTypes = [
        "hello", "state", "accept", "reject", "complete", "transfer", "enqueue", "cancel", "position",
        "subscribe", "set_agent", "customer", "ack_alert", "reload",
    ]

    private static func decodeMessage(_ fields: FieldReader) throws(ProtocolError) -> ClientMessage {
        guard let typeValue = fields.object["type"] else {
            throw fields.missing("type", expected: "a string")
        }
        guard case .string(let type) = typeValue else {
            throw fields.illTyped("type", expected: "a string", got: typeValue)
        }
        let id = MessageLimits.identifierBytes
        let text = MessageLimits.textBytes
        switch type {
        case "hello":
            return .hello(token: try fields.string("token", maxLength: MessageLimits.tokenBytes))
        case "state":
            let state = try fields.choice("state", as: WireAgentState.self)
            let reason = try fields.optionalString("reason", maxLength: id)
            if state == .notReady, reason == nil {
                throw .badRequest("missing field reason (required when state is \"not_ready\", e.g. \"break\")")
            }
            return .state(state, reason: reason)
        case "accept":
            return .accept(interactionId: try fields.string("interactionId", maxLength: id), reason: try fields.optionalString("reason", maxLength: text))
        case "reject":
            return .reject(interactionId: try fields.string("interactionId", maxLength: id), reason: try fields.optionalString("reason", maxLength: text))
        case "complete":
            return .complete(interactionId: try fields.string("interactionId", maxLength: id), disposition: try fields.optionalString("disposition", maxLength: text))
        case "transfer":
            return .transfer(interactionId: try fields.string("interactionId", maxLength: id), queue: try fields.string("queue", maxLength: id))
        case "enqueue":
            return .enqueue(try decodeEnqueue(try fields.object("interaction")))
        case "cancel":
            return .cancel(interactionId: try fields.string("interactionId", maxLength: id), reason: try fields.optionalString("reason", maxLength: text))
        case "position":
            return .position(interactionId: try fields.string("interactionId", maxLength: id))
        case "subscribe":
            // `since` opens the resumable event stream; `topics` names the floor's pushes. One message does one.
            if let since = try fields.optionalInt("since", in: 0...Int.max) {
                guard fields.object["topics"] == nil else {
                    throw .badRequest("fields since and topics: a subscribe either opens the event stream (since) or names the floor's topics, not both")
                }
                return .subscribeEvents(since: since)
            }
            guard fields.object["topics"] != nil else {
                throw fields.missing("topics", expected: "the floor's topics (or since, the last seq received, for the event stream)")
            }
            let names = try fields.stringArray("topics")
            var topics: [WireTopic] = []
            for (index, name) in names.enumerated() {
                guard let topic = WireTopic(rawValue: name) else {
                    throw .badRequest("field topics[\(index)]: expected one of \(topicNames), got \"\(name.excerpt())\"")
                }
                if !topics.contains(topic) { topics.append(topic) }
            }
            guard !topics.isEmpty else { throw .badRequest("field topics: must name at least one topic") }
            return .subscribe(topics: topics)
        case "set_agent":
            var change = AgentChange(agentId: try fields.string("agentId", maxLength: id))
            change.skills = try fields.optionalIntMap("skills", in: 1...10)
            change.capacity = try fields.optionalIntMap("capacity", in: 0...50)
            if let capacity = change.capacity {
                for name in capacity.keys.sorted() where Channel(rawValue: name) == nil {
                    throw .badRequest("field capacity.\(name): unknown channel (expected one of \(Channel.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            change.state = try fields.optionalChoice("state", as: WireAgentState.self)
            change.reason = try fields.optionalString("reason", maxLength: id)
            if change.state == .notReady, change.reason == nil {
                throw .badRequest("missing field reason (required when state is \"not_ready\")")
            }
            if change.skills == nil, change.capacity == nil, change.state == nil {
                throw .badRequest("set_agent must change at least one of skills, capacity, state")
            }
            return .setAgent(change)
        case "customer":
            // Same rule as enqueue's customerId: any longer one names no customer the server knows.
            return .customer(
                customerId: try fields.string("customerId", maxLength: id),
                limit: try fields.optionalInt("limit", in: 1...MessageLimits.customerPageContacts),
                before: try fields.optionalString("before", maxLength: MessageLimits.cursorBytes))
        case "ack_alert":
            return .ackAlert(id: try fields.string("id", maxLength: id), note: try fields.optionalString("note", maxLength: MessageLimits.noteBytes))
        case "reload":
            return .reload
        default:
            throw .badRequest("unknown message type \"\(type.excerpt(64))\" (expected one of \(knownTypes.joined(separator: ", ")))")
        }
    }

    /// `"queues", "agents", "alerts"`, for errors.
    static let topicNames = WireTopic.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")

    private static func decodeEnqueue(_ fields: FieldReader) throws(ProtocolError) -> EnqueueRequest {
        var request = EnqueueRequest(
            id: try fields.optionalString("id", maxLength: MessageLimits.identifierBytes),
            channel: try fields.choice("channel", as: Channel.self),
            queue: try fields.string("queue", maxLength: MessageLimits.identifierBytes)
        )
        request.skills = try fields.optionalIntMap("skills", in: 1...10)
        request.priority = try fields.optionalInt("priority", in: 0...100)
        request.customerId = try fields.optionalString("customerId", maxLength: MessageLimits.identifierBytes)
        request.tier = try fields.optionalString("tier", maxLength: MessageLimits.identifierBytes)
        request.preferredAgent = try fields.optionalString("preferredAgent", maxLength: MessageLimits.identifierBytes)
        request.attributes = try fields.optionalAttributes("attributes") ?? []
        return request
    }
}
