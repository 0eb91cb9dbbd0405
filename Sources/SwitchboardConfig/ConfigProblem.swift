/// One thing wrong with a configuration, with where it is.
///
/// `description` reads `file:line:column: key.path: message`, the form compilers use, so editors can
/// jump to it.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// What sort of problem this is, for tests and tooling; the message carries the details.
    public enum Kind: String, Sendable, Hashable {
        case unreadableFile
        case syntax
        /// An alias used as a mapping key, or aliases expanding past the limit (refused before decoding).
        case unsafeAlias
        case unknownKey
        case missingKey
        case wrongType
        case outOfRange
        case invalidValue
        case unknownReference
        case duplicateID
        case overflowCycle
        case weakToken
        case duplicateToken
        case invalidOverride
        /// An identity provider's key: a key file missing or unreadable, a bad PEM or JWKS, a short secret.
        case unusableKey
    }

    public var kind: Kind
    /// The file name as given to the loader (or a label such as `<embedded>`).
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// Key path such as `queues[2].strategy`; empty for the document itself.
    public var path: String
    public var message: String

    public init(kind: Kind, file: String, line: Int? = nil, column: Int? = nil, path: String, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// Every problem found in one configuration; loading fails with all of them at once.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
