/// An identity provider whose signed tokens (JWTs) log clients in besides the static tokens
/// (`identity_providers:`).
///
/// A token is taken when its `iss` is this provider's ``issuer``, its `aud` names one of
/// ``audiences``, it is signed by one of ``keys`` with that key's algorithm, and it is within its
/// `exp` (required) and `nbf` give or take ``clockSkewSeconds``. Its claims then name the principal:
/// the role from ``ClaimNames/role`` (through ``roleValues``), the agent id, source name or label
/// from the other claim names.
public struct IdentityProvider: Sendable, Hashable {
    /// Where the keys come from; re-read at every load, so a reload picks up a rotated key.
    public enum KeySource: Sendable, Hashable, CustomStringConvertible {
        /// A file holding the HS256 shared secret.
        case secretFile(String)
        /// An environment variable holding the HS256 shared secret.
        case secretEnvironment(String)
        /// A PEM public key (RSA: RS256, P-256: ES256).
        case publicKeyFile(String)
        /// A JSON Web Key Set (keys told apart by `kid`).
        case jwksFile(String)

        public var description: String {
            switch self {
            case .secretFile(let path): "secret_file \(path)"
            case .secretEnvironment(let name): "secret_env \(name)"
            case .publicKeyFile(let path): "public_key_file \(path)"
            case .jwksFile(let path): "jwks_file \(path)"
            }
        }
    }

    /// The claims that name the principal.
    public struct ClaimNames: Sendable, Hashable {
        /// The role (a string, or a list of strings of which exactly one must map to a role).
        public var role = "sb_role"
        /// An agent's id, which must be under `agents:`.
        public var agent = "sub"
        /// A source's name.
        public var source = "sub"
        /// A supervisor's or admin's label in logs (optional in the token).
        public var name = "sub"

        public init() {}
    }

    /// The value the `iss` claim must equal.
    public var issuer: String
    /// The `aud` claim must name at least one of these.
    public var audiences: [String]
    public var keySource: KeySource
    /// The keys read from ``keySource``: one, or a JWKS file's.
    public var keys: [IdentityKey]
    /// Leeway for `exp` and `nbf`, for clocks that differ a little.
    public var clockSkewSeconds: Double = 60
    public var claims = ClaimNames()
    /// The provider's role values mapped to Switchboard roles; empty: the values are the role names
    /// themselves (`agent`, `source`, `supervisor`, `admin`).
    public var roleValues: [String: Role] = [:]

    public static let clockSkewRange: ClosedRange<Double> = 0...600

    public init(issuer: String, audiences: [String], keySource: KeySource, keys: [IdentityKey]) {
        self.issuer = issuer
        self.audiences = audiences
        self.keySource = keySource
        self.keys = keys
    }

    /// The role a value of the role claim grants, or nil when it grants none.
    public func role(forClaimValue value: String) -> Role? {
        roleValues.isEmpty ? Role(rawValue: value) : roleValues[value]
    }
}
