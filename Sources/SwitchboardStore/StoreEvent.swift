/// One entry of the append-only event log: a routing effect, with the wall-clock instant it happened.
///
/// Instants (`at`) are milliseconds since the Unix epoch. Which optional fields matter depends on `kind`;
/// the factory methods fill the right ones.
public struct StoreEvent: Sendable, Hashable {
    /// Every routing effect the log records. Raw values are the names stored in the `events.kind` column.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case enqueued
        case offered
        case accepted
        case rejected
        case offerTimeout = "offer_timeout"
        case revoked
        case cancelled
        case abandoned
        case completed
        case wrapUpEnded = "wrap_up_ended"
        case transferred
        case overflowed
        case ended
        case agentLost = "agent_lost"
        case requeued
        case agentState = "agent_state"
        case agentLogin = "agent_login"
        case agentLogout = "agent_logout"
        case alertRaised = "alert_raised"
        case alertCleared = "alert_cleared"
        case alertAcknowledged = "alert_acknowledged"

        /// Agent events carry no interaction and leave the `interactions` table alone.
        public var isAgentEvent: Bool {
            self == .agentState || self == .agentLogin || self == .agentLogout
        }

        /// Alert events carry an ``AlertChange`` and change the `alerts` table only.
        public var isAlertEvent: Bool {
            self == .alertRaised || self == .alertCleared || self == .alertAcknowledged
        }
    }

    public var kind: Kind
    public var at: Int64
    public var interactionId: String?
    public var agentId: String?
    /// For `transferred` and `overflowed`, the target queue; otherwise filled by the store with the interaction's queue.
    public var queue: String?
    public var reason: String?
    /// The agent's line after this event (`available`, `not_ready`, `busy`, `wrap_up`, …): always for
    /// `agent_state`; for an event by an agent (`accepted`, `completed`, `wrap_up_ended`, …) when the
    /// event changed it. The change is logged in the row of the event that caused it, one row instead
    /// of two; a line with a reason (not ready) always gets an `agent_state` row of its own.
    public var state: String?
    /// For `completed`: the disposition code the agent chose.
    public var disposition: String?
    /// For `enqueued`: the interaction itself.
    public var interaction: NewInteraction? {
        get { boxed?.interaction }
        set { boxed = newValue.map { PayloadBox(interaction: $0) } }
    }

    /// For `alert_raised`, `alert_cleared` and `alert_acknowledged`: what the event does to its alert.
    public var alertChange: AlertChange? {
        get { boxed?.alert }
        set { boxed = newValue.map { PayloadBox(alert: $0) } }
    }

    /// For `alert_raised`: the alert as raised.
    public var alert: AlertRow? {
        guard case .raised(let row)? = alertChange else { return nil }
        return row
    }

    /// The interaction or the alert change, kept out of line: only one event per interaction or alert
    /// change carries one, and every event is copied on its way to the writer, so an inline copy would
    /// triple the size of all of them. One reference serves both (no event carries both), so alerts
    /// cost the other events nothing.
    private(set) var boxed: PayloadBox?

    public init(
        kind: Kind,
        at: Int64,
        interactionId: String? = nil,
        agentId: String? = nil,
        queue: String? = nil,
        reason: String? = nil,
        state: String? = nil,
        disposition: String? = nil,
        interaction: NewInteraction? = nil,
        alertChange: AlertChange? = nil
    ) {
        self.kind = kind
        self.at = at
        self.interactionId = interactionId
        self.agentId = agentId
        self.queue = queue
        self.reason = reason
        self.state = state
        self.disposition = disposition
        if let interaction {
            self.boxed = PayloadBox(interaction: interaction)
        } else if let alertChange {
            self.boxed = PayloadBox(alert: alertChange)
        }
    }

    /// An interaction entered the system (idempotent: a second `enqueued` for a known id is ignored).
    public static func enqueued(_ interaction: NewInteraction, at: Int64) -> StoreEvent {
        StoreEvent(kind: .enqueued, at: at, interactionId: interaction.id, queue: interaction.queue, interaction: interaction)
    }

    /// An event about one interaction (offered, accepted, rejected, cancelled, …).
    public static func interaction(
        _ kind: Kind, _ interactionId: String, at: Int64, agentId: String? = nil, queue: String? = nil,
        reason: String? = nil, disposition: String? = nil
    ) -> StoreEvent {
        StoreEvent(kind: kind, at: at, interactionId: interactionId, agentId: agentId, queue: queue, reason: reason, disposition: disposition)
    }

    /// An agent changed state (`available`, `not_ready` with a reason, `active`, `wrap_up`, …).
    public static func agentState(_ agentId: String, _ state: String, reason: String? = nil, at: Int64) -> StoreEvent {
        StoreEvent(kind: .agentState, at: at, agentId: agentId, reason: reason, state: state)
    }

    public static func agentLogin(_ agentId: String, at: Int64) -> StoreEvent {
        StoreEvent(kind: .agentLogin, at: at, agentId: agentId)
    }

    public static func agentLogout(_ agentId: String, reason: String? = nil, at: Int64) -> StoreEvent {
        StoreEvent(kind: .agentLogout, at: at, agentId: agentId, reason: reason)
    }
}

/// An immutable, shared copy of an event's interaction or alert change (one of them), compared by value.
final class PayloadBox: Sendable, Hashable {
    /// Stored apart, not as an enum's payloads: `box.interaction?.id` then reads one field in place
    /// instead of copying the whole interaction out of the enum.
    let interaction: NewInteraction?
    let alert: StoreEvent.AlertChange?

    init(interaction: NewInteraction) {
        self.interaction = interaction
        self.alert = nil
    }

    init(alert: StoreEvent.AlertChange) {
        self.interaction = nil
        self.alert = alert
    }

    static func == (lhs: PayloadBox, rhs: PayloadBox) -> Bool {
        lhs === rhs || (lhs.interaction == rhs.interaction && lhs.alert == rhs.alert)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(interaction)
        hasher.combine(alert)
    }
}
