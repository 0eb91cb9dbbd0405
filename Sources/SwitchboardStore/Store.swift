import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CSwitchboardSQLite
import GRDB
import GRDBSQLite
public import Logging

/// The durable store: one SQLite file in WAL mode, written by one writer thread with group commit.
///
/// Routing hands events in with ``record(_:)`` (never waits) or ``append(_:)`` (waits for the commit
/// that contains them, e.g. before answering `enqueue`). Both keep the order events were handed in.
/// Reads (recovery, reports) use separate WAL readers and never hold up the writer.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    public let configuration: StoreConfiguration
    let pool: DatabasePool
    let intake: Intake
    /// Copies the log into the database file off the writer's thread; nil when read-only or disabled.
    private let checkpointer: Checkpointer?
    let logger: Logger

    /// Opens (creating if needed) and migrates the database at `path`, then starts the writer.
    ///
    /// - Throws: ``StoreError`` naming the path and SQLite's message when the file cannot be opened,
    ///   migrated or written.
    public init(path: String, configuration: StoreConfiguration = StoreConfiguration(), logger: Logger = Logger(label: "switchboard.store")) throws(StoreError) {
        self.path = path
        self.configuration = configuration
        self.logger = logger
        self.intake = Intake()
        let pool: DatabasePool
        let writer: BatchWriter
        let checkpointer: Checkpointer?
        do {
            pool = try Store.openPool(path: path, configuration: configuration)
            if configuration.readOnly {
                guard try pool.read({ try StoreSchema.migrator().hasCompletedMigrations($0) }) else {
                    throw StoreError(code: .readOnly, path: path, message: """
                        the store was opened read-only and its schema is older than \(StoreSchema.versions.last ?? ""); \
                        open it once for writing (start the server on it) to migrate it
                        """)
                }
            } else {
                try StoreSchema.migrator().migrate(pool)
                // SQLite silently opens a file it may not write read-only; find out now, not at the first enqueue.
                try Store.probeWrite(pool)
            }
            writer = try BatchWriter(pool: pool, path: path)
            if configuration.readOnly || configuration.walAutoCheckpointPages <= 0 {
                checkpointer = nil
            } else {
                let background = try Checkpointer(path: path, thresholdPages: configuration.walAutoCheckpointPages, logger: logger)
                try pool.writeWithoutTransaction { db in try Checkpointer.install(background, on: db) }
                checkpointer = background
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
        self.pool = pool
        self.checkpointer = checkpointer
        checkpointer?.start()
        if configuration.readOnly {
            intake.failure = StoreError(code: .readOnly, path: path, message: "the store was opened read-only")
        }
        let thread = Thread { [intake, configuration, logger, path, checkpointer] in
            // Named from inside: Foundation applies a name to the system thread only for the current one.
            // At most 15 bytes: what /proc and top -H show.
            Thread.current.name = "sb-store-writer"
            Store.yieldToRouting()
            // Holds the checkpointer too: SQLite's hook on the writer's connection calls it after every commit.
            withExtendedLifetime(checkpointer) {
                Store.writerLoop(intake: intake, writer: writer, configuration: configuration, logger: logger, path: path)
            }
        }
        thread.start()
    }

    deinit {
        intake.withLock {
            intake.closing = true
            intake.condition.broadcast()
        }
        checkpointer?.requestStop()
    }

    /// Lowers the writer thread's scheduling priority (nice 10), so that on a busy machine routing and
    /// connections run first and the writer takes the idle time: durability waits, routing does not.
    static func yieldToRouting() {
        #if os(Linux)
        // Linux keeps the nice value per thread: `who` 0 is the calling thread, not the whole process.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// SQLite's process-wide settings, made once before the process's first connection: multi-thread
    /// mode (GRDB already gives each connection to one thread at a time, so SQLite's own mutex around
    /// every bind and step is pure cost) and no global memory statistics (a global mutex around every
    /// allocation). False when SQLite was already in use, e.g. opened directly by other code first.
    static let processConfigured: Bool = sb_sqlite_configure_process() == SQLITE_OK

    private static func openPool(path: String, configuration: StoreConfiguration) throws -> DatabasePool {
        _ = processConfigured
        var config = Configuration()
        config.readonly = configuration.readOnly
        config.busyMode = .timeout(10)
        config.label = "switchboard.store"
        let maxBytes = configuration.maximumSizeBytes
        config.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Takes effect only on a new file (before its first table): lets retention give pages back.
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            // Checkpoints run on a connection of their own (Checkpointer); the writer's never stops for one.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            if let maxBytes {
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maxBytes / max(1, pageSize)))")
            }
        }
        let pool = try DatabasePool(path: path, configuration: config)
        if !configuration.readOnly {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(configuration.syncEveryCommit ? "FULL" : "NORMAL")")
            }
        }
        return pool
    }

    // MARK: State

    /// `false` once a write failed (full disk, read-only file, I/O error) or the store was opened
    /// read-only or closed: the server must refuse new work instead of pretending.
    public var isAcceptingWork: Bool {
        intake.withLock { intake.failure == nil && !intake.closing }
    }

    /// The failure that made the store refuse work, if any.
    public var failure: StoreError? {
        intake.withLock { intake.failure }
    }

    /// Whether the store takes work, and how far its writer is behind, read together under one
    /// lock (the routing owner reads it before each request).
    public var conditionSnapshot: (failure: StoreError?, closing: Bool, pendingEvents: Int) {
        intake.withLock { (intake.failure, intake.closing, intake.pendingCount) }
    }

    /// Writer counters since opening.
    public var statistics: StoreStatistics {
        intake.withLock {
            StoreStatistics(commits: intake.commits, committedEvents: intake.committedEvents,
                            pendingEvents: intake.pendingCount, droppedEvents: intake.dropped)
        }
    }

    // MARK: Writing

    /// Hands events to the writer and returns after the transaction that contains them committed.
    ///
    /// - Throws: ``StoreError`` with code `invalid_input` for an event lacking a required field (no event
    ///   of the call is logged), `refusing`/`read_only`/`disk_full`/`closed` when the store cannot write.
    public func append(_ events: [StoreEvent]) async throws(StoreError) {
        for event in events {
            if let problem = event.validationProblem {
                throw StoreError(code: .invalidInput, path: path, message: problem)
            }
        }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                intake.condition.lock()
                if let refusal = refusalLocked() {
                    intake.condition.unlock()
                    continuation.resume(throwing: refusal)
                    return
                }
                intake.enqueue(events)
                intake.lastSeq += Int64(events.count)
                if intake.lastSeq == intake.committedSeq {
                    intake.condition.unlock()
                    continuation.resume()
                    return
                }
                intake.waiters.append(Intake.Waiter(upTo: intake.lastSeq, continuation: continuation))
                wakeWriterLocked()
                intake.condition.unlock()
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Hands events to the writer without waiting: they are committed in order with the next batch.
    ///
    /// While the store refuses work, invalid or refused events are dropped, counted in
    /// ``statistics`` and logged.
    ///
    /// - Returns: the ticket of the last event handed in so far: once a ``CommitNotice`` reports
    ///   `durableUpTo` at or beyond it, these events are on disk. `nil` when the store refused them.
    @discardableResult
    public func record(_ events: [StoreEvent]) -> Int64? {
        var valid = events
        // The common case (every event valid) neither copies nor rebuilds the array.
        if events.contains(where: { $0.validationProblem != nil }) {
            valid.removeAll { event in
                guard let problem = event.validationProblem else { return false }
                logger.warning("dropping invalid store event", metadata: ["sb.store.problem": "\(problem)"])
                return true
            }
        }
        intake.condition.lock()
        if refusalLocked() != nil {
            intake.dropped += events.count
            intake.condition.unlock()
            return nil
        }
        intake.dropped += events.count - valid.count
        intake.enqueue(valid)
        intake.lastSeq += Int64(valid.count)
        let ticket = intake.lastSeq
        if !valid.isEmpty { wakeWriterLocked() }
        intake.condition.unlock()
        return ticket
    }

    /// Hands one event to the writer without waiting.
    @discardableResult
    public func record(_ event: StoreEvent) -> Int64? {
        record([event])
    }

    /// Sets the one observer told of every commit (and every failed batch), on the writer thread.
    /// It must return quickly: the next batch waits for it.
    public func observeCommits(_ observer: @escaping @Sendable (CommitNotice) -> Void) {
        intake.withLock { intake.observer = observer }
    }

    /// The ticket of the last event committed.
    public var durableTicket: Int64 {
        intake.withLock { intake.committedSeq }
    }

    /// Returns when everything handed in before the call is committed.
    public func flush() async throws(StoreError) {
        try await append([])
    }

    /// Commits what is pending, stops the writer and closes the file. Later writes throw `closed`.
    public func close() async {
        try? await flush()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            intake.condition.lock()
            intake.closing = true
            intake.condition.broadcast()
            if intake.writerExited {
                intake.condition.unlock()
                continuation.resume()
            } else {
                intake.exitWaiters.append(continuation)
                intake.condition.unlock()
            }
        }
        if let checkpointer {
            try? await pool.writeWithoutTransaction { db in Checkpointer.uninstall(from: db) }
            checkpointer.stop()
        }
        if !configuration.readOnly {
            // Copy the log into the file and empty it: a stopped server's database is then the one
            // file, whole, for whoever copies it without its `-wal`. (Left to the last connection's
            // close, SQLite did not: the file held not even the schema.) A failure leaves the log,
            // which the next open reads as always.
            do {
                try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            } catch {
                logger.warning("could not fold the write-ahead log into the database file at close; it stays beside it",
                               metadata: ["sb.store.path": "\(path)", "sb.store.error": "\(error)"])
            }
        }
        try? pool.close()
    }

    /// Tries a write again after a failure (e.g. once disk space was freed) and accepts work if it succeeds.
    ///
    /// - Throws: the failure, still; `read_only` for a store opened read-only.
    public func resume() async throws(StoreError) {
        if configuration.readOnly {
            throw StoreError(code: .readOnly, path: path, message: "the store was opened read-only")
        }
        do {
            try Store.probeWrite(pool)
        } catch {
            throw StoreError.from(error, path: path)
        }
        intake.withLock { intake.failure = nil }
        logger.notice("store accepts work again", metadata: ["sb.store.path": "\(path)"])
    }

    /// Writes two pages' worth and rolls back: fails the way a batch would (read-only, full) but leaves nothing.
    private static func probeWrite(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in
            try db.inSavepoint {
                try db.execute(sql: "INSERT INTO events (kind, at, payload) VALUES ('probe', 0, zeroblob(8192))")
                return .rollback
            }
        }
    }

    /// Changes the size cap (``StoreConfiguration/maximumSizeBytes``) of the open store; `nil` lifts it.
    public func setMaximumSize(bytes: Int64?) async throws(StoreError) {
        do {
            try await pool.writeWithoutTransaction { db in
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                let pages = bytes.map { max(1, $0 / max(1, pageSize)) } ?? 4_294_967_294
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    private func refusalLocked() -> StoreError? {
        if intake.closing {
            return StoreError(code: .closed, path: path, message: "the store is closed")
        }
        if let failure = intake.failure {
            return StoreError(code: failure.code == .readOnly ? .readOnly : .refusing, path: path,
                              message: "refusing writes after: \(failure.message)", sqliteCode: failure.sqliteCode)
        }
        return nil
    }

    private func wakeWriterLocked() {
        if intake.writerIdle || intake.pendingCount >= configuration.maxBatchSize {
            intake.condition.signal()
        }
    }
}
