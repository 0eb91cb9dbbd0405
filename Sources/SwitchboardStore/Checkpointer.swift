import Foundation
import GRDB
import GRDBSQLite
import Logging

/// Copies the write-ahead log into the database file on a thread and connection of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold, on the writer's
/// connection: that commit then waits for the copy and the database file's `fsync`, and so does every
/// acknowledgement behind it (measured: 40 % of the writer's throughput). A passive checkpoint from a
/// second connection needs no lock the writer takes, so the writer keeps appending meanwhile; the log
/// restarts from the beginning once a checkpoint has caught up with it.
final class Checkpointer: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let thresholdPages: Int
    private let logger: Logger
    private let condition = NSCondition()
    private var requested = false
    private var closing = false
    private var exited = false
    /// The last checkpoint failed (touched by the checkpointer's thread only).
    private var failing = false

    /// Opens the second connection. The thread starts with ``start()``.
    init(path: String, thresholdPages: Int, logger: Logger) throws {
        var configuration = Configuration()
        configuration.label = "switchboard.store.checkpointer"
        configuration.busyMode = .timeout(1)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        self.thresholdPages = max(1, thresholdPages)
        self.logger = logger
    }

    /// Asks for a checkpoint when the log has reached the threshold. Called by SQLite on the writer's
    /// thread after each commit, with the number of pages in the log; it must not block.
    func logGrew(to pages: Int) {
        guard pages >= thresholdPages else { return }
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    func start() {
        let thread = Thread { [self] in
            Thread.current.name = "sb-checkpointer"  // see the writer's thread
            Store.yieldToRouting()
            run()
        }
        thread.start()
    }

    /// Stops the thread (after the checkpoint under way, if any) and closes the connection.
    func stop() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !exited { condition.wait() }
        condition.unlock()
        try? queue.close()
    }

    /// Tells the thread to stop without waiting for it.
    func requestStop() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while !requested && !closing { condition.wait() }
            if closing {
                exited = true
                condition.broadcast()
                condition.unlock()
                return
            }
            requested = false
            condition.unlock()
            do {
                _ = try queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                if failing {
                    failing = false
                    logger.notice("background checkpoints work again")
                }
            } catch {
                // The log keeps the data meanwhile; the next commit past the threshold asks again. Said
                // once, not at every commit, and retried at most every 100 ms (e.g. while the disk is full).
                if !failing {
                    failing = true
                    logger.warning("background checkpoint failed; the WAL keeps growing until one succeeds", metadata: ["sb.store.error": "\(error)"])
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// Makes SQLite report the log's size to `checkpointer` after every commit on `db`'s connection, in
    /// place of its own automatic checkpoint.
    ///
    /// The hook holds the checkpointer unretained: the connection must close (or the hook be removed)
    /// before the checkpointer goes.
    static func install(_ checkpointer: Checkpointer, on db: Database) throws {
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, pages in
            if let context {
                Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().logGrew(to: Int(pages))
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Removes the hook from `db`'s connection.
    static func uninstall(from db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, nil, nil)
    }
}
