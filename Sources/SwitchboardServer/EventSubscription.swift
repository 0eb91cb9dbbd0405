import DequeModule
import Synchronization
import SwitchboardStore

/// One consumer's mailbox of live events: filled by the store's writer thread as batches commit,
/// emptied by the consumer's ``EventReader``. Bounded: a batch of the consumer's events that arrives
/// while `capacity` events still wait overflows it (so a single batch larger than the capacity never
/// cuts off a consumer that keeps up, and memory stays under the capacity plus one batch); it then
/// drops what it holds (the consumer resumes from the log instead) and fails the consumer's next take.
final class EventSubscription: Sendable {
    /// Why a take failed.
    enum Failure: Error, Sendable, Equatable {
        /// More than the capacity waited: the consumer reads too slowly.
        case overflowed
        /// The feed closed (server shutting down) or the subscription was cancelled.
        case closed
    }

    private struct State {
        var pending: Deque<LoggedEvent> = []
        var failure: Failure?
        var waiter: CheckedContinuation<[LoggedEvent], any Error>?
    }

    let id: UInt64
    let scope: EventScope
    let capacity: Int
    private let state = Mutex(State())

    init(id: UInt64, scope: EventScope, capacity: Int) {
        self.id = id
        self.scope = scope
        self.capacity = max(1, capacity)
    }

    /// Whether the mailbox overflowed (the consumer will be cut off at its next take).
    var overflowed: Bool { state.withLock { $0.failure == .overflowed } }

    /// The consumer's events of a committed batch (on the writer thread: only appends and wakes).
    func offer(_ events: [LoggedEvent]) {
        let resume: (CheckedContinuation<[LoggedEvent], any Error>, Result<[LoggedEvent], any Error>)? = state.withLock { state in
            guard state.failure == nil else { return nil }
            let waiting = state.pending.count
            for event in events where scope.includes(event) { state.pending.append(event) }
            if waiting >= capacity && state.pending.count > waiting {
                state.failure = .overflowed
                state.pending = []
                return state.waiter.take().map { ($0, .failure(Failure.overflowed)) }
            }
            guard !state.pending.isEmpty, let waiter = state.waiter.take() else { return nil }
            defer { state.pending.removeAll(keepingCapacity: true) }
            return (waiter, .success(Array(state.pending)))
        }
        if let (waiter, result) = resume { waiter.resume(with: result) }
    }

    /// Ends the subscription: a waiting or later take fails with `failure`.
    func fail(_ failure: Failure) {
        let waiter: CheckedContinuation<[LoggedEvent], any Error>? = state.withLock { state in
            if state.failure == nil { state.failure = failure }
            state.pending = []
            return state.waiter.take()
        }
        waiter?.resume(throwing: state.withLock { $0.failure } ?? failure)
    }

    /// The events waiting, or the next ones to arrive; throws ``Failure`` once overflowed or closed,
    /// `CancellationError` when the waiting task is cancelled.
    func take() async throws -> [LoggedEvent] {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[LoggedEvent], any Error>) in
                let immediate: Result<[LoggedEvent], any Error>? = state.withLock { state in
                    if let failure = state.failure { return .failure(failure) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if !state.pending.isEmpty {
                        defer { state.pending.removeAll(keepingCapacity: true) }
                        return .success(Array(state.pending))
                    }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiter.take() }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
