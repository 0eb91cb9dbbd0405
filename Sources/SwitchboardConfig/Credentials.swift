/// The role a token grants (wire protocol `hello`).
public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case agent
    case source
    case supervisor
    case admin

    public var description: String { rawValue }
}

/// Who a token authenticates.
public enum Principal: Sendable, Hashable, CustomStringConvertible {
    /// An agent, by its id under `agents:`.
    case agent(id: String)
    /// A source (telephony or chat gateway, CRM), by name; its interactions are reported back to it.
    case source(name: String)
    /// A supervisor, with an optional label for logs.
    case supervisor(name: String?)
    /// An administrator, with an optional label for logs.
    case admin(name: String?)

    public var role: Role {
        switch self {
        case .agent: .agent
        case .source: .source
        case .supervisor: .supervisor
        case .admin: .admin
        }
    }

    public var description: String {
        switch self {
        case .agent(let id): "agent \(id)"
        case .source(let name): "source \(name)"
        case .supervisor(let name): name.map { "supervisor \($0)" } ?? "supervisor"
        case .admin(let name): name.map { "admin \($0)" } ?? "admin"
        }
    }
}

/// One accepted token: its hash and the principal it authenticates.
public struct Credential: Sendable, Hashable {
    public var principal: Principal
    public var tokenHash: TokenHash

    public init(principal: Principal, tokenHash: TokenHash) {
        self.principal = principal
        self.tokenHash = tokenHash
    }
}

/// Every accepted token (`credentials:`).
public struct Credentials: Sendable, Hashable {
    public var entries: [Credential]

    public init(entries: [Credential] = []) {
        self.entries = entries
    }

    /// The principal `token` authenticates, or `nil`.
    ///
    /// Hashes the token and compares it with every stored hash in constant time, visiting all entries
    /// whatever matches, so response time does not reveal which or how many hashes came close.
    /// - Complexity: O(n) in the number of credentials.
    public func principal(forToken token: String) -> Principal? {
        let digest = TokenHasher.digest(token)
        var found: Principal?
        for entry in entries where entry.tokenHash.constantTimeEquals(digest) && found == nil {
            found = entry.principal
        }
        return found
    }
}
