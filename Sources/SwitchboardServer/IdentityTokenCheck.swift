public import SwitchboardConfig

/// The decisions about an identity-provider token, with no I/O and no clock: which key must have
/// signed it (from its header), and whom its verified claims log in.
public enum IdentityTokenCheck {
    /// The key the token's header names, refusing `alg: none`, a missing or unknown `kid` where the
    /// provider's keys have them, and an `alg` other than the key's own (so an HS256 token is never
    /// checked against an RSA key taken as a shared secret).
    public static func key(alg: String?, kid: String?, of provider: IdentityProvider) -> Result<IdentityKey, TokenRefusal> {
        guard let alg, !alg.isEmpty, alg.lowercased() != "none" else { return .failure(TokenRefusal(.unsigned)) }
        let key: IdentityKey
        if provider.keys.contains(where: { $0.kid != nil }) {
            guard let kid else { return .failure(TokenRefusal(.missingKeyID)) }
            guard let named = provider.keys.first(where: { $0.kid == kid }) else { return .failure(TokenRefusal(.unknownKeyID(kid))) }
            key = named
        } else {
            guard let only = provider.keys.first else { return .failure(TokenRefusal(.unknownKeyID(kid ?? ""))) }
            key = only
        }
        guard key.algorithm.rawValue == alg else {
            return .failure(TokenRefusal(.algorithmNotAllowed(token: alg, key: key.algorithm)))
        }
        return .success(key)
    }

    /// Whom verified `claims` log in at `now` (seconds since 1970): issuer, expiry, not-before and
    /// audience first, then the role and, for an agent, an id that is under `agents:`.
    public static func principal(_ claims: IdentityClaims, provider: IdentityProvider, now: Double,
                                 agents: Set<String>) -> Result<Principal, TokenRefusal> {
        func refuse(_ reason: TokenRefusal.Reason) -> Result<Principal, TokenRefusal> { .failure(TokenRefusal(reason)) }
        guard let issuer = claims.string("iss"), issuer == provider.issuer else { return refuse(.unknownIssuer(claims.string("iss"))) }
        let skew = provider.clockSkewSeconds
        guard case .number(let expiry)? = claims["exp"] else { return refuse(.noExpiry) }
        guard now <= expiry + skew else { return refuse(.expired(at: expiry)) }
        switch claims["nbf"] {
        case nil: break
        case .number(let notBefore)?: if now + skew < notBefore { return refuse(.notYetValid(until: notBefore)) }
        default: return refuse(.malformed)
        }
        let audiences: [String] = switch claims["aud"] {
        case .string(let one)?: [one]
        case .strings(let list)?: list
        default: []
        }
        guard audiences.contains(where: provider.audiences.contains) else { return refuse(.wrongAudience(audiences)) }

        let roleClaim = provider.claims.role
        let values: [String] = switch claims[roleClaim] {
        case .string(let one)?: [one]
        case .strings(let list)?: list
        default: []
        }
        guard !values.isEmpty else { return refuse(.missingRole(claim: roleClaim)) }
        var roles: [Role] = []
        for value in values {
            if let role = provider.role(forClaimValue: value), !roles.contains(role) { roles.append(role) }
        }
        guard let role = roles.first else { return refuse(.unmappedRole(values)) }
        guard roles.count == 1 else { return refuse(.ambiguousRole(roles.sorted { $0.rawValue < $1.rawValue })) }

        func name(_ claim: String) -> String? {
            guard let text = claims.string(claim), !text.isEmpty else { return nil }
            return text
        }
        switch role {
        case .agent:
            guard let id = name(provider.claims.agent) else { return refuse(.missingName(claim: provider.claims.agent, role: .agent)) }
            guard agents.contains(id) else { return refuse(.unknownAgent(id)) }
            return .success(.agent(id: id))
        case .source:
            guard let source = name(provider.claims.source) else { return refuse(.missingName(claim: provider.claims.source, role: .source)) }
            return .success(.source(name: source))
        case .supervisor:
            return .success(.supervisor(name: name(provider.claims.name)))
        case .admin:
            return .success(.admin(name: name(provider.claims.name)))
        }
    }

    /// Whether a token is shaped like a JWT: three non-empty base64url parts, the first a JSON object.
    public static func looksLikeJWT(_ token: String) -> Bool {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, token.hasPrefix("eyJ") else { return false }
        return parts.allSatisfy { part in
            part.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
            }
        } && !parts[0].isEmpty && !parts[1].isEmpty
    }
}
