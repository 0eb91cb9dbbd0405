import Foundation
import Logging

extension Store {
    /// The writer thread: waits for events, lets a batch gather, commits it in one transaction and
    /// resumes the callers it contains.
    ///
    /// Transactions start at most once per `commitIntervalMs` (or sooner once `maxBatchSize` events
    /// wait): after an idle spell the batch gathers for that long from its first event; under load the
    /// next one starts that long after the previous one started, or at once when the previous commit
    /// took longer. An event therefore waits at most about one interval plus one commit. Committing
    /// back to back instead made ~900 small transactions a second on the real server at 4,000
    /// interactions/s; the fixed cost of each (fsync, WAL pages rewritten, a wake-up of the routing
    /// owner) was half of the store's CPU.
    static func writerLoop(intake: Intake, writer: BatchWriter, configuration: StoreConfiguration, logger: Logger, path: String) {
        let maxBatch = max(1, configuration.maxBatchSize)
        let interval = TimeInterval(max(0, configuration.commitIntervalMs)) / 1000
        var lastStart = Date.distantPast
        while true {
            intake.condition.lock()
            var wasIdle = false
            while intake.pendingCount == 0 && !intake.closing {
                wasIdle = true
                intake.writerIdle = true
                intake.condition.wait()
            }
            intake.writerIdle = false
            if intake.pendingCount == 0 && intake.closing {
                intake.writerExited = true
                let exitWaiters = intake.exitWaiters
                intake.exitWaiters = []
                intake.condition.unlock()
                for waiter in exitWaiters { waiter.resume() }
                return
            }
            if interval > 0 && !intake.closing {
                // Group commit: an interval from the first event after idling, from the last start otherwise.
                let deadline = wasIdle ? Date(timeIntervalSinceNow: interval) : lastStart.addingTimeInterval(interval)
                while intake.pendingCount < maxBatch && !intake.closing {
                    if !intake.condition.wait(until: deadline) { break }
                }
            }
            lastStart = Date()
            let pieces = intake.takePending(limit: maxBatch)
            let batchCount = pieces.reduce(0) { $0 + $1.count }
            let batchEnd = intake.committedSeq + Int64(batchCount)
            let logObserver = intake.logObserver
            intake.condition.unlock()

            let result: Result<Void, StoreError>
            let commitStart = ContinuousClock.now
            do {
                try writer.commit(pieces, collecting: logObserver != nil)
                result = .success(())
            } catch {
                result = .failure(StoreError.from(error, path: path))
            }

            let commitDuration = ContinuousClock.now - commitStart
            intake.condition.lock()
            var ready: [Intake.Waiter] = []
            switch result {
            case .success:
                intake.committedSeq = batchEnd
                intake.commits += 1
                intake.committedEvents += batchCount
                let done = intake.waiters.prefix { $0.upTo <= batchEnd }.count
                ready = Array(intake.waiters.prefix(done))
                intake.waiters.removeFirst(done)
                let observer = intake.observer
                intake.condition.unlock()
                // The rows go out before any caller hears of the commit: whoever waited for it and
                // then subscribes finds them published, not still on their way.
                if let logObserver, !writer.committedLog.isEmpty { logObserver(writer.committedLog) }
                for waiter in ready { waiter.continuation.resume() }
                observer?(CommitNotice(durableUpTo: batchEnd, failure: nil, batchEvents: batchCount, commitDuration: commitDuration))
            case .failure(let error):
                // Nothing of the batch was written. Refuse further work rather than guess what is durable.
                intake.failure = error
                intake.dropped += batchCount + intake.pendingCount
                intake.committedSeq = intake.lastSeq
                intake.dropPending()
                ready = intake.waiters
                intake.waiters = []
                let failedUpTo = intake.lastSeq
                let observer = intake.observer
                intake.condition.unlock()
                logger.error("store write failed; refusing new work", metadata: [
                    "sb.store.path": "\(path)", "sb.store.error": "\(error)", "sb.store.batch": "\(batchCount)",
                ])
                for waiter in ready { waiter.continuation.resume(throwing: error) }
                observer?(CommitNotice(durableUpTo: batchEnd - Int64(batchCount), failure: error, failedUpTo: failedUpTo,
                                       batchEvents: batchCount, commitDuration: commitDuration))
            }
        }
    }
}
