internal import COpenSSL

/// An OpenSSL context (`SSL_CTX`): server certificate and key, or client verification settings.
/// Immutable once created and shared by every connection that uses it.
public final class TLSContext: @unchecked Sendable {
    // OpenSSL allows SSL_new from many threads on a context that is no longer modified.
    let raw: OpaquePointer
    /// True for a server context.
    public let isServer: Bool

    private init(raw: OpaquePointer, isServer: Bool) {
        self.raw = raw
        self.isServer = isServer
        _ = sb_SSL_CTX_set_min_proto_version(raw, sb_TLS1_2_VERSION())
        _ = sb_SSL_CTX_set_mode(raw, sb_SSL_MODE_ENABLE_PARTIAL_WRITE() | sb_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER() | sb_SSL_MODE_RELEASE_BUFFERS())
        _ = sb_SSL_CTX_set_options(raw, sb_SSL_OP_NO_COMPRESSION() | sb_SSL_OP_IGNORE_UNEXPECTED_EOF())
    }

    deinit { SSL_CTX_free(raw) }

    /// A server context from PEM files.
    /// - Parameters:
    ///   - certificatePath: PEM certificate chain.
    ///   - privateKeyPath: PEM private key matching the certificate.
    public static func server(certificatePath: String, privateKeyPath: String) throws(SocketError) -> TLSContext {
        ERR_clear_error()
        guard let raw = SSL_CTX_new(TLS_server_method()) else {
            throw TLSContext.error("SSL_CTX_new")
        }
        let context = TLSContext(raw: raw, isServer: true)
        guard SSL_CTX_use_certificate_chain_file(raw, certificatePath) == 1 else {
            throw TLSContext.error("SSL_CTX_use_certificate_chain_file \(certificatePath)")
        }
        guard SSL_CTX_use_PrivateKey_file(raw, privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSContext.error("SSL_CTX_use_PrivateKey_file \(privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(raw) == 1 else {
            throw TLSContext.error("SSL_CTX_check_private_key")
        }
        return context
    }

    /// A client context.
    /// - Parameters:
    ///   - verifyPeer: check the server's certificate chain and host name (off only for tests
    ///     against self-signed certificates).
    ///   - trustedCertificatesPath: a PEM file of trusted roots; the system's default roots otherwise.
    public static func client(verifyPeer: Bool = true, trustedCertificatesPath: String? = nil) throws(SocketError) -> TLSContext {
        ERR_clear_error()
        guard let raw = SSL_CTX_new(TLS_client_method()) else {
            throw TLSContext.error("SSL_CTX_new")
        }
        let context = TLSContext(raw: raw, isServer: false)
        if verifyPeer {
            SSL_CTX_set_verify(raw, SSL_VERIFY_PEER, nil)
            if let path = trustedCertificatesPath {
                guard SSL_CTX_load_verify_locations(raw, path, nil) == 1 else {
                    throw TLSContext.error("SSL_CTX_load_verify_locations \(path)")
                }
            } else {
                _ = SSL_CTX_set_default_verify_paths(raw)
            }
        } else {
            SSL_CTX_set_verify(raw, SSL_VERIFY_NONE, nil)
        }
        return context
    }

    /// A ``SocketError/Kind/tls`` error with OpenSSL's queued error text.
    static func error(_ operation: String) -> SocketError {
        SocketError(kind: .tls, operation: operation, detail: lastErrorText())
    }

    static func lastErrorText() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            guard code != 0 else { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            messages.append(text)
        }
        return messages.isEmpty ? "unknown OpenSSL error" : messages.joined(separator: "; ")
    }
}
