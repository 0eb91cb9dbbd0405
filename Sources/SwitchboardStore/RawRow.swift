import GRDBSQLite

/// The current row of a query stepped with ``RawStatement/forEachRow(_:)``, read column by column.
///
/// Text is read with its byte count (`sqlite3_column_bytes`), not as a C string: GRDB's `String`
/// stops at the first NUL, which turned the ids `dup\0a` and `dup\0b` into `dup` on the way back.
/// Valid only inside the call that received it.
struct RawRow {
    let handle: OpaquePointer
    /// Names the file in errors.
    let path: String

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column's text, every byte of it, or nil for NULL.
    func optionalText(_ column: Int32) -> String? {
        guard !isNull(column) else { return nil }
        // `sqlite3_column_text` first: it may convert the value, which changes what `_bytes` reports.
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    /// Text of a `NOT NULL` column; NULL there is a damaged file.
    func text(_ column: Int32) throws(StoreError) -> String {
        guard let text = optionalText(column) else { throw nullColumn(column) }
        return text
    }

    /// Integer of a `NOT NULL` column; NULL there is a damaged file.
    func int64(_ column: Int32) throws(StoreError) -> Int64 {
        guard let value = optionalInt64(column) else { throw nullColumn(column) }
        return value
    }

    private func nullColumn(_ column: Int32) -> StoreError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "#\(column)"
        return StoreError(code: .corrupt, path: path, message: "column '\(name)' is NULL where a value is required")
    }
}
