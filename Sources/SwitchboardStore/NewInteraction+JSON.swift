extension NewInteraction {
    /// The `enqueued` event's payload: the same JSON `JSONEncoder` would write (keys in declaration
    /// order, absent optionals and a `false` ``demanding`` left out), written by hand because it is on
    /// the writer's hot path.
    var jsonText: String {
        var bytes: [UInt8] = []
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``jsonText`` as UTF-8 bytes, so that the writer can reuse one buffer for every payload.
    func appendJSON(to out: inout [UInt8]) {
        func field(_ key: StaticString, _ value: String) {
            out.append(UInt8(ascii: ","))
            appendKey(key, to: &out)
            appendJSONString(value, to: &out)
        }
        out.append(UInt8(ascii: "{"))
        appendKey("id", to: &out)
        appendJSONString(id, to: &out)
        field("source", source)
        field("queue", queue)
        field("channel", channel)
        out.append(UInt8(ascii: ","))
        appendKey("priority", to: &out)
        out.append(contentsOf: String(priority).utf8)
        if let customerId { field("customerId", customerId) }
        if let tier { field("tier", tier) }
        field("attributes", attributes)
        field("requirements", requirements)
        if let preferredAgent { field("preferredAgent", preferredAgent) }
        if let enqueuedAt {
            out.append(UInt8(ascii: ","))
            appendKey("enqueuedAt", to: &out)
            out.append(contentsOf: String(enqueuedAt).utf8)
        }
        if demanding {
            out.append(UInt8(ascii: ","))
            appendKey("demanding", to: &out)
            out.append(contentsOf: "true".utf8)
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// Appends `"key":`.
func appendKey(_ key: StaticString, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    key.withUTF8Buffer { out.append(contentsOf: $0) }
    out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
}

/// Appends `text` as a JSON string literal (RFC 8259 escaping: quote, backslash and control characters;
/// everything else, multi-byte UTF-8 included, is copied as it is).
func appendJSONString(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
        guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out.append(contentsOf: bytes)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array(#"\u00"#.utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
    }
    out.append(UInt8(ascii: "\""))
}
