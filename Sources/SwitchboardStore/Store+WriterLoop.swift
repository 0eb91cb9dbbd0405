import Foundation
import Logging

extension Store {
    /// The writer thread: waits for events, lets a batch gather for `commitIntervalMs` (or until
    /// `maxBatchSize`), commits it in one transaction and resumes the callers it contains.
    ///
    /// The gathering wait follows an idle spell only. Events that arrived while the previous
    /// transaction was being written have waited already; under load the writer commits them at once,
    /// so batches grow with the load and an acknowledgement waits for one commit, not two.
    static func writerLoop(intake: Intake, writer: BatchWriter, configuration: StoreConfiguration, logger: Logger, path: String) {
        let maxBatch = max(1, configuration.maxBatchSize)
        let interval = TimeInterval(max(0, configuration.commitIntervalMs)) / 1000
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
            if interval > 0 && wasIdle && !intake.closing {
                // Group commit: give concurrent callers a moment to join this transaction.
                let deadline = Date(timeIntervalSinceNow: interval)
                while intake.pendingCount < maxBatch && !intake.closing {
                    if !intake.condition.wait(until: deadline) { break }
                }
            }
            let pieces = intake.takePending(limit: maxBatch)
            let batchCount = pieces.reduce(0) { $0 + $1.count }
            let batchEnd = intake.committedSeq + Int64(batchCount)
            intake.condition.unlock()

            let result: Result<Void, StoreError>
            do {
                try writer.commit(pieces)
                result = .success(())
            } catch {
                result = .failure(StoreError.from(error, path: path))
            }

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
                for waiter in ready { waiter.continuation.resume() }
                observer?(CommitNotice(durableUpTo: batchEnd, failure: nil))
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
                observer?(CommitNotice(durableUpTo: batchEnd - Int64(batchCount), failure: error, failedUpTo: failedUpTo))
            }
        }
    }
}
