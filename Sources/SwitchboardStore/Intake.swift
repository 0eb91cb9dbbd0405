import Foundation

/// The hand-over between callers and the writer thread: events waiting to be committed, and the
/// callers waiting for the commit that contains their events.
///
/// Every access holds `condition`; callers never wait on the disk here, only for the lock.
final class Intake: @unchecked Sendable {
    struct Waiter {
        /// The intake sequence number of the caller's last event.
        var upTo: Int64
        var continuation: CheckedContinuation<Void, any Error>
    }

    let condition = NSCondition()
    /// Events handed in; those before `pendingHead` were already taken by the writer.
    var pending: [StoreEvent] = []
    var pendingHead = 0
    var pendingCount: Int { pending.count - pendingHead }
    /// Sequence number of the last event handed in.
    var lastSeq: Int64 = 0
    /// Sequence number of the last event committed.
    var committedSeq: Int64 = 0
    var waiters: [Waiter] = []
    var failure: StoreError?
    var closing = false
    var writerIdle = false
    var writerExited = false
    var exitWaiters: [CheckedContinuation<Void, Never>] = []
    /// Told of every commit and every failed batch, on the writer thread, outside the lock.
    var observer: (@Sendable (CommitNotice) -> Void)?
    /// Events dropped because the store refused them (record) or their batch failed.
    var dropped: Int = 0
    /// Transactions committed by the writer, and the events they held.
    var commits: Int = 0
    var committedEvents: Int = 0

    /// Hands the writer up to `limit` events, oldest first, without moving the rest.
    func takePending(limit: Int) -> [StoreEvent] {
        if pendingHead == 0 && pending.count <= limit {
            defer { pending = [] }
            return pending
        }
        let end = min(pending.count, pendingHead + limit)
        let batch = Array(pending[pendingHead..<end])
        pendingHead = end
        if pendingHead == pending.count {
            pending = []
            pendingHead = 0
        } else if pendingHead > 4_096 && pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        return batch
    }

    func dropPending() {
        pending = []
        pendingHead = 0
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
