public import Logging
public import SwitchboardStore

/// What an HTTP application mounted on the server (the REST API) works with.
public struct ServerServices: Sendable {
    /// The routing owner every request goes through.
    public let hub: RoutingHub
    /// Bearer tokens are checked here only (``CredentialStore/authenticate(_:)``).
    public let credentials: CredentialStore
    /// The per-address login lockout failed logins count toward.
    public let policy: ConnectionPolicy
    /// The durable store, or nil.
    public let store: Store?
    public let logger: Logger
}
