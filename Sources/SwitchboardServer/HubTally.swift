/// What the routing core counts for the metrics as it steps, as plain integers.
///
/// Why a value the core fills rather than counting in ``RoutingHub``: the effects and the instants a
/// latency runs between are only seen inside the core's step, and the core must stay pure. Filling a
/// value costs the hot path a non-atomic add into a fixed array (no lookup by name, no string built);
/// the hub turns the totals into Prometheus series only when `/metrics` is scraped, and drains the
/// latency samples into their histograms after each step (one uncontended lock per sample).
public struct HubTally: Sendable, Hashable {
    /// The routing effects counted, as `switchboard_routing_effects_total{effect=…}` names them.
    public enum Effect: Int, CaseIterable, Sendable {
        case offer, revoke, agentState, wrapUpStarted, wrapUpEnded
        case queued, requeued, rejected, missed, assigned, overflowed, transferred, relaxed, abandoned, completed, ended

        /// The label value (snake case, like the wire's event names).
        public var label: String {
            switch self {
            case .offer: "offer"
            case .revoke: "revoke"
            case .agentState: "agent_state"
            case .wrapUpStarted: "wrap_up_started"
            case .wrapUpEnded: "wrap_up_ended"
            case .queued: "queued"
            case .requeued: "requeued"
            case .rejected: "rejected"
            case .missed: "missed"
            case .assigned: "assigned"
            case .overflowed: "overflowed"
            case .transferred: "transferred"
            case .relaxed: "relaxed"
            case .abandoned: "abandoned"
            case .completed: "completed"
            case .ended: "ended"
            }
        }
    }

    /// Samples held for the hub at most between two drains: a core stepped without a hub (tests)
    /// keeps its memory bounded.
    static let sampleLimit = 4_096

    /// Routing commands the core ran (requests, timers, presence changes), refused ones included.
    public var decisions = 0
    /// Effects by ``Effect`` raw value.
    public var effects = [Int](repeating: 0, count: Effect.allCases.count)
    /// Alerts raised (not escalations) by kind. Alerts are rare: a dictionary is fine here.
    public var alertsRaised: [String: Int] = [:]
    /// Enqueue → offer waits of the offers made since the last drain (from the original enqueue).
    public var enqueueToOffer: [Duration] = []
    /// Offer → accept times of the interactions assigned since the last drain.
    public var offerToAccept: [Duration] = []

    public init() {}

    /// How many `effect`s the core produced.
    public func count(of effect: Effect) -> Int { effects[effect.rawValue] }

    mutating func count(_ effect: Effect) {
        effects[effect.rawValue] &+= 1
    }

    mutating func offered(after wait: Duration) {
        if enqueueToOffer.count < Self.sampleLimit { enqueueToOffer.append(wait) }
    }

    mutating func accepted(after time: Duration) {
        if offerToAccept.count < Self.sampleLimit { offerToAccept.append(time) }
    }

    /// Forgets the samples (the totals stay: they only grow).
    mutating func drainSamples() {
        enqueueToOffer.removeAll(keepingCapacity: true)
        offerToAccept.removeAll(keepingCapacity: true)
    }
}
