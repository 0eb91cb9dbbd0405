/// How urgent an alert is.
public enum WireAlertSeverity: String, Sendable, CaseIterable {
    case info, warning, critical
}

/// Where an alert is in its life: pushed once when raised, again when acknowledged (still `raised`),
/// and once more when its condition clears.
public enum WireAlertState: String, Sendable, CaseIterable {
    case raised, cleared
}

/// A risk signal pushed to the subscribers of the `alerts` topic (`{"type":"alert",…}`).
///
/// `kind` is an open string (`repeat_contact`, `topic_surge`, `complaint_waiting`, `service_level`, and
/// whatever later signals add), so that a client ignores kinds it does not know instead of failing.
public struct WireAlert: Sendable, Equatable {
    /// Stable across the alert's raise, acknowledgement and clear (and across restarts).
    public var id: String
    public var kind: String
    public var severity: WireAlertSeverity
    /// What the alert is about, as the kind defines it (`topic`, `queue`, `customerId`, counts…).
    public var subject: [(key: String, value: JSONValue)]
    /// One human-readable line.
    public var message: String
    /// The instant of this state (the raise or the clear), wall-clock milliseconds since the Unix epoch (JSON `at`).
    public var atMs: Int
    public var state: WireAlertState
    /// JSON `raisedAt`.
    public var raisedAtMs: Int
    /// Who acknowledged the alert; an acknowledged alert stays raised until its condition clears.
    public var acknowledgedBy: String?
    /// JSON `acknowledgedAt`.
    public var acknowledgedAtMs: Int?

    public init(
        id: String, kind: String, severity: WireAlertSeverity, subject: [(key: String, value: JSONValue)] = [],
        message: String, atMs: Int, state: WireAlertState = .raised, raisedAtMs: Int,
        acknowledgedBy: String? = nil, acknowledgedAtMs: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.message = message
        self.atMs = atMs
        self.state = state
        self.raisedAtMs = raisedAtMs
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAtMs = acknowledgedAtMs
    }

    public static func == (lhs: WireAlert, rhs: WireAlert) -> Bool {
        lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.severity == rhs.severity && lhs.message == rhs.message
            && lhs.atMs == rhs.atMs && lhs.state == rhs.state && lhs.raisedAtMs == rhs.raisedAtMs
            && lhs.acknowledgedBy == rhs.acknowledgedBy && lhs.acknowledgedAtMs == rhs.acknowledgedAtMs
            && JSONValue.object(lhs.subject) == JSONValue.object(rhs.subject)
    }
}
