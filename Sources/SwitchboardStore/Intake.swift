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
    /// Events handed in, as the callers handed them: handing a buffer over costs no copy of its events.
    /// Chunks before `chunkHead`, and events of the first remaining chunk before `eventHead`, were
    /// already taken by the writer.
    private var chunks: [[StoreEvent]] = []
    private var chunkHead = 0
    private var eventHead = 0
    /// Events handed in and not yet taken by the writer.
    private(set) var pendingCount = 0
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
    /// Told of the log rows of every committed batch, on the writer thread, outside the lock.
    var logObserver: (@Sendable ([LoggedEvent]) -> Void)?
    /// Events dropped because the store refused them (record) or their batch failed.
    var dropped: Int = 0
    /// Transactions committed by the writer, and the events they held.
    var commits: Int = 0
    var committedEvents: Int = 0

    /// Queues `events` behind those already handed in (the caller holds the lock).
    func enqueue(_ events: [StoreEvent]) {
        guard !events.isEmpty else { return }
        chunks.append(events)
        pendingCount += events.count
    }

    /// Hands the writer up to `limit` events, oldest first, as slices of the chunks they came in (the
    /// caller holds the lock, so this only moves indexes; the events are copied after it is released).
    func takePending(limit: Int) -> [ArraySlice<StoreEvent>] {
        var pieces: [ArraySlice<StoreEvent>] = []
        var wanted = max(1, limit)
        while wanted > 0 && chunkHead < chunks.count {
            let chunk = chunks[chunkHead]
            let end = min(chunk.count, eventHead + wanted)
            pieces.append(chunk[eventHead..<end])
            wanted -= end - eventHead
            pendingCount -= end - eventHead
            if end == chunk.count {
                chunkHead += 1
                eventHead = 0
            } else {
                eventHead = end
            }
        }
        if chunkHead == chunks.count {
            chunks.removeAll(keepingCapacity: true)
            chunkHead = 0
        } else if chunkHead > 1_024 && chunkHead * 2 > chunks.count {
            chunks.removeFirst(chunkHead)
            chunkHead = 0
        }
        return pieces
    }

    func dropPending() {
        chunks = []
        chunkHead = 0
        eventHead = 0
        pendingCount = 0
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
