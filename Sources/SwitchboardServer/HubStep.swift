public import SwitchboardConfig
public import SwitchboardMessages
public import SwitchboardRouter
public import SwitchboardStore
public import SwitchboardWebSocket

/// A client connection, as the routing owner knows it: the transport's connection id.
public typealias ConnectionID = UInt64

/// What happens to the routing owner: the inputs of ``HubCore/step(_:in:into:)``.
public enum HubInput: Sendable {
    /// A connection authenticated as the principal (`ref` is its hello's, for a refusal).
    case attach(ConnectionID, Principal, ref: String?)
    /// A connection closed (or stopped answering pings).
    case detach(ConnectionID)
    /// A request of an attached connection, as its gate typed it.
    case request(ConnectionID, HubRequest, ref: String?)
    /// The timer armed for ``HubCore/nextDue()`` fired.
    case timer
    /// A one-shot request from a client that holds no session (the REST API): handled as if a
    /// connection authenticated as the principal sent it, but the connection is registered nowhere,
    /// so it gets the answer and nothing else, and counts against no connection limit.
    case call(ConnectionID, Principal, HubRequest, ref: String?)
}

/// What the routing owner's shell carries out, in order.
public enum HubAction: Sendable {
    /// Send now (behind whatever the connection already has waiting for the disk).
    case send(ServerMessage, to: ConnectionID)
    /// Send once every event recorded so far is on disk; `onFailure` instead if their batch failed
    /// (or the store refused them).
    case sendWhenDurable(ServerMessage, to: ConnectionID, onFailure: ProtocolError)
    /// Close the connection after what is queued for it.
    case close(ConnectionID, code: WebSocketCloseCode, reason: String)
    /// Hand these events to the store (in one transaction's worth of order).
    case record([StoreEvent])
    /// Read a page of a customer's history from the store and answer the connection with it, in the
    /// answer's place among the connection's replies (the read runs off the routing thread).
    case readCustomer(CustomerQuery, cursor: CustomerCursor?, to: ConnectionID, ref: String?)
    /// Start the connection's event stream of `scope` after `since` (replacing any it has), answering
    /// the `subscribe` in its place among the connection's replies; the stream runs off the
    /// routing thread.
    case streamEvents(EventScope, since: Int64, to: ConnectionID, ref: String?)
}

/// The instants and store condition one step runs at: read once by the shell, so the core never
/// reads a clock or the store itself.
public struct HubContext: Sendable {
    /// The monotonic instant routing runs at.
    public var now: Instant
    /// Wall-clock milliseconds, for the `at` and `serverTime` fields clients and the store see.
    public var wallMilliseconds: Int
    /// The store's condition; nil when the server runs without one.
    public var store: StoreCondition?

    public init(now: Instant, wallMilliseconds: Int, store: StoreCondition?) {
        self.now = now
        self.wallMilliseconds = wallMilliseconds
        self.store = store
    }
}

/// What the routing owner needs to know of its store before it promises durability.
public struct StoreCondition: Sendable, Hashable {
    /// Why the store takes no work (failed, closing); nil while it does.
    public var refusal: String?
    /// Events handed to the store and not yet written.
    public var pendingEvents: Int

    public init(refusal: String? = nil, pendingEvents: Int = 0) {
        self.refusal = refusal
        self.pendingEvents = pendingEvents
    }
}

extension Store {
    /// The condition the routing owner reads before each step (one lock).
    var condition: StoreCondition {
        let (failure, closing, pending) = conditionSnapshot
        if let failure { return StoreCondition(refusal: failure.description, pendingEvents: pending) }
        return StoreCondition(refusal: closing ? "the store is closed" : nil, pendingEvents: pending)
    }
}
