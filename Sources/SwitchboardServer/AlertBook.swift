import OrderedCollections
import SwitchboardMessages

/// What an alert is about, as named on the wire (`kind`). Open: other signals add kinds.
struct AlertKind: RawRepresentable, Hashable, Sendable {
    var rawValue: String

    init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A customer reached us again and again (`customers.repeat`).
    static let repeatContact = AlertKind(rawValue: "repeat_contact")
    /// Many more contacts about one topic (or in one queue) than usual (`alerts.topic_surge`).
    static let topicSurge = AlertKind(rawValue: "topic_surge")
    /// A complaint waited beyond its deadline (`alerts.complaints`).
    static let complaintWaiting = AlertKind(rawValue: "complaint_waiting")
    /// A queue's rolling service level fell below its target (`alerts.service_level`).
    static let serviceLevel = AlertKind(rawValue: "service_level")
}

/// One raised alert. Its subject's first member names what it is about (`customerId`, `topic`,
/// `queue`, `interactionId`); the rest are details. Kind and that member make its key: one raised
/// alert per key, so a condition that holds on is not raised twice (also across a restart).
struct Alert: Sendable {
    var id: String
    var kind: AlertKind
    var severity: WireAlertSeverity
    var subject: [(key: String, value: JSONValue)]
    var message: String
    var raisedAtMs: Int
    var acknowledgedBy: String?
    var acknowledgedAtMs: Int?

    var key: String { Self.key(kind, subject) }

    static func key(_ kind: AlertKind, _ subject: [(key: String, value: JSONValue)]) -> String {
        guard let first = subject.first else { return kind.rawValue }
        let value: String
        if case .string(let text) = first.value {
            value = text
        } else {
            var writer = JSONWriter(reservingCapacity: 16)
            writer.value(first.value)
            value = writer.string
        }
        return "\(kind.rawValue)|\(first.key)=\(value)"
    }

    /// The alert as subscribers see it: `raised` at its raise, `cleared` at `clearedAtMs`.
    func wire(clearedAtMs: Int? = nil) -> WireAlert {
        WireAlert(id: id, kind: kind.rawValue, severity: severity, subject: subject, message: message,
                  atMs: clearedAtMs ?? raisedAtMs, state: clearedAtMs == nil ? .raised : .cleared, raisedAtMs: raisedAtMs,
                  acknowledgedBy: acknowledgedBy, acknowledgedAtMs: acknowledgedAtMs)
    }
}

/// The alerts raised and not yet cleared, oldest first, with the ids they go by.
///
/// Bounded: past `limit` raised alerts the oldest is cleared to make room (a floor that raises
/// thousands of alerts needs its newest ones; each clearing is recorded and pushed like any other).
struct AlertBook {
    private(set) var raised: OrderedDictionary<String, Alert> = [:]
    private var keyOfID: [String: String] = [:]
    /// Ids are `<prefix><n>`; the prefix holds the start time, so a restarted server never reuses one.
    let idPrefix: String
    private var serial: UInt64 = 0
    let limit: Int

    init(idPrefix: String, limit: Int = 10_000) {
        self.idPrefix = idPrefix
        self.limit = limit
    }

    func alert(id: String) -> Alert? {
        keyOfID[id].flatMap { raised[$0] }
    }

    func alert(_ kind: AlertKind, subject: [(key: String, value: JSONValue)]) -> Alert? {
        raised[Alert.key(kind, subject)]
    }

    /// Raises an alert unless one with the same key is raised: then nil, or the same alert with the
    /// new severity, subject and message when its severity rose (`escalated`). `displaced` is the
    /// oldest alert cleared to stay within the limit.
    mutating func raise(_ kind: AlertKind, severity: WireAlertSeverity, subject: [(key: String, value: JSONValue)],
                        message: String, atMs: Int) -> (alert: Alert, escalated: Bool, displaced: Alert?)? {
        let key = Alert.key(kind, subject)
        if let index = raised.index(forKey: key) {
            guard severity.rank > raised.values[index].severity.rank else { return nil }
            raised.values[index].severity = severity
            raised.values[index].subject = subject
            raised.values[index].message = message
            return (raised.values[index], true, nil)
        }
        serial += 1
        let alert = Alert(id: "\(idPrefix)\(serial)", kind: kind, severity: severity, subject: subject, message: message, raisedAtMs: atMs)
        var displaced: Alert?
        if raised.count >= limit, let oldest = raised.keys.first {
            displaced = clear(key: oldest)
        }
        raised[key] = alert
        keyOfID[alert.id] = key
        return (alert, false, displaced)
    }

    /// Replaces what a raised alert says (severity, subject details, message), keeping its id and
    /// acknowledgement; nil when none with this kind and subject is raised.
    mutating func update(_ kind: AlertKind, severity: WireAlertSeverity, subject: [(key: String, value: JSONValue)], message: String) -> Alert? {
        guard let index = raised.index(forKey: Alert.key(kind, subject)) else { return nil }
        raised.values[index].severity = severity
        raised.values[index].subject = subject
        raised.values[index].message = message
        return raised.values[index]
    }

    /// Clears the raised alert with this kind and subject; nil when none is raised.
    mutating func clear(_ kind: AlertKind, subject: [(key: String, value: JSONValue)]) -> Alert? {
        clear(key: Alert.key(kind, subject))
    }

    mutating func clear(key: String) -> Alert? {
        guard let alert = raised.removeValue(forKey: key) else { return nil }
        keyOfID[alert.id] = nil
        return alert
    }

    /// Records who acknowledged a raised alert; nil when no raised alert has this id.
    mutating func acknowledge(id: String, by who: String, atMs: Int) -> Alert? {
        guard let key = keyOfID[id], let index = raised.index(forKey: key) else { return nil }
        raised.values[index].acknowledgedBy = who
        raised.values[index].acknowledgedAtMs = atMs
        return raised.values[index]
    }

    /// Puts back an alert raised before a restart (kept under its id, never raised again).
    mutating func restore(_ alert: Alert) {
        let key = alert.key
        guard raised[key] == nil else { return }
        raised[key] = alert
        keyOfID[alert.id] = key
    }

    /// The raised alerts of one kind (a copy: the caller may clear them while iterating).
    func raised(_ kind: AlertKind) -> [Alert] {
        raised.values.filter { $0.kind == kind }
    }
}

extension WireAlertSeverity {
    /// Order of gravity: info < warning < critical.
    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }
}
