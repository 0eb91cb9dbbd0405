extension NewInteraction {
    /// The `enqueued` event's payload: the same JSON `JSONEncoder` would write (keys in declaration
    /// order, absent optionals left out), written by hand because it is on the writer's hot path.
    var jsonText: String {
        var out = "{"
        func field(_ key: String, _ value: String) {
            if out.count > 1 { out += "," }
            out += "\"\(key)\":"
            appendJSONString(value, to: &out)
        }
        field("id", id)
        field("source", source)
        field("queue", queue)
        field("channel", channel)
        out += ",\"priority\":\(priority)"
        if let customerId { field("customerId", customerId) }
        if let tier { field("tier", tier) }
        field("attributes", attributes)
        field("requirements", requirements)
        if let preferredAgent { field("preferredAgent", preferredAgent) }
        if let enqueuedAt { out += ",\"enqueuedAt\":\(enqueuedAt)" }
        out += "}"
        return out
    }
}

/// Appends `text` as a JSON string literal (RFC 8259 escaping).
func appendJSONString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    out += "\""
}
