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
    var pending: [StoreEvent] = []
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
    /// Events dropped because the store refused them (record) or their batch failed.
    var dropped: Int = 0
    /// Transactions committed by the writer, and the events they held.
    var commits: Int = 0
    var committedEvents: Int = 0

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
