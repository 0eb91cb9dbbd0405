import Synchronization
public import SwitchboardStore

/// The resumable event stream's source: the store's committed log rows, fanned out live to every
/// consumer's bounded mailbox, and read back from the log for consumers catching up.
///
/// Consumers open an ``EventStream`` with ``open(scope:since:)``, from any task: a WebSocket
/// connection (`subscribe` with `since`) or an HTTP handler alike. Events reach consumers only once
/// committed (the store's writer reports rows after their transaction), so a consumer never sees an
/// event a crash could take back. The writer thread only appends to mailboxes; reading the log runs
/// on the store's WAL readers; routing is not involved at all.
public final class EventFeed: Sendable {
    let store: Store
    public let settings: EventStreamSettings
    private let subscribers = Mutex<(next: UInt64, all: [UInt64: EventSubscription], closed: Bool)>((0, [:], false))

    /// Listens to `store`'s commits; create it before any event is recorded.
    public init(store: Store, settings: EventStreamSettings = EventStreamSettings()) {
        self.store = store
        self.settings = settings
        store.observeLog { [weak self] rows in self?.publish(rows) }
    }

    /// Open consumers.
    public var consumerCount: Int { subscribers.withLock { $0.all.count } }

    /// Rows of a committed batch (on the writer thread).
    func publish(_ rows: [LoggedEvent]) {
        let current = subscribers.withLock { Array($0.all.values) }
        for subscription in current { subscription.offer(rows) }
    }

    /// Starts a consumer after `since`: every event of `scope` with a greater `seq`, from the log
    /// then live, in `seq` order.
    ///
    /// - Throws: ``EventStreamError`` `gone` when retention removed events after `since`,
    ///   `beyond_newest` when `since` is past the log's end, `unavailable` when the log cannot be
    ///   read, `closed` at shutdown.
    public func open(scope: EventScope, since: Int64) async throws(EventStreamError) -> EventStream {
        // Registered first, then the log's end is read: every later commit reaches the mailbox.
        let registered: EventSubscription? = subscribers.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            let subscription = EventSubscription(id: state.next, scope: scope, capacity: settings.consumerBufferEvents)
            state.all[subscription.id] = subscription
            return subscription
        }
        guard let subscription = registered else { throw EventStreamError(code: .closed, lastSeq: since) }
        let bounds: EventLogBounds
        do {
            bounds = try await store.eventLogBounds()
        } catch {
            cancel(subscription)
            throw EventStreamError(code: .unavailable, lastSeq: since, detail: "\(error)")
        }
        switch EventCursor.check(since: since, bounds: bounds) {
        case .gone(_, let oldest)?:
            cancel(subscription)
            throw EventStreamError(code: .gone, lastSeq: since, oldest: oldest)
        case .beyondNewest(_, let newest)?:
            cancel(subscription)
            throw EventStreamError(code: .beyondNewest, lastSeq: since, newest: newest)
        case nil:
            break
        }
        let cursor = EventCursor(scope: scope, since: since, liveFrom: bounds.newest)
        return EventStream(reader: EventReader(feed: self, subscription: subscription, cursor: cursor), newestAtOpen: bounds.newest)
    }

    /// Forgets a consumer.
    func cancel(_ subscription: EventSubscription) {
        _ = subscribers.withLock { $0.all.removeValue(forKey: subscription.id) }
        subscription.fail(.closed)
    }

    /// Ends every stream (at shutdown): consumers get ``EventStreamError/Code/closed``.
    public func close() {
        let all = subscribers.withLock { state in
            state.closed = true
            defer { state.all = [:] }
            return Array(state.all.values)
        }
        for subscription in all { subscription.fail(.closed) }
    }
}
