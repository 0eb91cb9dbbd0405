import JWTKit
public import SwitchboardConfig

/// Verifies identity-provider tokens (JWTs) against the configured issuers with jwt-kit: picks the
/// provider by the token's `iss` and the key by its header (``IdentityTokenCheck/key(alg:kid:of:)``),
/// has jwt-kit check the signature with that one key, then maps the verified claims to a principal
/// (``IdentityTokenCheck/principal(_:provider:now:agents:)``).
///
/// Built once per configuration (a reload builds a new one); jwt-kit's key collections are actors,
/// so verifying is asynchronous.
public final class IdentityTokenVerifier: Sendable {
    private struct Issuer: Sendable {
        let provider: IdentityProvider
        /// One collection per key, holding it alone, so the key chosen here is the key jwt-kit uses.
        let collections: [JWTKeyCollection]
    }

    private let issuers: [String: Issuer]
    private let agents: Set<String>
    /// Loads every key into its collection (actor calls); awaited before the first verification.
    private let ready: Task<Void, Never>

    /// - Parameters:
    ///   - providers: the configured issuers, keys already read and checked.
    ///   - agents: the agent ids under `agents:`; a token naming another agent is refused.
    public init(providers: [IdentityProvider], agents: Set<String>) {
        var issuers: [String: Issuer] = [:]
        var loads: [(JWTKeyCollection, IdentityKey)] = []
        for provider in providers where issuers[provider.issuer] == nil {
            let collections = provider.keys.map { _ in JWTKeyCollection() }
            issuers[provider.issuer] = Issuer(provider: provider, collections: collections)
            loads += zip(collections, provider.keys).map { ($0, $1) }
        }
        self.issuers = issuers
        self.agents = agents
        ready = Task {
            for (collection, key) in loads {
                switch key.material {
                case .hmac(let secret): await collection.add(hmac: secret, digestAlgorithm: .sha256)
                case .rsa(let publicKey): await collection.add(rsa: publicKey, digestAlgorithm: .sha256)
                case .ecdsa(let publicKey): await collection.add(ecdsa: publicKey)
                }
            }
        }
    }

    /// Whether any issuer is configured.
    public var isEmpty: Bool { issuers.isEmpty }

    /// The principal `token` logs in at `now` (seconds since 1970), or why it does not.
    public func verify(_ token: String, now: Double) async -> Result<Principal, TokenRefusal> {
        let bytes = Array(token.utf8)
        let header: JWTHeader, unverified: IdentityClaims
        do {
            (header, unverified, _) = try DefaultJWTParser().parse(bytes, as: IdentityClaims.self)
        } catch {
            return .failure(TokenRefusal(.malformed))
        }
        // The issuer is read before the signature is checked only to choose the keys; the verified
        // claims are checked again below.
        guard let name = unverified.string("iss"), let issuer = issuers[name] else {
            return .failure(TokenRefusal(.unknownIssuer(unverified.string("iss"))))
        }
        let key: IdentityKey
        switch IdentityTokenCheck.key(alg: header.alg, kid: header.kid, of: issuer.provider) {
        case .success(let chosen): key = chosen
        case .failure(let refusal): return .failure(refusal)
        }
        guard let index = issuer.provider.keys.firstIndex(of: key) else { return .failure(TokenRefusal(.unknownKeyID(header.kid ?? ""))) }
        await ready.value
        let claims: IdentityClaims
        do {
            claims = try await issuer.collections[index].verify(bytes, as: IdentityClaims.self)
        } catch let error as JWTError where error.errorType == .malformedToken {
            return .failure(TokenRefusal(.malformed))
        } catch {
            return .failure(TokenRefusal(.badSignature))
        }
        return IdentityTokenCheck.principal(claims, provider: issuer.provider, now: now, agents: agents)
    }
}
