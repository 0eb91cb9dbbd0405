import GRDB
import GRDBSQLite

/// One prepared statement of the writer's hot path, driven through SQLite's C API.
///
/// Values are bound in place, with no argument array or boxed value per row: the writer executes several
/// statements per event, and GRDB's `StatementArguments` cost more than SQLite itself there. The
/// statement comes from GRDB's cache, so GRDB still finalizes it when the connection closes.
/// Every failing call throws a ``StoreError`` naming the statement and carrying SQLite's message.
struct RawStatement {
    /// Names the statement in errors (e.g. `insert event`).
    let name: String
    private let statement: Statement
    private let handle: OpaquePointer
    private let path: String

    init(_ db: Database, name: String, sql: String, path: String) throws {
        self.name = name
        self.statement = try db.cachedStatement(sql: sql)
        self.handle = statement.sqliteStatement
        self.path = path
    }

    /// Tells SQLite to copy text when binding: the Swift string's bytes live only during the call.
    /// (`SQLITE_TRANSIENT` is a macro Swift cannot import.) SQLite copies into its lookaside memory,
    /// which is cheaper than keeping Swift strings pinned across the step.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    /// Binds the 1-based parameter `index` to an integer, or NULL.
    func bind(_ index: Int32, _ value: Int64?) throws {
        let code = if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
    }

    /// Binds the 1-based parameter `index` to an integer, or NULL.
    func bind(_ index: Int32, _ value: Int?) throws {
        try bind(index, value.map(Int64.init))
    }

    /// Binds the 1-based parameter `index` to UTF-8 text, or NULL.
    func bind(_ index: Int32, _ value: String?) throws {
        guard var value else {
            let code = sqlite3_bind_null(handle, index)
            if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
            return
        }
        // `withUTF8` reads a native string's storage in place (it copies only a bridged or foreign string).
        let code = value.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                // Empty text (not NULL) needs a non-null pointer.
                return sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(clamping: bytes.count), Self.transient)
            }
        }
        if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
    }

    /// Runs a statement that returns no row, then resets it for the next use.
    func run() throws {
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE {
            sqlite3_reset(handle)
            return
        }
        // Read SQLite's message before the reset.
        let error = failure(code, doing: "running it")
        sqlite3_reset(handle)
        throw error
    }

    /// Runs a query and tells whether it returned a row, then resets it for the next use.
    func returnsRow() throws -> Bool {
        let code = sqlite3_step(handle)
        let error = (code == SQLITE_ROW || code == SQLITE_DONE) ? nil : failure(code, doing: "running it")
        sqlite3_reset(handle)
        if let error { throw error }
        return code == SQLITE_ROW
    }

    /// Rows changed by the last `run()` of this connection.
    var changes: Int32 {
        sqlite3_changes(sqlite3_db_handle(handle))
    }

    private func failure(_ code: Int32, doing what: String) -> StoreError {
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "no message"
        // The step's own code can be the generic SQLITE_ERROR; the connection keeps the extended one.
        let extended = sqlite3_db_handle(handle).map { sqlite3_extended_errcode($0) } ?? code
        let detailed = (extended & 0xFF) == (code & 0xFF) ? extended : code
        return StoreError(code: StoreError.Code(sqliteResultCode: detailed), path: path,
                          message: "statement '\(name)' failed \(what): \(message)", sqliteCode: detailed)
    }
}
