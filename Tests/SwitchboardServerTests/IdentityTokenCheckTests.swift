import SwitchboardConfig
import Testing
@testable import SwitchboardServer

/// The pure decisions about an identity-provider token: which key its header may name, and whom its
/// verified claims log in, at a given time.
struct IdentityTokenCheckTests {
    static let secret = IdentityKey(secret: Array("a-shared-secret-of-thirty-two-bytes-or-more".utf8))
    static let keyed = [IdentityKey(secret: Array("first-shared-secret-of-thirty-two-bytes".utf8), kid: "k1"),
                        IdentityKey(secret: Array("second-shared-secret-of-thirty-two-bytes".utf8), kid: "k2")]

    static func provider(keys: [IdentityKey] = [secret], roles: [String: Role] = [:]) -> IdentityProvider {
        var provider = IdentityProvider(issuer: "https://idp", audiences: ["sb", "sb2"], keySource: .secretEnvironment("X"), keys: keys)
        provider.clockSkewSeconds = 60
        provider.roleValues = roles
        return provider
    }

    @Test(arguments: [
        ("HS256", nil, false, Result<String?, TokenRefusal>.success(nil)),
        ("none", nil, false, .failure(TokenRefusal(.unsigned))),
        ("NONE", nil, false, .failure(TokenRefusal(.unsigned))),
        (nil, nil, false, .failure(TokenRefusal(.unsigned))),
        ("RS256", nil, false, .failure(TokenRefusal(.algorithmNotAllowed(token: "RS256", key: .hs256)))),
        ("HS512", nil, false, .failure(TokenRefusal(.algorithmNotAllowed(token: "HS512", key: .hs256)))),
        // A single key is used whatever kid the token names.
        ("HS256", "any", false, .success(nil)),
        ("HS256", "k2", true, .success("k2")),
        ("HS256", nil, true, .failure(TokenRefusal(.missingKeyID))),
        ("HS256", "k3", true, .failure(TokenRefusal(.unknownKeyID("k3")))),
        ("none", "k1", true, .failure(TokenRefusal(.unsigned))),
    ] as [(String?, String?, Bool, Result<String?, TokenRefusal>)])
    func theHeaderNamesOneKeyWithItsOwnAlgorithm(_ alg: String?, _ kid: String?, _ keyed: Bool, _ expected: Result<String?, TokenRefusal>) {
        let provider = Self.provider(keys: keyed ? Self.keyed : [Self.secret])
        let result = IdentityTokenCheck.key(alg: alg, kid: kid, of: provider).map(\.kid)
        #expect(result == expected)
    }

    static let now = 1_800_000_000.0

    static func claims(_ changes: [String: IdentityClaims.Value?] = [:]) -> IdentityClaims {
        var values: [String: IdentityClaims.Value] = [
            "iss": .string("https://idp"), "aud": .string("sb"), "exp": .number(now + 300), "sub": .string("a1"), "sb_role": .string("agent"),
        ]
        for (name, value) in changes { values[name] = value }
        return IdentityClaims(values)
    }

