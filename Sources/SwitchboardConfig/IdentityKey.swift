public import JWTKit

/// One key an identity provider signs tokens with, parsed when the configuration is loaded.
///
/// Each key verifies exactly one algorithm, fixed by the key itself (a shared secret: HS256; an RSA
/// public key: RS256; a P-256 public key: ES256; a JWK: its `alg`, else its type's), so a token
/// naming any other algorithm for it (`none`, HS256 against an RSA key) is refused before its
/// signature is looked at. Equality compares the algorithm, `kid` and key bytes, which is what a
/// reload needs to notice a rotated key; descriptions never show secret material.
public struct IdentityKey: Sendable, Hashable, CustomStringConvertible {
    /// The signature algorithms Switchboard accepts.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case hs256 = "HS256"
        case rs256 = "RS256"
        case es256 = "ES256"
    }

    /// The key itself, ready for jwt-kit.
    public enum Material: Sendable {
        case hmac(HMACKey)
        case rsa(Insecure.RSA.PublicKey)
        case ecdsa(ES256PublicKey)
    }

    public let algorithm: Algorithm
    /// The JWK `kid` (keys from a JWKS file); nil for a single key.
    public let kid: String?
    public let material: Material
    /// What equality and hashing compare: the secret bytes or the public key's DER.
    private let fingerprint: [UInt8]

    public init(secret: [UInt8], kid: String? = nil) {
        algorithm = .hs256
        self.kid = kid
        material = .hmac(HMACKey(from: secret))
        fingerprint = secret
    }

    public init(rsa key: Insecure.RSA.PublicKey, kid: String? = nil) {
        algorithm = .rs256
        self.kid = kid
        material = .rsa(key)
        fingerprint = Array(key.derRepresentation)
    }

    public init(ecdsa key: ES256PublicKey, kid: String? = nil) {
        algorithm = .es256
        self.kid = kid
        material = .ecdsa(key)
        fingerprint = Array(key.pemRepresentation.utf8)
    }

    public static func == (lhs: IdentityKey, rhs: IdentityKey) -> Bool {
        lhs.algorithm == rhs.algorithm && lhs.kid == rhs.kid && lhs.fingerprint == rhs.fingerprint
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(algorithm)
        hasher.combine(kid)
        hasher.combine(fingerprint)
    }

    public var description: String {
        "\(algorithm.rawValue) key" + (kid.map { " \"\($0)\"" } ?? "")
    }
}
