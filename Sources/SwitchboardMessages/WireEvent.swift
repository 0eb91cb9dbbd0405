/// One event of the resumable event stream (`event`): a row of the server's event log with its
/// sequence number, which a consumer keeps to resume after it (`subscribe` with `since`).
public struct WireEvent: Sendable, Equatable {
    /// The log's sequence number: strictly increasing, never reused; deduplicate by it.
    public var seq: Int
    /// What happened: `enqueued`, `offered`, `accepted`, `rejected`, `offer_timeout`, `revoked`,
    /// `cancelled`, `abandoned`, `completed`, `wrap_up_ended`, `transferred`, `overflowed`, `ended`,
    /// `agent_lost`, `requeued`, `agent_state`, `agent_login` or `agent_logout`.
    public var kind: String
    /// Wall-clock milliseconds since the Unix epoch.
    public var atMs: Int
    public var interactionId: String?
    public var agentId: String?
    public var queue: String?
    public var reason: String?
    public var state: String?
    public var disposition: String?

    public init(seq: Int, kind: String, atMs: Int, interactionId: String? = nil, agentId: String? = nil, queue: String? = nil,
                reason: String? = nil, state: String? = nil, disposition: String? = nil) {
        self.seq = seq
        self.kind = kind
        self.atMs = atMs
        self.interactionId = interactionId
        self.agentId = agentId
        self.queue = queue
        self.reason = reason
        self.state = state
        self.disposition = disposition
    }
}

/// Why the server stopped a connection's event stream (`events_stopped`).
public enum WireStreamStop: String, Sendable, CaseIterable {
    /// The consumer read too slowly: its buffer of events waiting to be sent filled up.
    case slowConsumer = "slow_consumer"
    /// The store could not be read to catch the consumer up.
    case unavailable
}