    @Test(arguments: [
        ([:], Result<Principal, TokenRefusal>.success(.agent(id: "a1"))),
        (["iss": .string("https://other")], .failure(TokenRefusal(.unknownIssuer("https://other")))),
        (["exp": nil], .failure(TokenRefusal(.noExpiry))),
        (["exp": .string("soon")], .failure(TokenRefusal(.noExpiry))),
        (["exp": .number(now - 61)], .failure(TokenRefusal(.expired(at: now - 61)))),
        // Within the skew either way.
        (["exp": .number(now - 59)], .success(.agent(id: "a1"))),
        (["nbf": .number(now + 59)], .success(.agent(id: "a1"))),
        (["nbf": .number(now + 61)], .failure(TokenRefusal(.notYetValid(until: now + 61)))),
        (["nbf": .string("later")], .failure(TokenRefusal(.malformed))),
        (["aud": .string("other")], .failure(TokenRefusal(.wrongAudience(["other"])))),
        (["aud": nil], .failure(TokenRefusal(.wrongAudience([])))),
        (["aud": .strings(["other", "sb2"])], .success(.agent(id: "a1"))),
        (["sb_role": nil], .failure(TokenRefusal(.missingRole(claim: "sb_role")))),
        (["sb_role": .number(1)], .failure(TokenRefusal(.missingRole(claim: "sb_role")))),
        (["sb_role": .string("boss")], .failure(TokenRefusal(.unmappedRole(["boss"])))),
        (["sb_role": .strings(["everyone", "agent"])], .success(.agent(id: "a1"))),
        (["sb_role": .strings(["agent", "admin"])], .failure(TokenRefusal(.ambiguousRole([.admin, .agent])))),
        (["sub": .string("zed")], .failure(TokenRefusal(.unknownAgent("zed")))),
        (["sub": nil], .failure(TokenRefusal(.missingName(claim: "sub", role: .agent)))),
        (["sub": .string("")], .failure(TokenRefusal(.missingName(claim: "sub", role: .agent)))),
        (["sb_role": .string("source"), "sub": .string("crm")], .success(.source(name: "crm"))),
        (["sb_role": .string("source"), "sub": nil], .failure(TokenRefusal(.missingName(claim: "sub", role: .source)))),
        (["sb_role": .string("supervisor"), "sub": .string("jane")], .success(.supervisor(name: "jane"))),
        (["sb_role": .string("admin"), "sub": nil], .success(.admin(name: nil))),
    ] as [([String: IdentityClaims.Value?], Result<Principal, TokenRefusal>)])
    func claimsNameThePrincipal(_ changes: [String: IdentityClaims.Value?], _ expected: Result<Principal, TokenRefusal>) {
        let result = IdentityTokenCheck.principal(Self.claims(changes), provider: Self.provider(), now: Self.now, agents: ["a1", "a2"])
        #expect(result == expected)
    }

    @Test(arguments: [
        ("cc-agent", Result<Principal, TokenRefusal>.success(.agent(id: "a1"))),
        ("cc-lead", .success(.supervisor(name: "a1"))),
        // With a mapping, Switchboard's own role names mean nothing.
        ("agent", .failure(TokenRefusal(.unmappedRole(["agent"])))),
    ])
    func theProvidersRoleValuesAreMapped(_ value: String, _ expected: Result<Principal, TokenRefusal>) {
        let provider = Self.provider(roles: ["cc-agent": .agent, "cc-lead": .supervisor])
        let claims = Self.claims(["sb_role": .string(value)])
        #expect(IdentityTokenCheck.principal(claims, provider: provider, now: Self.now, agents: ["a1"]) == expected)
    }

    @Test(arguments: [
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", true),
        // alg none: the signature part is empty.
        ("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", true),
        ("agent-alice-demo", false),
        ("eyJ.a.b.c", false),
        ("eyJhbGci.eyJz dWIi.c2ln", false),
        ("abc.def.ghi", false),
    ])
    func onlyJWTShapedTokensAreVerifiedAsSuch(_ token: String, _ expected: Bool) {
        #expect(IdentityTokenCheck.looksLikeJWT(token) == expected)
    }

    @Test func forgedTokensAreToldOnlyThatTheyAreInvalid() {
        for reason: TokenRefusal.Reason in [.malformed, .unsigned, .unknownIssuer("x"), .missingKeyID, .unknownKeyID("k"),
                                            .algorithmNotAllowed(token: "HS256", key: .rs256), .badSignature] {
            #expect(TokenRefusal(reason).clientMessage == "invalid token")
        }
        #expect(TokenRefusal(.expired(at: 0)).clientMessage == "token expired")
        #expect(TokenRefusal(.unknownToken).clientMessage == "unknown token")
    }
}
