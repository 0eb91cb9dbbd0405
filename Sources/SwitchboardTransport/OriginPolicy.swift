import SwitchboardSocket

/// Which browser pages may open a WebSocket. A browser sends `Origin` with every upgrade and lets
/// any page connect anywhere, with the user's network position: without this check a page on
/// another site could talk to a server reachable only from the user's machine or LAN.
///
/// The rule, applied before the upgrade (a refused request gets 403):
/// - no `Origin` field: allowed (non-browser clients do not send one);
/// - the request's own origin (`http`/`https` by the connection, plus its `Host` field): allowed;
/// - an origin in the list (same scheme, host ignoring case, port with the scheme's default): allowed;
/// - `"*"` in the list allows every origin, `"null"` the opaque origin of `file://` pages and sandboxes;
/// - anything else, several `Origin` fields, or one that does not parse: refused.
///
/// Behind a proxy that ends TLS, the server sees `http` while browsers send `https://…`: list the
/// public origin.
public struct OriginPolicy: Sendable {
    private let origins: Set<WebOrigin>
    private let allowsAny: Bool
    private let allowsOpaque: Bool

    /// - Parameter allowedOrigins: `scheme://host[:port]` entries, `"*"` or `"null"`.
    /// - Throws: ``SocketError/Kind/invalidAddress`` naming the first entry that is none of these.
    public init(allowedOrigins: [String]) throws(SocketError) {
        var origins: Set<WebOrigin> = []
        var allowsAny = false
        var allowsOpaque = false
        for entry in allowedOrigins {
            switch entry {
            case "*":
                allowsAny = true
            case "null":
                allowsOpaque = true
            default:
                guard let origin = WebOrigin(entry) else {
                    throw SocketError(kind: .invalidAddress, operation: "allowed origins",
                                      detail: "\"\(entry)\" is not scheme://host[:port], \"*\" or \"null\"")
                }
                origins.insert(origin)
            }
        }
        self.origins = origins
        self.allowsAny = allowsAny
        self.allowsOpaque = allowsOpaque
    }

    /// Whether an upgrade with these `Origin` field values may proceed.
    /// - Parameters:
    ///   - originFields: every `Origin` value of the request, in order.
    ///   - hostField: the request's `Host` value, if any.
    ///   - secure: whether the request arrived over TLS.
    public func allows(originFields: [String], hostField: String?, secure: Bool) -> Bool {
        guard let field = originFields.first else { return true }
        guard originFields.count == 1 else { return false }
        if allowsAny { return true }
        if field == "null" { return allowsOpaque }
        guard let origin = WebOrigin(field) else { return false }
        if let hostField, origin == WebOrigin(scheme: secure ? "https" : "http", hostField: hostField) { return true }
        return origins.contains(origin)
    }
}
