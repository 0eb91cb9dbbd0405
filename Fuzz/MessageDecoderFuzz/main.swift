// libFuzzer target for the client message path: JSONParser → MessageDecoder.
// Built by Fuzz/run.sh together with the module's sources (one module, no imports needed).
//
// The input is one text frame. Besides crashes and sanitizer reports, it traps when:
// - the parser's limits disagree: a document parses under small limits exactly when it parses
//   under the defaults to the same value and that value keeps within the small limits;
// - a parsed document does not survive JSONWriter → JSONParser unchanged;
// - an accepted message breaks a bound of MessageLimits or holds a control character where none
//   may be, or does not decode again to itself once ClientMessageEncoder wrote it;
// - an error is not bad_request, quotes an oversized or controlled `ref`, or is not short.

let small = JSONParser.Limits(maxDepth: 4, maxContainerCount: 8, maxValues: 64)

@_cdecl("LLVMFuzzerTestOneInput")
public func messageDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    checkParser(bytes)
    do {
        let envelope = try MessageDecoder.decode(bytes)
        checkAccepted(envelope)
        let again = ClientMessageEncoder.encode(envelope)
        guard let decoded = try? MessageDecoder.decode(again), decoded == envelope else {
            fatalError("an accepted message does not decode again to itself: \(String(decoding: again, as: UTF8.self))")
        }
    } catch {
        if error.code != .badRequest { fatalError("decoding failed with \(error.code)") }
        if error.message.utf8.count > 1_024 { fatalError("an error message of \(error.message.utf8.count) bytes") }
        if let ref = error.ref { checkText(ref, maxBytes: MessageLimits.refBytes, "error ref") }
    }
    return 0
}

private func checkParser(_ bytes: UnsafeBufferPointer<UInt8>) {
    let full = try? JSONParser.parse(bytes)
    let bounded = try? JSONParser.parse(bytes, limits: small)
    if let bounded, bounded != full { fatalError("small limits changed the parsed value") }
    if let full {
        let fits = keeps(full, depth: 1) <= small.maxValues
        if fits != (bounded != nil) { fatalError("small limits \(fits ? "refused" : "accepted") a document that \(fits ? "keeps" : "breaks") them") }
        var writer = JSONWriter()
        writer.value(full)
        guard let reparsed = try? JSONParser.parse(writer.bytes), reparsed == full else {
            fatalError("JSONWriter output does not parse back to the same value: \(writer.string)")
        }
    }
}

/// The values in `value`, or more than the small limit when it nests or fans out beyond them.
private func keeps(_ value: JSONValue, depth: Int) -> Int {
    let over = small.maxValues + 1
    switch value {
    case .array(let elements):
        guard depth <= small.maxDepth, elements.count <= small.maxContainerCount else { return over }
        return elements.reduce(1) { min(over, $0 + keeps($1, depth: depth + 1)) }
    case .object(let members):
        guard depth <= small.maxDepth, members.count <= small.maxContainerCount else { return over }
        return members.reduce(1) { min(over, $0 + keeps($1.value, depth: depth + 1)) }
    case .null, .bool, .number, .string:
        return 1
    }
}

private func checkText(_ text: String, maxBytes: Int, _ what: String) {
    if text.utf8.count > maxBytes { fatalError("\(what) of \(text.utf8.count) bytes passed") }
    if text.containsControlCharacters { fatalError("\(what) with a control character passed") }
}

private func checkOptional(_ text: String?, maxBytes: Int, _ what: String) {
    if let text { checkText(text, maxBytes: maxBytes, what) }
}

private func checkNames(_ map: [String: Int]?, _ what: String) {
    guard let map else { return }
    if map.count > 64 { fatalError("\(what) with \(map.count) entries passed") }
    for name in map.keys { checkText(name, maxBytes: MessageLimits.identifierBytes, "\(what) name") }
}

