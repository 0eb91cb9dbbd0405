/// JSON for reports: `subject` is written as the JSON object it holds, not as a string of JSON text;
/// absent optionals are left out (as elsewhere in ``Report``).
///
/// Reading accepts the object (kept as compact text with sorted keys) or a string.
extension AlertRow: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, kind, severity, subject, message, raisedAt, clearedAt, acknowledgedAt, acknowledgedBy, acknowledgementNote
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let subject: String
        if let members = try? container.decode([String: JSONTree].self, forKey: .subject) {
            subject = JSONTree.text(of: members) ?? "{}"
        } else {
            subject = try container.decode(String.self, forKey: .subject)
        }
        self.init(
            id: try container.decode(String.self, forKey: .id), kind: try container.decode(String.self, forKey: .kind),
            severity: try container.decode(String.self, forKey: .severity), subject: subject,
            message: try container.decode(String.self, forKey: .message), raisedAt: try container.decode(Int64.self, forKey: .raisedAt),
            clearedAt: try container.decodeIfPresent(Int64.self, forKey: .clearedAt),
            acknowledgedAt: try container.decodeIfPresent(Int64.self, forKey: .acknowledgedAt),
            acknowledgedBy: try container.decodeIfPresent(String.self, forKey: .acknowledgedBy),
            acknowledgementNote: try container.decodeIfPresent(String.self, forKey: .acknowledgementNote))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        if let members = JSONTree.object(subject) {
            try container.encode(members, forKey: .subject)
        } else {
            try container.encode(subject, forKey: .subject)
        }
        try container.encode(message, forKey: .message)
        try container.encode(raisedAt, forKey: .raisedAt)
        try container.encodeIfPresent(clearedAt, forKey: .clearedAt)
        try container.encodeIfPresent(acknowledgedAt, forKey: .acknowledgedAt)
        try container.encodeIfPresent(acknowledgedBy, forKey: .acknowledgedBy)
        try container.encodeIfPresent(acknowledgementNote, forKey: .acknowledgementNote)
    }
}
