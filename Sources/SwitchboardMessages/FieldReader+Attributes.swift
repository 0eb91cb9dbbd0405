/// `interaction.attributes`: free-form JSON, bounded so that what goes out with every offer and into
/// the store stays small (``MessageLimits``).
extension FieldReader {
    /// The attributes object's members, or nil when absent. Keys are names (no control characters);
    /// values are any JSON, whose strings may hold newlines and tabs (they are stored escaped).
    func optionalAttributes(_ key: String) throws(ProtocolError) -> [(key: String, value: JSONValue)]? {
        guard let value = object[key], value != .null else { return nil }
        guard case .object(let members) = value else { throw illTyped(key, expected: "an object", got: value) }
        let field = fieldPath(key)
        guard members.count <= MessageLimits.attributeKeys else {
            throw .badRequest("field \(field): more than \(MessageLimits.attributeKeys) keys")
        }
        for member in members {
            try checkKey(member.key, of: key, maxLength: MessageLimits.attributeKeyBytes)
            try checkAttributeValue(member.value, field: "\(field).\(member.key)", depth: 0)
        }
        // Each part is bounded by now, so encoding the whole to measure it costs little.
        var writer = JSONWriter()
        writer.value(value)
        guard writer.bytes.count <= MessageLimits.attributesBytes else {
            throw .badRequest("field \(field): longer than \(MessageLimits.attributesBytes) bytes as JSON")
        }
        return members
    }

    /// Checks the strings (member names too) and the nesting of one attribute value.
    private func checkAttributeValue(_ value: JSONValue, field: String, depth: Int) throws(ProtocolError) {
        let maxString = MessageLimits.attributeStringBytes
        switch value {
        case .string(let string):
            guard string.utf8.count <= maxString else { throw .badRequest("field \(field): a string is longer than \(maxString) bytes") }
        case .array(let elements):
            try checkNesting(depth, field: field)
            for element in elements { try checkAttributeValue(element, field: field, depth: depth + 1) }
        case .object(let members):
            try checkNesting(depth, field: field)
            for member in members {
                guard member.key.utf8.count <= maxString else { throw .badRequest("field \(field): a key is longer than \(maxString) bytes") }
                try checkAttributeValue(member.value, field: field, depth: depth + 1)
            }
        case .null, .bool, .number:
            break
        }
    }

    private func checkNesting(_ depth: Int, field: String) throws(ProtocolError) {
        guard depth < MessageLimits.attributeDepth else {
            throw .badRequest("field \(field): nested deeper than \(MessageLimits.attributeDepth) levels")
        }
    }
}
