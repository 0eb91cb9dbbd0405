import GRDB

/// A store failure, naming the database path and SQLite's own message.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// SQLITE_FULL: the disk, or the configured size limit, is full.
        case diskFull = "disk_full"
        /// SQLITE_READONLY, or the store was opened read-only.
        case readOnly = "read_only"
        /// The file could not be opened or created.
        case cannotOpen = "cannot_open"
        /// The file is not a database or is damaged.
        case corrupt
        /// An I/O error from the operating system.
        case ioError = "io_error"
        /// The store already failed and refuses writes until ``Store/resume()`` succeeds.
        case refusing
        /// The store was closed.
        case closed
        /// Bad input to the store (e.g. an event lacking a required field).
        case invalidInput = "invalid_input"
        /// Any other SQLite error.
        case sqlite
    }

    public var code: Code
    public var path: String
    public var message: String
    /// SQLite's extended result code, when SQLite reported the failure.
    public var sqliteCode: Int32?

    public init(code: Code, path: String, message: String, sqliteCode: Int32? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.sqliteCode = sqliteCode
    }

    public var description: String {
        let sqlite = sqliteCode.map { " (SQLite code \($0))" } ?? ""
        return "store \(code.rawValue) at \(path): \(message)\(sqlite)"
    }

    /// Maps whatever GRDB or SQLite threw to a typed store error.
    static func from(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let dbError = error as? DatabaseError else {
            return StoreError(code: .sqlite, path: path, message: "\(error)")
        }
        let message = dbError.message ?? "\(dbError)"
        return StoreError(code: Code(sqliteResultCode: dbError.resultCode.rawValue), path: path, message: message,
                          sqliteCode: dbError.extendedResultCode.rawValue)
    }
}

extension StoreError.Code {
    /// The code for an SQLite result code (primary or extended).
    init(sqliteResultCode: Int32) {
        switch ResultCode(rawValue: sqliteResultCode & 0xFF) {
        case .SQLITE_FULL: self = .diskFull
        case .SQLITE_READONLY, .SQLITE_PERM: self = .readOnly
        case .SQLITE_CANTOPEN: self = .cannotOpen
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt
        case .SQLITE_IOERR: self = .ioError
        default: self = .sqlite
        }
    }
}
