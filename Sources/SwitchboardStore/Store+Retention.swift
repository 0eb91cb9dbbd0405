import GRDB
import Logging

extension Store {
    /// Deletes log events older than `cutoff` in small transactions, then gives free pages back to the
    /// file system with incremental vacuum steps. The writer commits between chunks, so routing's
    /// batches never wait behind more than one chunk.
    ///
    /// Alerts cleared before the cutoff go too (``purgeClearedAlerts(olderThan:chunkSize:)``); alerts
    /// still raised stay however old. Interaction rows and agents' last states are kept: they are the
    /// accounts, the log is the detail.
    /// - Parameters:
    ///   - cutoff: wall-clock milliseconds since the epoch; events with `at < cutoff` go.
    ///   - chunkSize: events deleted per transaction.
    ///   - vacuumPagesPerStep: pages released per incremental-vacuum step.
    /// - Returns: the number of events deleted.
    @discardableResult
    public func purgeEvents(olderThan cutoff: Int64, chunkSize: Int = 1_000, vacuumPagesPerStep: Int = 256) async throws(StoreError) -> Int {
        let chunk = Int64(max(1, chunkSize))
        var deleted = 0
        do {
            // The log has no index by time: events older than the cutoff lie between the log's first
            // row and the last row of the transactions that began before it (`event_spans`), and are
            // deleted one primary-key window at a time, each window a short transaction of its own.
            // The newest row always stays, however old: `seq` is the log's rowid, which SQLite takes
            // from the largest one present, and event-stream consumers resume by it. Emptied, the log
            // would number from 1 again.
            let (first, last, newest) = try await pool.read { db -> (Int64?, Int64?, Int64?) in
                (try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM events"),
                 try Int64.fetchOne(db, sql: "SELECT MAX(last_seq) FROM event_spans WHERE min_at < ?", arguments: [cutoff]),
                 try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events"))
            }
            if let lo = first, let spanEnd = last, let newest, case let hi = min(spanEnd, newest - 1), hi >= lo {
                var start = lo
                while start <= hi {
                    let (window, end) = (start, min(hi, start + chunk - 1))
                    deleted += try await pool.write { db in
                        try db.execute(sql: "DELETE FROM events WHERE seq BETWEEN ? AND ? AND at < ?", arguments: [window, end, cutoff])
                        return db.changesCount
                    }
                    start = end + 1
                    await Task.yield()
                }
            }
            // Spans wholly before the cutoff describe no event any more.
            while true {
                let count = try await pool.write { db in
                    try db.execute(sql: """
                        DELETE FROM event_spans WHERE first_seq IN (SELECT first_seq FROM event_spans WHERE max_at < ? LIMIT ?)
                        """, arguments: [cutoff, chunk])
                    return db.changesCount
                }
                if count < chunk { break }
                await Task.yield()
            }
            try await deleteClearedAlerts(olderThan: cutoff, chunk: chunk)
            try await vacuumIncrementally(pagesPerStep: vacuumPagesPerStep)
        } catch {
            throw StoreError.from(error, path: path)
        }
        return deleted
    }

    /// Deletes alerts cleared before `cutoff` (wall-clock milliseconds since the epoch), `chunkSize` per
    /// transaction, through `alerts_by_state`; raised alerts stay, acknowledged or not.
    ///
    /// - Returns: the number of alerts deleted.
    @discardableResult
    public func purgeClearedAlerts(olderThan cutoff: Int64, chunkSize: Int = 1_000) async throws(StoreError) -> Int {
        do {
            return try await deleteClearedAlerts(olderThan: cutoff, chunk: Int64(max(1, chunkSize)))
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    @discardableResult
    private func deleteClearedAlerts(olderThan cutoff: Int64, chunk: Int64) async throws -> Int {
        var deleted = 0
        while true {
            let count = try await pool.write { db in
                try db.execute(sql: """
                    DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE cleared_at < ? LIMIT ?)
                    """, arguments: [cutoff, chunk])
                return db.changesCount
            }
            deleted += count
            if count < chunk { return deleted }
            await Task.yield()
        }
    }

    /// Deletes events older than `days` days before `now` (milliseconds since the epoch), and alerts cleared before then.
    @discardableResult
    public func purgeEvents(olderThanDays days: Int, now: Int64, chunkSize: Int = 1_000) async throws(StoreError) -> Int {
        try await purgeEvents(olderThan: now - Int64(max(0, days)) * 86_400_000, chunkSize: chunkSize)
    }

    /// Pages on the free list, which incremental vacuum returns to the file system.
    public func freePageCount() async throws(StoreError) -> Int {
        do {
            return try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    private func vacuumIncrementally(pagesPerStep: Int) async throws {
        let step = max(1, pagesPerStep)
        // 2 = INCREMENTAL; a file created elsewhere without it keeps its free pages for reuse instead.
        let mode = try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") ?? 0 }
        guard mode == 2 else { return }
        var previous = Int.max
        while true {
            let remaining = try await pool.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "PRAGMA incremental_vacuum(\(step))")
                return try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            }
            if remaining == 0 || remaining >= previous { return }
            previous = remaining
            await Task.yield()
        }
    }
}

extension Store {
    /// Runs retention until the task is cancelled: every `interval`, deletes events, and alerts
    /// cleared, more than `keepDays` days ago. Failures are logged and retried at the next round; they
    /// never stop routing.
    ///
    /// - Parameter now: wall-clock milliseconds since the epoch (injected so that tests control time).
    public func runRetention(keepDays: Int, every interval: Duration, now: @escaping @Sendable () -> Int64) async {
        while !Task.isCancelled {
            do {
                let deleted = try await purgeEvents(olderThanDays: keepDays, now: now())
                if deleted > 0 {
                    logger.info("retention deleted old events", metadata: ["sb.store.deleted": "\(deleted)", "sb.store.keepDays": "\(keepDays)"])
                }
            } catch {
                logger.warning("retention failed; retrying next round", metadata: ["sb.store.error": "\(error)"])
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
