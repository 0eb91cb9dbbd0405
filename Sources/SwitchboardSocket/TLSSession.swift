internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// One connection's OpenSSL state (`SSL`), reading and writing the non-blocking descriptor directly.
/// Confined to the connection's loop.
final class TLSSession {
    enum Progress {
        case done
        case wantRead
        case wantWrite
        case failed(SocketError)
    }

    enum IO {
        case bytes(Int)
        case wantRead
        case wantWrite
        case endOfStream
        case failed(SocketError)
    }

    private let ssl: OpaquePointer

    init(context: TLSContext, descriptor: Int32, serverName: String?) throws(SocketError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.raw) else { throw TLSContext.error("SSL_new") }
        self.ssl = ssl
        guard SSL_set_fd(ssl, descriptor) == 1 else { throw TLSContext.error("SSL_set_fd") }
        if context.isServer {
            SSL_set_accept_state(ssl)
        } else {
            if let serverName, !serverName.isEmpty, !serverName.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) {
                _ = sb_SSL_set_tlsext_host_name(ssl, serverName)
                _ = SSL_set1_host(ssl, serverName)
            }
            SSL_set_connect_state(ssl)
        }
    }

    deinit { SSL_free(ssl) }

    func handshake() -> Progress {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .done }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_SYSCALL:
            let code = errno
            let detail = code == 0 ? "peer closed during handshake" : String(cString: strerror(code))
            return .failed(SocketError(kind: .tls, operation: "SSL_do_handshake", errno: code, detail: detail))
        default:
            return .failed(TLSContext.error("SSL_do_handshake"))
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IO {
        ERR_clear_error()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if result > 0 { return .bytes(Int(result)) }
        return classify(result, operation: "SSL_read")
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> IO {
        ERR_clear_error()
        let result = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        if result > 0 { return .bytes(Int(result)) }
        return classify(result, operation: "SSL_write")
    }

    /// Sends close_notify without waiting for the peer's (the descriptor is closed next).
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    private func classify(_ result: Int32, operation: String) -> IO {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .endOfStream
        case SSL_ERROR_SYSCALL:
            let code = errno
            if code == 0 { return .endOfStream }
            return .failed(SocketError.makeFailed(operation, errno: code))
        default:
            let error = TLSContext.error(operation)
            // OpenSSL 3 reports an EOF without close_notify as an SSL error; treat it as end of stream.
            if error.detail.contains("unexpected eof") { return .endOfStream }
            return .failed(error)
        }
    }
}

@available(*, unavailable)
extension TLSSession: Sendable {}
