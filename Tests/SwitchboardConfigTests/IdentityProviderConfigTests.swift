import Foundation
import Testing
@testable import SwitchboardConfig

/// `identity_providers:`: every key source read and checked at load, each problem located at the key
/// that names the file (or secret), and the claim and role mappings.
@Suite struct IdentityProviderConfigTests {
    /// Public keys made with `openssl genpkey` / `openssl pkey -pubout` (RSA 2048 and 1024, P-256, P-384).
    static let rsaPEM = """
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA14nE1VKdY9rOEOSyOqxG
hfEU712yqaxuWS8P8yXpRbcccv1+2vPq74LXCq5LzF96ZJ7mOoZnOicX9B+6n5tB
qPL0AHhaPzQR3ucgJ7v2YoeJJRdzMcI3yF7Eky2OUkE4cK3f6OLpVyRS8EeQor/d
q2lxy8pp6y3ehVSqvnDjcepsIZ1Meo6Fh7Lwv2h+dfBskh0JkeuBHzVegxloUrip
P7Xu5lA78JTcgVD+lNyWeOkiDq4bFbl6oVjUh349+JkJDNOJ/bxN1ZeP7MXrbfWS
yyaTRt3qn3TsZzW6U0ywGNvNqZRyGWYp9cxePC7BV01xHTrwTx6KXTWhUzOk2CdU
DQIDAQAB
-----END PUBLIC KEY-----
"""
    static let shortRSAPEM = """
-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDAibGnC4bfWspK0uOgEE2VRaCM
vPzJnkgYPGbyGeCqKP7HxPDiJf/QxHNFmQmNEcIzVBvr42ghKZelmmruYW9xyqqT
CUq/Yk6NleoyHfrxcFIOBU6LKQDTI7dgWMsUDQvmC8vSaytEcSmsP5vBiNDopQNd
lPCc9fB6NH8rWhlhpwIDAQAB
-----END PUBLIC KEY-----
"""
    static let p256PEM = """
-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEkk1qqaE3JsfNDyfnvGFqg9KqbpQQ
IuM5Z8K212ztDlkeZS+an0zpPv0mPaKABVh9cT8Jg8VK2BAK3WorUH2lvQ==
-----END PUBLIC KEY-----
"""
    static let p384PEM = """
-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAENqQNEFOzYOTNwO/2HLLVaRBye4fLfUU8
xRy6psaEunWqUyfyHIfyfwu+quwJUE8Efy5G7E0PLis6rRnqVGhQmCGYjykV0k1d
wA1Tw5tF3pODaYd/bwbVuCYQaRotJOsI
-----END PUBLIC KEY-----
"""
    static let rsaJWK = #"{"kty": "RSA", "kid": "r1", "n": "14nE1VKdY9rOEOSyOqxGhfEU712yqaxuWS8P8yXpRbcccv1-2vPq74LXCq5LzF96ZJ7mOoZnOicX9B-6n5tBqPL0AHhaPzQR3ucgJ7v2YoeJJRdzMcI3yF7Eky2OUkE4cK3f6OLpVyRS8EeQor_dq2lxy8pp6y3ehVSqvnDjcepsIZ1Meo6Fh7Lwv2h-dfBskh0JkeuBHzVegxloUripP7Xu5lA78JTcgVD-lNyWeOkiDq4bFbl6oVjUh349-JkJDNOJ_bxN1ZeP7MXrbfWSyyaTRt3qn3TsZzW6U0ywGNvNqZRyGWYp9cxePC7BV01xHTrwTx6KXTWhUzOk2CdUDQ", "e": "AQAB"}"#
    static let p256JWK = #"{"kty": "EC", "kid": "e1", "crv": "P-256", "x": "kk1qqaE3JsfNDyfnvGFqg9KqbpQQIuM5Z8K212ztDlk", "y": "HmUvmp9M6T79Jj2igAVYfXE_CYPFStgQCt1qK1B9pb0"}"#

