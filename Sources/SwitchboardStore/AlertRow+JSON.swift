extension StoreEvent.AlertChange {
    /// The payload of the change's log row, as UTF-8 bytes appended to `out`: a raise carries the whole
    /// alert (its `subject` as the JSON object it is), a clear its id, an acknowledgement its id, who
    /// acknowledged it and the note; the event's own columns hold its instant. Replaying these rebuilds
    /// the `alerts` table.
    func appendJSON(to out: inout [UInt8]) {
        switch self {
        case .raised(let row):
            row.appendJSON(to: &out)
        case .cleared(let id):
            out.append(UInt8(ascii: "{"))
            appendKey("id", to: &out)
            appendJSONString(id, to: &out)
            out.append(UInt8(ascii: "}"))
        case .acknowledged(let id, let by, let note):
            out.append(UInt8(ascii: "{"))
            appendKey("id", to: &out)
            appendJSONString(id, to: &out)
            appendField("acknowledgedBy", by, to: &out)
            if let note { appendField("acknowledgementNote", note, to: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }
}

extension AlertRow {
    /// The row as a JSON object (keys in declaration order, absent optionals left out); `subject` is
    /// copied as the object it holds, which intake checked.
    func appendJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        appendKey("id", to: &out)
        appendJSONString(id, to: &out)
        appendField("kind", kind, to: &out)
        appendField("severity", severity, to: &out)
        out.append(UInt8(ascii: ","))
        appendKey("subject", to: &out)
        out.append(contentsOf: subject.utf8)
        appendField("message", message, to: &out)
        appendNumber("raisedAt", raisedAt, to: &out)
        if let clearedAt { appendNumber("clearedAt", clearedAt, to: &out) }
        if let acknowledgedAt { appendNumber("acknowledgedAt", acknowledgedAt, to: &out) }
        if let acknowledgedBy { appendField("acknowledgedBy", acknowledgedBy, to: &out) }
        if let acknowledgementNote { appendField("acknowledgementNote", acknowledgementNote, to: &out) }
        out.append(UInt8(ascii: "}"))
    }
}

/// Appends `,"key":"value"`.
private func appendField(_ key: StaticString, _ value: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: ","))
    appendKey(key, to: &out)
    appendJSONString(value, to: &out)
}

/// Appends `,"key":number`.
private func appendNumber(_ key: StaticString, _ value: Int64, to out: inout [UInt8]) {
    out.append(UInt8(ascii: ","))
    appendKey(key, to: &out)
    out.append(contentsOf: String(value).utf8)
}
