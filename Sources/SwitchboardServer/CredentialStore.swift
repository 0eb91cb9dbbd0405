import Foundation
import Synchronization
public import SwitchboardConfig

/// The credentials new logins are checked against: the static tokens (`credentials:`) and the
/// identity providers' signed tokens (`identity_providers:`). A reload swaps them; connections
/// already authenticated keep their principal.
public final class CredentialStore: Sendable {
    private struct Snapshot: Sendable {
        var credentials: Credentials
        /// nil when no identity provider is configured.
        var verifier: IdentityTokenVerifier?
    }

    private let current: Mutex<Snapshot>

    /// Static tokens only.
    public init(_ credentials: Credentials) {
        current = Mutex(Snapshot(credentials: credentials, verifier: nil))
    }

    /// The static tokens and identity providers of `configuration`.
    public init(configuration: SwitchboardConfiguration) {
        current = Mutex(Self.snapshot(configuration))
    }

    private static func snapshot(_ configuration: SwitchboardConfiguration) -> Snapshot {
        let providers = configuration.identityProviders
        let verifier = providers.isEmpty ? nil : IdentityTokenVerifier(providers: providers, agents: Set(configuration.agents.map(\.id)))
        return Snapshot(credentials: configuration.credentials, verifier: verifier)
    }

    /// The principal a static token authenticates under the credentials in force, or nil.
    public func principal(forToken token: String) -> Principal? {
        let credentials = current.withLock { $0.credentials }
        return credentials.principal(forToken: token)
    }

    /// Whether `token`, unknown as a static token, is to be verified as an identity-provider token
    /// (asynchronously): an identity provider is configured and the token is shaped like a JWT.
    public func needsVerification(_ token: String) -> Bool {
        current.withLock { $0.verifier != nil } && IdentityTokenCheck.looksLikeJWT(token)
    }

    /// Whom `token` logs in, or why not: static tokens first, then identity-provider tokens.
    /// - Parameter now: seconds since 1970, for `exp` and `nbf` (nil: the system clock's).
    public func check(_ token: String, now: Double? = nil) async -> Result<Principal, TokenRefusal> {
        let snapshot = current.withLock { $0 }
        if let principal = snapshot.credentials.principal(forToken: token) { return .success(principal) }
        guard let verifier = snapshot.verifier, IdentityTokenCheck.looksLikeJWT(token) else {
            return .failure(TokenRefusal(.unknownToken))
        }
        return await verifier.verify(token, now: now ?? Date().timeIntervalSince1970)
    }

    /// The principal a bearer token authenticates (WebSocket `hello`, REST `Authorization: Bearer`),
    /// or nil. Every way a client proves who it is goes through here.
    public func authenticate(_ token: String) async -> Principal? {
        try? await check(token).get()
    }

    /// Replaces the static tokens for future logins (the identity providers stay).
    public func replace(with credentials: Credentials) {
        current.withLock { $0.credentials = credentials }
    }

    /// Replaces the static tokens and identity providers (keys re-read by the load) for future logins.
    public func replace(with configuration: SwitchboardConfiguration) {
        let snapshot = Self.snapshot(configuration)
        current.withLock { $0 = snapshot }
    }
}
