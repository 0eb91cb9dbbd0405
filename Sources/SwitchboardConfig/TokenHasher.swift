import COpenSSL

/// Hashes client tokens with SHA-256 (OpenSSL), the form credentials are stored and compared in.
public enum TokenHasher {
    /// `sha256:<hex>` of the token's UTF-8 bytes.
    public static func hash(_ token: String) -> String {
        digest(token).description
    }

    /// The digest of the token's UTF-8 bytes.
    public static func digest(_ token: String) -> TokenHash {
        digest(Array(token.utf8))
    }

    /// The digest of raw bytes.
    public static func digest(_ bytes: [UInt8]) -> TokenHash {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                _ = SHA256(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return TokenHash(digest: out)
    }
}
