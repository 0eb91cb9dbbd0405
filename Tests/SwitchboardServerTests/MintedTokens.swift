import Foundation
import SwitchboardConfig
import SwitchboardTesting
import Testing
@testable import SwitchboardServer

/// Keys and tokens minted by PyJWT (with `cryptography`) for the identity-provider tests: the keys'
/// public halves and a shared secret written to a folder, the tokens printed by name.
struct MintedTokens {
    let folder: String
    let tokens: [String: String]

    subscript(name: String) -> String {
        get throws {
            guard let token = tokens[name] else { throw ScenarioError("no token \(name) minted") }
            return token
        }
    }

    static func mint() async throws -> MintedTokens {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-jwt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let run = try await PythonTools.run(script: script, arguments: [folder])
        guard run.succeeded, let line = run.output.split(separator: "\n").first(where: { $0.hasPrefix("TOKENS ") }),
              let object = try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: String] else {
            throw ScenarioError("minting tokens failed: \(run.report)")
        }
        return MintedTokens(folder: folder, tokens: object)
    }

    /// Four issuers, one per kind of key; the JWKS one maps its own role names.
    func providersYAML(jwks: String = "jwks.json") -> String {
        """
        identity_providers:
          - issuer: https://hs.example
            audience: switchboard
            secret_file: \(folder)/hs.secret
          - issuer: https://rsa.example
            audience: [other-app, switchboard]
            public_key_file: \(folder)/rsa.pem
          - issuer: https://ec.example
            audience: switchboard
            public_key_file: \(folder)/ec.pem
            clock_skew_seconds: 5
          - issuer: https://jwks.example
            audience: switchboard
            jwks_file: \(folder)/\(jwks)
            roles: {cc-agent: agent, cc-lead: supervisor}
        """
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    static let script = #"""
import base64, hashlib, hmac, json, os, sys, time, warnings
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

out = sys.argv[1]
now = int(time.time())

def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

def public_pem(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def jwk(key, kid):
    numbers = key.public_key().public_numbers()
    def n2b(n):
        return b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))
    return {"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": n2b(numbers.n), "e": n2b(numbers.e)}

secret = b"switchboard-test-shared-secret-0123456789abcdef"
rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
other_rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ec_key = ec.generate_private_key(ec.SECP256R1())
k1 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
k2 = rsa.generate_private_key(public_exponent=65537, key_size=2048)

write("hs.secret", secret + b"\n")
write("rsa.pem", public_pem(rsa_key))
write("ec.pem", public_pem(ec_key))
write("jwks.json", json.dumps({"keys": [jwk(k1, "k1")]}).encode())
write("jwks-rotated.json", json.dumps({"keys": [jwk(k2, "k2")]}).encode())

def claims(iss, role, sub, **extra):
    c = {"iss": iss, "aud": "switchboard", "exp": now + 600, "iat": now, "sub": sub}
    if role is not None:
        c["sb_role"] = role
    c.update(extra)
    return c

HS, RSA, EC, JWKS = "https://hs.example", "https://rsa.example", "https://ec.example", "https://jwks.example"
tokens = {}
tokens["hs_agent"] = jwt.encode(claims(HS, "agent", "a1"), secret, algorithm="HS256")
tokens["rsa_supervisor"] = jwt.encode(claims(RSA, "supervisor", "lead-jane"), rsa_key, algorithm="RS256")
tokens["ec_source"] = jwt.encode(claims(EC, "source", "gw"), ec_key, algorithm="ES256")
tokens["jwks_agent"] = jwt.encode(claims(JWKS, "cc-agent", "a2"), k1, algorithm="RS256", headers={"kid": "k1"})
tokens["jwks_rotated_agent"] = jwt.encode(claims(JWKS, "cc-agent", "a3"), k2, algorithm="RS256", headers={"kid": "k2"})
tokens["expired"] = jwt.encode(claims(HS, "agent", "a1", exp=now - 3600), secret, algorithm="HS256")
tokens["not_yet_valid"] = jwt.encode(claims(HS, "agent", "a1", nbf=now + 3600), secret, algorithm="HS256")
tokens["wrong_issuer"] = jwt.encode(claims("https://evil.example", "agent", "a1"), secret, algorithm="HS256")
tokens["wrong_audience"] = jwt.encode(claims(HS, "agent", "a1", aud="another-app"), secret, algorithm="HS256")
tokens["wrong_key"] = jwt.encode(claims(RSA, "supervisor", "lead-jane"), other_rsa, algorithm="RS256")
tokens["alg_none"] = jwt.encode(claims(HS, "admin", "mallory"), None, algorithm="none")
good = tokens["hs_agent"].split(".")
forged = b64(json.dumps(claims(HS, "admin", "mallory")).encode())
tokens["tampered"] = ".".join([good[0], forged, good[2]])
# Algorithm confusion: HS256 keyed with the RSA public key's PEM (PyJWT refuses to do it, so by hand).
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps(claims(RSA, "admin", "mallory")).encode())
mac = hmac.new(public_pem(rsa_key), f"{header}.{body}".encode(), hashlib.sha256).digest()
tokens["alg_confusion"] = f"{header}.{body}.{b64(mac)}"
tokens["missing_role"] = jwt.encode(claims(HS, None, "a1"), secret, algorithm="HS256")
tokens["unknown_agent"] = jwt.encode(claims(HS, "agent", "zed"), secret, algorithm="HS256")
print("TOKENS " + json.dumps(tokens))
"""#
}
