import Synchronization
public import SwitchboardConfig

/// The credentials new logins are checked against; a reload swaps them, connections already
/// authenticated keep their principal.
public final class CredentialStore: Sendable {
    private let current: Mutex<Credentials>

    public init(_ credentials: Credentials) {
        current = Mutex(credentials)
    }

    /// The principal the token authenticates under the credentials in force, or nil.
    public func principal(forToken token: String) -> Principal? {
        let credentials = current.withLock { $0 }
        return credentials.principal(forToken: token)
    }

    /// The principal a bearer token authenticates (WebSocket `hello`, REST `Authorization: Bearer`),
    /// or nil. Every way a client proves who it is goes through here.
    public func authenticate(_ token: String) async -> Principal? {
        principal(forToken: token)
    }

    /// Replaces the credentials for future logins.
    public func replace(with credentials: Credentials) {
        current.withLock { $0 = credentials }
    }
}
