import Foundation
import Logging
public import SwitchboardConfig
public import SwitchboardStore

extension StoreConfiguration {
    /// The store settings a configuration asks for.
    public init(_ settings: StoreSettings) {
        self.init()
        maxBatchSize = settings.groupCommit.maxBatch
        commitIntervalMs = settings.groupCommit.maxDelayMilliseconds
    }
}

/// Looks after the store while the server runs, off the routing thread: deletes events past the
/// retention (in small chunks, so routing's writes interleave), and after a failed write (full
/// disk) retries every few seconds so the server accepts work again once the operator made room.
final class StoreKeeper: Sendable {
    private let tasks: [Task<Void, Never>]

    init(store: Store, retentionDays: Int?, retryInterval: Duration = .seconds(5), logger: Logger) {
        var tasks: [Task<Void, Never>] = []
        if let days = retentionDays {
            tasks.append(Task.detached(priority: .background) {
                await store.runRetention(keepDays: days, every: .seconds(3_600), now: { Int64(Date().timeIntervalSince1970 * 1000) })
            })
        }
        tasks.append(Task.detached {
            while !Task.isCancelled {
                do { try await Task.sleep(for: retryInterval) } catch { return }
                guard let failure = store.failure, failure.code != .readOnly, failure.code != .closed else { continue }
                do {
                    try await store.resume()
                    logger.notice("store writes again; accepting new work", metadata: ["sb.store.path": "\(store.path)"])
                } catch {
                    logger.warning("store still cannot write; new work stays refused", metadata: ["sb.store.error": "\(error)"])
                }
            }
        })
        self.tasks = tasks
    }

    func stop() {
        for task in tasks { task.cancel() }
    }
}