    /// A folder of key files named as the cases use them.
    static let folder: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-idp-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files: [String: String] = [
            "secret": "a-shared-secret-of-thirty-two-bytes-or-more\n",
            "short.secret": "too-short\n",
            "rsa.pem": rsaPEM, "short.pem": shortRSAPEM, "p256.pem": p256PEM, "p384.pem": p384PEM,
            "private.pem": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
            "garbage.pem": "hello\n",
            "broken.pem": "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n",
            "jwks.json": #"{"keys": [\#(rsaJWK), \#(p256JWK), {"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"}]}"#,
            "not.json": "keys: []",
            "nokid.json": #"{"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}]}"#,
            "duplicate.json": #"{"keys": [\#(rsaJWK), \#(rsaJWK)]}"#,
            "unusable.json": #"{"keys": [{"kty": "RSA", "kid": "p", "alg": "PS256", "n": "AQAB", "e": "AQAB"}]}"#,
            "badkey.json": #"{"keys": [{"kty": "RSA", "kid": "b", "n": "AQAB", "e": "AQAB"}]}"#,
            "mismatch.json": #"{"keys": [{"kty": "EC", "kid": "m", "alg": "RS256", "crv": "P-256", "x": "AA", "y": "AA"}]}"#,
        ]
        for (name, text) in files {
            try? text.write(toFile: "\(folder)/\(name)", atomically: true, encoding: .utf8)
        }
        return folder
    }()

    static func yaml(_ lines: String) -> String {
        "agents:\n  - {id: a1}\nidentity_providers:\n" + lines.replacingOccurrences(of: "DIR", with: folder)
    }

    static let environment = ["SB_TEST_SECRET": "an-environment-secret-of-32-bytes-at-least", "SB_SHORT": "short"]

    @Test(arguments: [
        ("  - {issuer: hs, audience: app, secret_file: DIR/secret}", IdentityKey.Algorithm.hs256, 1),
        ("  - {issuer: env, audience: app, secret_env: SB_TEST_SECRET}", .hs256, 1),
        ("  - {issuer: rsa, audience: app, public_key_file: DIR/rsa.pem}", .rs256, 1),
        ("  - {issuer: ec, audience: [a, b], public_key_file: DIR/p256.pem}", .es256, 1),
        // The encryption key is left out.
        ("  - {issuer: set, audience: app, jwks_file: DIR/jwks.json}", .rs256, 2),
    ])
    func everyKeySourceLoads(_ text: String, _ algorithm: IdentityKey.Algorithm, _ count: Int) throws {
        let config = try ConfigLoader.load(yaml: Self.yaml(text), file: "t.yaml", environment: Self.environment)
        let provider = try #require(config.identityProviders.first)
        #expect(provider.keys.count == count)
        #expect(provider.keys.first?.algorithm == algorithm)
        #expect(provider.clockSkewSeconds == 60)
        #expect(provider.claims == IdentityProvider.ClaimNames())
    }

    @Test func claimNamesRoleValuesAndSkewAreRead() throws {
        let config = try ConfigLoader.load(yaml: Self.yaml("""
              - issuer: https://login.example.com/
                audience: switchboard
                jwks_file: DIR/jwks.json
                clock_skew_seconds: 5
                claims: {role: groups, agent: employee_id, source: client_id, name: email}
                roles: {cc-agent: agent, cc-lead: supervisor}
            """), file: "t.yaml", environment: [:])
        let provider = try #require(config.identityProviders.first)
        #expect(provider.keys.map(\.kid) == ["r1", "e1"])
        #expect(provider.keys.map(\.algorithm) == [.rs256, .es256])
        #expect(provider.clockSkewSeconds == 5)
        #expect(provider.claims.role == "groups" && provider.claims.agent == "employee_id")
        #expect(provider.claims.source == "client_id" && provider.claims.name == "email")
        #expect(provider.role(forClaimValue: "cc-lead") == .supervisor)
        #expect(provider.role(forClaimValue: "agent") == nil)
        #expect(IdentityProvider(issuer: "i", audiences: ["a"], keySource: .secretEnvironment("X"), keys: []).role(forClaimValue: "admin") == .admin)
    }

    @Test(arguments: [
        ("  - {issuer: i, audience: a, secret_file: DIR/missing}", ConfigProblem.Kind.unusableKey, "identity_providers[0].secret_file", "no such file"),
        ("  - {issuer: i, audience: a, secret_file: DIR/short.secret}", .unusableKey, "identity_providers[0].secret_file", "at least 32"),
        ("  - {issuer: i, audience: a, secret_env: SB_UNSET}", .unusableKey, "identity_providers[0].secret_env", "SB_UNSET is not set"),
        ("  - {issuer: i, audience: a, secret_env: SB_SHORT}", .unusableKey, "identity_providers[0].secret_env", "has 5 bytes"),
        ("  - {issuer: i, audience: a, public_key_file: DIR/garbage.pem}", .unusableKey, "identity_providers[0].public_key_file", "not a PEM file"),
        ("  - {issuer: i, audience: a, public_key_file: DIR/broken.pem}", .unusableKey, "identity_providers[0].public_key_file", "PEM form"),
        ("  - {issuer: i, audience: a, public_key_file: DIR/private.pem}", .unusableKey, "identity_providers[0].public_key_file", "private key"),
        ("  - {issuer: i, audience: a, public_key_file: DIR/short.pem}", .unusableKey, "identity_providers[0].public_key_file", "2048 bits"),
        ("  - {issuer: i, audience: a, public_key_file: DIR/p384.pem}", .unusableKey, "identity_providers[0].public_key_file", "P-256"),
        ("  - {issuer: i, audience: a, jwks_file: DIR/not.json}", .unusableKey, "identity_providers[0].jwks_file", "not a JSON Web Key Set"),
        ("  - {issuer: i, audience: a, jwks_file: DIR/nokid.json}", .unusableKey, "identity_providers[0].jwks_file", #"no "kid""#),
        ("  - {issuer: i, audience: a, jwks_file: DIR/duplicate.json}", .unusableKey, "identity_providers[0].jwks_file", "more than once"),
        ("  - {issuer: i, audience: a, jwks_file: DIR/unusable.json}", .unusableKey, "identity_providers[0].jwks_file", "no RS256 or ES256"),
        ("  - {issuer: i, audience: a, jwks_file: DIR/badkey.json}", .unusableKey, "identity_providers[0].jwks_file", "not a valid RSA public key"),
        ("  - {issuer: i, audience: a, jwks_file: DIR/mismatch.json}", .unusableKey, "identity_providers[0].jwks_file", "does not fit"),
        ("  - {issuer: i, audience: a}", .missingKey, "identity_providers[0]", "one of secret_file"),
        ("  - {issuer: i, audience: a, secret_file: DIR/secret, jwks_file: DIR/jwks.json}", .invalidValue, "identity_providers[0].jwks_file", "only one key source"),
        ("  - {issuer: i, audience: a, secret: plain-text-secret}", .weakToken, "identity_providers[0].secret", "never written in the configuration"),
        ("  - {audience: a, secret_file: DIR/secret}", .missingKey, "identity_providers[0].issuer", "issuer"),
        ("  - {issuer: i, secret_file: DIR/secret}", .missingKey, "identity_providers[0].audience", "audience"),
        ("  - {issuer: i, audience: [], secret_file: DIR/secret}", .invalidValue, "identity_providers[0].audience", "at least one audience"),
        ("  - {issuer: i, audience: a, secret_file: DIR/secret, clock_skew_seconds: 3600}", .outOfRange, "identity_providers[0].clock_skew_seconds", "out of range"),
        ("  - {issuer: i, audience: a, secret_file: DIR/secret, roles: {lead: boss}}", .invalidValue, "identity_providers[0].roles.lead", "unknown role \"boss\""),
        ("  - {issuer: i, audience: a, secret_file: DIR/secret, claims: {group: g}}", .unknownKey, "identity_providers[0].claims.group", "unknown key"),
        ("  - {issuer: i, audience: a, secret_file: DIR/secret}\n  - {issuer: i, audience: b, secret_env: SB_TEST_SECRET}",
         .duplicateID, "identity_providers[1].issuer", "configured twice"),
    ])
    func problemsAreLocated(_ text: String, _ kind: ConfigProblem.Kind, _ path: String, _ fragment: String) {
        let parsed = ConfigLoader.parse(yaml: Self.yaml(text), file: "t.yaml", environment: Self.environment)
        #expect(parsed.problems.count == 1, "\(parsed.problems)")
        let problem = parsed.problems.first
        #expect(problem?.kind == kind, "\(parsed.problems)")
        #expect(problem?.path == path, "\(parsed.problems)")
        #expect(problem?.message.contains(fragment) == true, "\(parsed.problems)")
        #expect(problem?.line != nil, "\(parsed.problems)")
    }

    @Test func aSecretFilesFinalLineBreakIsNotPartOfTheSecret() throws {
        let secret = "a-shared-secret-of-thirty-two-bytes-or-more"
        var keys: [IdentityKey] = []
        for (name, text) in [("plain", secret), ("lf", secret + "\n"), ("crlf", secret + "\r\n")] {
            try text.write(toFile: "\(Self.folder)/\(name).secret", atomically: true, encoding: .utf8)
            let config = try ConfigLoader.load(yaml: Self.yaml("  - {issuer: hs, audience: app, secret_file: DIR/\(name).secret}"), file: "t.yaml")
            keys += config.identityProviders.flatMap(\.keys)
        }
        #expect(keys.count == 3 && Set(keys).count == 1)
        #expect(keys.first == IdentityKey(secret: Array(secret.utf8)))
    }

    @Test func descriptionsNeverShowTheSecret() throws {
        let config = try ConfigLoader.load(yaml: Self.yaml("  - {issuer: hs, audience: app, secret_file: DIR/secret}"), file: "t.yaml")
        let provider = try #require(config.identityProviders.first)
        #expect(!"\(provider)".contains("thirty-two"))
        #expect(provider.keys.first?.description == "HS256 key")
    }

    @Test func aRotatedKeyFileIsAChangeAndNothingElseIs() throws {
        let yaml = Self.yaml("  - {issuer: set, audience: app, jwks_file: DIR/rotating.json}")
        let path = "\(Self.folder)/rotating.json"
        try #"{"keys": [\#(Self.rsaJWK)]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try ConfigLoader.load(yaml: yaml, file: "t.yaml")
        #expect(ConfigChangeSummary(from: first, to: try ConfigLoader.load(yaml: yaml, file: "t.yaml")).isEmpty)
        try #"{"keys": [\#(Self.p256JWK)]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let rotated = try ConfigLoader.load(yaml: yaml, file: "t.yaml")
        #expect(ConfigChangeSummary(from: first, to: rotated).sectionsChanged == ["identity_providers"])
        #expect(rotated.identityProviders.first?.keys.map(\.kid) == ["e1"])
    }
}