private func checkAccepted(_ envelope: ClientEnvelope) {
    let id = MessageLimits.identifierBytes
    let text = MessageLimits.textBytes
    checkOptional(envelope.ref, maxBytes: MessageLimits.refBytes, "ref")
    switch envelope.message {
    case .hello(let token):
        checkText(token, maxBytes: text, "token")
    case .state(_, let reason):
        checkOptional(reason, maxBytes: id, "state reason")
    case .accept(let interaction, let reason), .reject(let interaction, let reason), .cancel(let interaction, let reason):
        checkText(interaction, maxBytes: id, "interactionId")
        checkOptional(reason, maxBytes: text, "reason")
    case .complete(let interaction, let disposition):
        checkText(interaction, maxBytes: id, "interactionId")
        checkOptional(disposition, maxBytes: text, "disposition")
    case .transfer(let interaction, let queue):
        checkText(interaction, maxBytes: id, "interactionId")
        checkText(queue, maxBytes: id, "queue")
    case .position(let interaction):
        checkText(interaction, maxBytes: id, "interactionId")
    case .enqueue(let request):
        checkOptional(request.id, maxBytes: id, "interaction.id")
        checkText(request.queue, maxBytes: id, "interaction.queue")
        checkOptional(request.customerId, maxBytes: id, "interaction.customerId")
        checkOptional(request.tier, maxBytes: id, "interaction.tier")
        checkOptional(request.preferredAgent, maxBytes: id, "interaction.preferredAgent")
        checkNames(request.skills, "interaction.skills")
        checkAttributes(request.attributes)
    case .setAgent(let change):
        checkText(change.agentId, maxBytes: id, "agentId")
        checkOptional(change.reason, maxBytes: id, "set_agent reason")
        checkNames(change.skills, "skills")
        checkNames(change.capacity, "capacity")
        if let capacity = change.capacity, capacity.keys.contains(where: { Channel(rawValue: $0) == nil }) {
            fatalError("an unknown channel passed in capacity")
        }
    case .subscribe(let topics):
        if topics.isEmpty { fatalError("subscribe to nothing passed") }
    case .subscribeEvents(let since):
        if since < 0 { fatalError("subscribe since \(since) passed") }
    case .customer(let customer, let limit, let before):
        checkText(customer, maxBytes: id, "customerId")
        if customer.isEmpty { fatalError("an empty customerId passed") }
        if let limit, !(1...MessageLimits.customerPageContacts).contains(limit) { fatalError("customer limit \(limit) passed") }
        checkOptional(before, maxBytes: MessageLimits.cursorBytes, "before")
    case .ackAlert(let alert, let note):
        checkText(alert, maxBytes: id, "alert id")
        if alert.isEmpty { fatalError("an empty alert id passed") }
        checkOptional(note, maxBytes: MessageLimits.noteBytes, "ack note")
    case .reload:
        break
    }
}

private func checkAttributes(_ attributes: [(key: String, value: JSONValue)]) {
    if attributes.count > MessageLimits.attributeKeys { fatalError("\(attributes.count) attribute keys passed") }
    for member in attributes {
        checkText(member.key, maxBytes: MessageLimits.attributeKeyBytes, "attribute key")
        checkAttributeValue(member.value, depth: 0)
    }
    var writer = JSONWriter()
    writer.value(.object(attributes))
    if writer.bytes.count > MessageLimits.attributesBytes { fatalError("attributes of \(writer.bytes.count) bytes passed") }
}

private func checkAttributeValue(_ value: JSONValue, depth: Int) {
    switch value {
    case .string(let string):
        if string.utf8.count > MessageLimits.attributeStringBytes { fatalError("an attribute string of \(string.utf8.count) bytes passed") }
    case .array(let elements):
        if depth >= MessageLimits.attributeDepth { fatalError("attributes nested deeper than the limit passed") }
        for element in elements { checkAttributeValue(element, depth: depth + 1) }
    case .object(let members):
        if depth >= MessageLimits.attributeDepth { fatalError("attributes nested deeper than the limit passed") }
        for member in members {
            checkAttributeValue(.string(member.key), depth: depth + 1)
            checkAttributeValue(member.value, depth: depth + 1)
        }
    case .null, .bool, .number:
        break
    }
}
