import Foundation
import JWTKit

/// Reads an identity provider's keys from their source and checks them: a shared secret long
/// enough for HS256, a PEM public key (RSA of 2048 bits or more, or P-256), or a JWKS file whose
/// keys each have a `kid`. Every failure is an ``IdentityKeyError`` saying what is wrong.
enum IdentityKeyReader {
    /// HS256 secrets shorter than the hash (RFC 7518 §3.2) are refused.
    static let minimumSecretBytes = 32
    /// Key files are small; anything larger is not one (and is not read whole).
    static let maximumFileBytes = 1 << 20

    /// The keys of `source`; `environment` is consulted for `secret_env`.
    static func keys(from source: IdentityProvider.KeySource, environment: [String: String]) throws(IdentityKeyError) -> [IdentityKey] {
        switch source {
        case .secretFile(let path):
            return [try secret(read(path), origin: "the file \(path)")]
        case .secretEnvironment(let name):
            guard let value = environment[name] else {
                throw IdentityKeyError("the environment variable \(name) is not set")
            }
            return [try secret(Array(value.utf8), origin: "the environment variable \(name)")]
        case .publicKeyFile(let path):
            return [try publicKey(pem: String(decoding: read(path), as: UTF8.self))]
        case .jwksFile(let path):
            return try jwks(read(path))
        }
    }

    static func read(_ path: String) throws(IdentityKeyError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw IdentityKeyError("cannot read \(path): \(reason)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw IdentityKeyError("cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= maximumFileBytes else {
            throw IdentityKeyError("\(path) is larger than \(maximumFileBytes / 1024) KiB, too large for a key file")
        }
        return Array(data)
    }

    /// A shared secret: its bytes as they are (binary secrets too), without a final line break.
    static func secret(_ raw: [UInt8], origin: String) throws(IdentityKeyError) -> IdentityKey {
        var bytes = raw[...]
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= minimumSecretBytes else {
            throw IdentityKeyError("the HS256 secret in \(origin) has \(bytes.count) bytes; at least \(minimumSecretBytes) are needed")
        }
        return IdentityKey(secret: Array(bytes))
    }

    /// An RSA or P-256 public key (or certificate) in PEM form.
    static func publicKey(pem: String) throws(IdentityKeyError) -> IdentityKey {
        if pem.contains("PRIVATE KEY-----") {
            throw IdentityKeyError("the PEM holds a private key; give the public key (openssl pkey -in KEY -pubout)")
        }
        guard pem.contains("-----BEGIN ") else {
            throw IdentityKeyError("not a PEM file (no -----BEGIN line)")
        }
        let isCertificate = pem.contains("-----BEGIN CERTIFICATE-----")
        if let key = try? (isCertificate ? Insecure.RSA.PublicKey(certificatePEM: pem) : Insecure.RSA.PublicKey(pem: pem)) {
            return IdentityKey(rsa: key)
        }
        if let key = try? (isCertificate ? ES256PublicKey(certificate: pem) : ES256PublicKey(pem: pem)) {
            return IdentityKey(ecdsa: key)
        }
        throw IdentityKeyError("not an RSA public key of 2048 bits or more (RS256) nor a P-256 public key (ES256) in PEM form")
    }

    /// One entry of a JWKS file, as far as Switchboard reads it.
    private struct JWKEntry: Decodable {
        var kty: String?
        var kid: String?
        var alg: String?
        var use: String?
        var n: String?
        var e: String?
        var crv: String?
        var x: String?
        var y: String?
        var d: String?
    }

    private struct JWKSet: Decodable {
        var keys: [JWKEntry]
    }

    /// The RS256 and ES256 signing keys of a JWKS file; keys for encryption (`use: enc`) or other
    /// algorithms are left out, but at least one must remain.
    static func jwks(_ bytes: [UInt8]) throws(IdentityKeyError) -> [IdentityKey] {
        let set: JWKSet
        do {
            set = try JSONDecoder().decode(JWKSet.self, from: Data(bytes))
        } catch {
            throw IdentityKeyError("not a JSON Web Key Set (expected {\"keys\": [...]}): \(describe(error))")
        }
        var keys: [IdentityKey] = []
        var kids: Set<String> = []
        for (index, entry) in set.keys.enumerated() {
            let name = "key \(index)" + (entry.kid.map { " (kid \"\($0)\")" } ?? "")
            if entry.use == "enc" { continue }
            guard let kty = entry.kty else { throw IdentityKeyError("\(name) has no \"kty\"") }
            let algorithm: IdentityKey.Algorithm
            switch (kty, entry.alg) {
            case ("RSA", nil), ("RSA", "RS256"): algorithm = .rs256
            case ("EC", nil) where entry.crv == "P-256", ("EC", "ES256"): algorithm = .es256
            case ("RSA", let alg?) where alg.hasPrefix("ES") || alg.hasPrefix("HS"),
                 ("EC", let alg?) where alg.hasPrefix("RS") || alg.hasPrefix("PS") || alg.hasPrefix("HS"):
                throw IdentityKeyError("\(name): algorithm \(alg) does not fit key type \(kty)")
            default: continue  // another algorithm or key type: not used here
            }
            guard let kid = entry.kid, !kid.isEmpty else {
                throw IdentityKeyError("\(name) has no \"kid\" (tokens name their key by it)")
            }
            guard kids.insert(kid).inserted else { throw IdentityKeyError("\(name): kid \"\(kid)\" appears more than once") }
            guard entry.d == nil else {
                throw IdentityKeyError("\(name) holds a private key; a JWKS file for verification holds public keys only")
            }
            switch algorithm {
            case .rs256:
                guard let n = entry.n, let e = entry.e else { throw IdentityKeyError("\(name) lacks \"n\" or \"e\"") }
                guard let key = try? Insecure.RSA.PublicKey(modulus: n, exponent: e) else {
                    throw IdentityKeyError("\(name) is not a valid RSA public key of 2048 bits or more")
                }
                keys.append(IdentityKey(rsa: key, kid: kid))
            case .es256:
                guard entry.crv == "P-256" else {
                    throw IdentityKeyError("\(name): ES256 needs curve P-256, got \(entry.crv ?? "none")")
                }
                guard let x = entry.x, let y = entry.y else { throw IdentityKeyError("\(name) lacks \"x\" or \"y\"") }
                guard let key = try? ES256PublicKey(parameters: (x, y)) else {
                    throw IdentityKeyError("\(name) is not a valid P-256 public key")
                }
                keys.append(IdentityKey(ecdsa: key, kid: kid))
            case .hs256:
                continue
            }
        }
        guard !keys.isEmpty else {
            throw IdentityKeyError("the set holds no RS256 or ES256 signing key")
        }
        return keys
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}

/// Why an identity provider's key could not be used.
struct IdentityKeyError: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
