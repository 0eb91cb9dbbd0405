/// The `alert` messages a supervisor received during a run (`watch_alerts`).
public struct AlertLog: Sendable, Equatable, Codable {
    /// One `alert` message as received.
    public struct Entry: Sendable, Equatable, Codable {
        public var id: String
        public var kind: String
        public var severity: String
        /// `raised` or `cleared`; `acknowledged` for a raised alert pushed again with `acknowledgedBy` set.
        public var state: String
        /// The alert's subject, each value as text (strings bare, other JSON as written).
        public var subject: [String: String]
        public var message: String
        /// Seconds since arrivals started when it arrived (0 for those before, e.g. raised before the run and sent at subscribe time).
        public var second: Double

        public init(id: String, kind: String, severity: String, state: String, subject: [String: String], message: String, second: Double) {
            self.id = id
            self.kind = kind
            self.severity = severity
            self.state = state
            self.subject = subject
            self.message = message
            self.second = second
        }
    }

    /// Entries kept in order; the counts cover every message.
    public static let keptEntries = 1000

    /// Every `alert` message received.
    public var received = 0
    /// Messages per kind, then per state (`raised`, `cleared`, `acknowledged`).
    public var counts: [String: [String: Int]] = [:]
    /// Alerts raised and not cleared when the run ended, per kind.
    public var stillRaised: [String: Int] = [:]
    /// The first ``keptEntries`` messages, in the order received.
    public var entries: [Entry] = []

    public init() {}

    /// Raised alerts not cleared yet, by id (their kind), to tell an acknowledgement from a new raise.
    private var open: [String: String] = [:]

    private enum CodingKeys: String, CodingKey { case received, counts, stillRaised, entries }

    /// What was received; the bookkeeping of open alerts is not part of a result.
    public static func == (a: AlertLog, b: AlertLog) -> Bool {
        a.received == b.received && a.counts == b.counts && a.stillRaised == b.stillRaised && a.entries == b.entries
    }

    /// Records one message; `acknowledged` says the server pushed it because someone acknowledged it.
    public mutating func record(_ entry: Entry, acknowledged: Bool) {
        var entry = entry
        if entry.state == "raised", acknowledged, open[entry.id] != nil { entry.state = "acknowledged" }
        received += 1
        counts[entry.kind, default: [:]][entry.state, default: 0] += 1
        switch entry.state {
        case "raised" where open[entry.id] == nil:
            open[entry.id] = entry.kind
            stillRaised[entry.kind, default: 0] += 1
        case "cleared":
            guard let kind = open.removeValue(forKey: entry.id) else { break }
            stillRaised[kind, default: 1] -= 1
            if stillRaised[kind] == 0 { stillRaised[kind] = nil }
        default:
            break
        }
        if entries.count < Self.keptEntries { entries.append(entry) }
    }

    /// Messages of `kind` in `state` (e.g. `topic_surge`, `raised`).
    public func count(_ kind: String, _ state: String) -> Int { counts[kind]?[state] ?? 0 }
}
