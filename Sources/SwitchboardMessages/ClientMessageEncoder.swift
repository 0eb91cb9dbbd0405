import SwitchboardRouter

/// Writes client messages as compact JSON text: the client side of `docs/PROTOCOL.md`, used by the
/// load tool and by tests that speak to a server over a socket.
public enum ClientMessageEncoder {
    public static func encode(_ envelope: ClientEnvelope) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 128)
        write(envelope, into: &writer)
        return writer.bytes
    }

    public static func encodeString(_ envelope: ClientEnvelope) -> String {
        String(decoding: encode(envelope), as: UTF8.self)
    }

    /// The message without a `ref`.
    public static func encodeString(_ message: ClientMessage, ref: String? = nil) -> String {
        encodeString(ClientEnvelope(ref: ref, message: message))
    }

    public static func write(_ envelope: ClientEnvelope, into w: inout JSONWriter) {
        w.beginObject()
        w.member("type", envelope.message.type)
        w.member("ref", ifPresent: envelope.ref)
        switch envelope.message {
        case .hello(let token):
            w.member("token", token)
        case let .state(state, reason):
            w.member("state", state.rawValue)
            w.member("reason", ifPresent: reason)
        case let .accept(interactionId, reason), let .reject(interactionId, reason):
            w.member("interactionId", interactionId)
            w.member("reason", ifPresent: reason)
        case let .complete(interactionId, disposition):
            w.member("interactionId", interactionId)
            w.member("disposition", ifPresent: disposition)
        case let .transfer(interactionId, queue):
            w.member("interactionId", interactionId)
            w.member("queue", queue)
        case .enqueue(let request):
            w.key("interaction")
            write(request, into: &w)
        case let .cancel(interactionId, reason):
            w.member("interactionId", interactionId)
            w.member("reason", ifPresent: reason)
        case .position(let interactionId):
            w.member("interactionId", interactionId)
        case .subscribe(let topics):
            w.key("topics")
            w.beginArray()
            for topic in topics { w.value(topic.rawValue) }
            w.endArray()
        case .subscribeEvents(let since):
            w.member("since", since)
        case .setAgent(let change):
            w.member("agentId", change.agentId)
            if let skills = change.skills { writeLevels("skills", skills, into: &w) }
            if let capacity = change.capacity { writeLevels("capacity", capacity, into: &w) }
            w.member("state", ifPresent: change.state?.rawValue)
            w.member("reason", ifPresent: change.reason)
        case let .customer(customerId, limit, before):
            w.member("customerId", customerId)
            w.member("limit", ifPresent: limit)
            w.member("before", ifPresent: before)
        case let .ackAlert(id, note):
            w.member("id", id)
            w.member("note", ifPresent: note)
        case .reload:
            break
        }
        w.endObject()
    }

    static func write(_ request: EnqueueRequest, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", ifPresent: request.id)
        w.member("channel", request.channel.rawValue)
        w.member("queue", request.queue)
        if let skills = request.skills { writeLevels("skills", skills, into: &w) }
        w.member("priority", ifPresent: request.priority)
        w.member("customerId", ifPresent: request.customerId)
        w.member("tier", ifPresent: request.tier)
        w.member("preferredAgent", ifPresent: request.preferredAgent)
        if !request.attributes.isEmpty { w.member("attributes", .object(request.attributes)) }
        w.endObject()
    }

    /// A name → integer map, keys sorted so that the same message always encodes to the same bytes.
    static func writeLevels(_ name: String, _ levels: [String: Int], into w: inout JSONWriter) {
        w.key(name)
        w.beginObject()
        for key in levels.keys.sorted() { w.member(key, levels[key] ?? 0) }
        w.endObject()
    }
}
