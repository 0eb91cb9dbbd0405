public import SwitchboardConfig

/// Why a bearer token logs no one in: what the log says (never the token) and what the client is
/// told. A forged or unreadable token gets a bare "invalid token"; a genuine one that is expired,
/// meant for another audience or naming no usable role is told so, since its holder can act on it.
public struct TokenRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Neither a static token nor shaped like a JWT (or no identity provider is configured).
        case unknownToken
        /// Not three base64url parts of JSON.
        case malformed
        /// `alg` is `none` or missing.
        case unsigned
        /// No identity provider has this `iss` (nil: the token has none).
        case unknownIssuer(String?)
        /// The provider's keys are told apart by `kid` and the token names none.
        case missingKeyID
        case unknownKeyID(String)
        /// The token's `alg` is not the algorithm of the key it names.
        case algorithmNotAllowed(token: String, key: IdentityKey.Algorithm)
        case badSignature
        /// No numeric `exp` (tokens without an end are not taken).
        case noExpiry
        /// `exp` (seconds since 1970) passed, skew included.
        case expired(at: Double)
        /// `nbf` (seconds since 1970) not reached, skew included.
        case notYetValid(until: Double)
        /// `aud` names none of the configured audiences.
        case wrongAudience([String])
        /// The role claim is absent or not text.
        case missingRole(claim: String)
        /// The role claim's values map to no Switchboard role.
        case unmappedRole([String])
        /// The role claim's values map to more than one role.
        case ambiguousRole([Role])
        /// The claim that names the agent or source is absent, empty or not text.
        case missingName(claim: String, role: Role)
        /// The agent id is not under `agents:`.
        case unknownAgent(String)
    }

    public var reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// For the server's log.
    public var description: String {
        switch reason {
        case .unknownToken: "unknown token"
        case .malformed: "malformed JWT"
        case .unsigned: "JWT with alg none or no alg"
        case .unknownIssuer(let issuer?): "JWT from an issuer not configured (\(issuer))"
        case .unknownIssuer(nil): "JWT without iss"
        case .missingKeyID: "JWT without kid for an issuer with a key set"
        case .unknownKeyID(let kid): "JWT names an unknown key (kid \(kid))"
        case .algorithmNotAllowed(let alg, let key): "JWT algorithm \(alg) is not the key's (\(key.rawValue))"
        case .badSignature: "JWT signature does not verify"
        case .noExpiry: "JWT without exp"
        case .expired(let at): "JWT expired (exp \(Int(at)))"
        case .notYetValid(let until): "JWT not yet valid (nbf \(Int(until)))"
        case .wrongAudience(let audiences): "JWT for another audience (\(audiences.joined(separator: ", ")))"
        case .missingRole(let claim): "JWT without role claim \(claim)"
        case .unmappedRole(let values): "JWT role \(values.joined(separator: ", ")) maps to no role"
        case .ambiguousRole(let roles): "JWT role maps to several roles (\(roles.map(\.rawValue).joined(separator: ", ")))"
        case .missingName(let claim, let role): "JWT for role \(role) without claim \(claim)"
        case .unknownAgent(let id): "JWT names agent \(id), which is not configured"
        }
    }

    /// For the client's `error`.
    public var clientMessage: String {
        switch reason {
        case .unknownToken: "unknown token"
        case .malformed, .unsigned, .unknownIssuer, .missingKeyID, .unknownKeyID, .algorithmNotAllowed, .badSignature: "invalid token"
        case .noExpiry: "token refused: it has no expiry (exp)"
        case .expired: "token expired"
        case .notYetValid: "token not yet valid (nbf)"
        case .wrongAudience: "token refused: it is meant for another audience (aud)"
        case .missingRole, .unmappedRole: "token refused: it grants no Switchboard role"
        case .ambiguousRole: "token refused: it grants more than one Switchboard role"
        case .missingName(let claim, let role): "token refused: role \(role) needs the claim \(claim)"
        case .unknownAgent(let id): "token refused: agent \"\(id)\" is not configured on this server"
        }
    }
}
