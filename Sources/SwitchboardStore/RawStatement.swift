import GRDB
import GRDBSQLite

/// One prepared statement of the writer's hot path (and of the reads that must give text back byte for
/// byte), driven through SQLite's C API.
///
/// Values are bound in place, with no argument array or boxed value per row: the writer executes several
/// statements per event, and GRDB's `StatementArguments` cost more than SQLite itself there. Text is
/// copied into the statement's own ``BindArena`` and bound without a further copy by SQLite (whose
/// copies cost a `malloc`, a `free` and its global memory-statistics mutex each). Text is bound and read
/// with its byte count, never as a C string, so a value holding a NUL is stored and read back whole
/// (GRDB's own `String` binding and decoding stop at the first NUL). The statement comes
/// from GRDB's cache, so GRDB still finalizes it when the connection closes.
/// Every failing call throws a ``StoreError`` naming the statement and carrying SQLite's message.
struct RawStatement {
    /// Names the statement in errors (e.g. `insert event`).
    let name: String
    private let statement: Statement
    private let handle: OpaquePointer
    private let path: String
    private let arena: BindArena

    init(_ db: Database, name: String, sql: String, path: String, arenaBytes: Int = 16 * 1024) throws {
        self.name = name
        self.statement = try db.cachedStatement(sql: sql)
        self.handle = statement.sqliteStatement
        self.path = path
        self.arena = BindArena(capacity: arenaBytes)
    }

    /// `SQLITE_TRANSIENT` (a macro Swift cannot import): SQLite copies the value.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    /// Binds the 1-based parameter `index` to an integer, or NULL.
    func bind(_ index: Int32, _ value: Int64?) throws {
        let code = if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
    }

    /// Binds the 1-based parameter `index` to UTF-8 text, or NULL.
    func bind(_ index: Int32, _ value: String?) throws {
        guard var value else {
            let code = sqlite3_bind_null(handle, index)
            if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
            return
        }
        // `withUTF8` reads a native string's storage in place (it copies only a bridged or foreign string).
        let code = value.withUTF8 { bytes in bindText(index, bytes) }
        if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
    }

    /// Binds the 1-based parameter `index` to UTF-8 text given as bytes.
    func bind(_ index: Int32, utf8 bytes: UnsafeBufferPointer<UInt8>) throws {
        let code = bindText(index, bytes)
        if code != SQLITE_OK { throw failure(code, doing: "binding parameter \(index)") }
    }

    private func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        // SQLite takes a 32-bit length; refuse rather than truncate (SQLite's own limit is lower anyway).
        guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        // Empty text (not NULL) needs a non-null pointer; one byte of the arena serves.
        guard let copy = arena.copy(bytes) else {
            // Longer than what is left of the arena: SQLite copies this one itself.
            return bytes.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(handle, index, $0.baseAddress, Int32(bytes.count), Self.transient)
            }
        }
        // SQLITE_STATIC (nil): the arena keeps the bytes until after the statement ran.
        return sqlite3_bind_text(handle, index, copy, Int32(bytes.count), nil)
    }

    /// Runs a statement that returns no row, then resets it for the next use.
    func run() throws {
        let code = sqlite3_step(handle)
        let error = code == SQLITE_DONE ? nil : failure(code, doing: "running it")  // read before the reset
        sqlite3_reset(handle)
        arena.reset()
        if let error { throw error }
    }

    /// The rowid of the row the connection inserted last (after ``run()`` of an `INSERT`).
    var lastInsertedRowID: Int64 {
        sqlite3_db_handle(handle).map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Rows the last ``run()`` changed.
    var changes: Int32 {
        sqlite3_db_handle(handle).map { sqlite3_changes($0) } ?? 0
    }

    /// Runs a query and tells whether it returned a row, then resets it for the next use.
    func returnsRow() throws -> Bool {
        let code = sqlite3_step(handle)
        let error = (code == SQLITE_ROW || code == SQLITE_DONE) ? nil : failure(code, doing: "running it")
        sqlite3_reset(handle)
        arena.reset()
        if let error { throw error }
        return code == SQLITE_ROW
    }

    /// Runs a query and hands each row to `body`, then resets it for the next use.
    func forEachRow(_ body: (RawRow) throws -> Void) throws {
        defer {
            sqlite3_reset(handle)
            arena.reset()
        }
        let row = RawRow(handle: handle, path: path)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code, doing: "running it") }
            try body(row)
        }
    }

    /// Unbinds every parameter, so that no binding points into the arena once it is gone.
    func clearBindings() {
        sqlite3_clear_bindings(handle)
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
