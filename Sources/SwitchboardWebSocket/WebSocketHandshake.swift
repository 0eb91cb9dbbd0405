import COpenSSL

/// The RFC 6455 §4 opening handshake for both roles. Works on plain header lists so this module
/// needs no HTTP types: pass `(name, value)` pairs as they arrived (any sequence of them).
public enum WebSocketHandshake {
    /// The GUID appended to the client's key before hashing (RFC 6455 §1.3).
    public static let magicGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// What a valid upgrade request asked for, and the headers of the 101 response.
    public struct Accepted: Sendable {
        /// The client's `Sec-WebSocket-Key`.
        public var key: String
        /// Subprotocols the client offered (`Sec-WebSocket-Protocol`), in order.
        public var requestedProtocols: [String]
        /// `Upgrade`, `Connection` and `Sec-WebSocket-Accept`, to send with status 101.
        public var responseHeaders: [(name: String, value: String)]
    }

    /// A client's upgrade request.
    public struct ClientRequest: Sendable {
        /// The random `Sec-WebSocket-Key` sent.
        public var key: String
        /// The `Sec-WebSocket-Accept` value the server must answer with.
        public var expectedAccept: String
        /// The request head, ready to write (ends with the blank line).
        public var bytes: [UInt8]
    }

    /// `Sec-WebSocket-Accept` for `key`: base64(SHA-1(key + GUID)).
    public static func acceptValue(forKey key: String) -> String {
        let input = Array((key + magicGUID).utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        input.withUnsafeBufferPointer { inputBuffer in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                _ = SHA1(inputBuffer.baseAddress, inputBuffer.count, digestBuffer.baseAddress)
            }
        }
        return base64(digest)
    }

    /// Standard base64 with padding, through OpenSSL.
    static func base64(_ bytes: [UInt8]) -> String {
        var output = [UInt8](repeating: 0, count: (bytes.count + 2) / 3 * 4 + 1)
        let written = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_EncodeBlock(out.baseAddress, input.baseAddress, Int32(input.count))
            }
        }
        return String(decoding: output.prefix(Int(max(written, 0))), as: UTF8.self)
    }

    // MARK: Server

    /// Checks an upgrade request (RFC 6455 §4.2.1) and returns the 101 response headers.
    ///
    /// - Parameters:
    ///   - method: the request method; must be GET.
    ///   - versionMajor: HTTP major version; HTTP/1.1 or later is required.
    ///   - versionMinor: HTTP minor version.
    ///   - headers: the request's header fields.
    /// - Throws: `WebSocketHandshakeError` carrying the status to answer: 405 for another
    ///   method, 426 (with `Sec-WebSocket-Version: 13`) for another protocol version, 400 otherwise.
    public static func acceptUpgrade(method: String, versionMajor: Int, versionMinor: Int,
                                     headers: some Sequence<(name: String, value: String)>) throws(WebSocketHandshakeError) -> Accepted {
        guard method == "GET" else {
            throw WebSocketHandshakeError(.methodNotGet, status: 405, detail: "method \(method) cannot upgrade, expected GET",
                                          responseHeaders: [("Allow", "GET")])
        }
        guard versionMajor > 1 || (versionMajor == 1 && versionMinor >= 1) else {
            throw WebSocketHandshakeError(.unsupportedHTTPVersion, status: 400,
                                          detail: "HTTP/\(versionMajor).\(versionMinor) cannot upgrade, expected HTTP/1.1")
        }
        var upgrade = false
        var connectionUpgrade = false
        var versions: [String] = []
        var keys: [String] = []
        var protocols: [String] = []
        for (name, value) in headers {
            if equalsIgnoringCase(name, "upgrade") {
                if containsToken(value, "websocket") { upgrade = true }
            } else if equalsIgnoringCase(name, "connection") {
                if containsToken(value, "upgrade") { connectionUpgrade = true }
            } else if equalsIgnoringCase(name, "sec-websocket-version") {
                versions.append(trimmed(value))
            } else if equalsIgnoringCase(name, "sec-websocket-key") {
                keys.append(trimmed(value))
            } else if equalsIgnoringCase(name, "sec-websocket-protocol") {
                protocols.append(contentsOf: tokens(value))
            }
        }
        guard upgrade else {
            throw WebSocketHandshakeError(.missingUpgrade, status: 400, detail: "Upgrade header does not name websocket")
        }
        guard connectionUpgrade else {
            throw WebSocketHandshakeError(.missingConnectionUpgrade, status: 400,
                                          detail: "Connection header lacks the upgrade token")
        }
        guard versions.count == 1, versions[0] == "13" else {
            let seen = versions.isEmpty ? "none" : versions.joined(separator: ", ")
            throw WebSocketHandshakeError(.unsupportedVersion, status: 426,
                                          detail: "Sec-WebSocket-Version \(seen), expected 13",
                                          responseHeaders: [("Sec-WebSocket-Version", "13")])
        }
        guard keys.count == 1, isValidKey(keys[0]) else {
            let seen = keys.isEmpty ? "missing" : "\"\(keys.joined(separator: ", ").prefix(64))\""
            throw WebSocketHandshakeError(.invalidKey, status: 400,
                                          detail: "Sec-WebSocket-Key \(seen), expected base64 of 16 bytes")
        }
        let key = keys[0]
        return Accepted(key: key, requestedProtocols: protocols, responseHeaders: [
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Accept", acceptValue(forKey: key)),
        ])
    }

    /// Whether `key` is the base64 encoding of exactly 16 bytes: 22 alphabet characters and "==".
    public static func isValidKey(_ key: String) -> Bool {
        let utf8 = Array(key.utf8)
        guard utf8.count == 24, utf8[22] == UInt8(ascii: "="), utf8[23] == UInt8(ascii: "=") else { return false }
        for byte in utf8[..<22] where !isBase64Character(byte) { return false }
        return true
    }

    // MARK: Client

    /// Builds a client upgrade request with a fresh random key.
    /// - Parameters:
    ///   - host: the `Host` header value (host, plus ":port" when not the default).
    ///   - path: the request target, e.g. "/v1/ws".
    ///   - protocols: subprotocols to offer, if any.
    ///   - extraHeaders: more fields (e.g. `Origin`, `Authorization`).
    public static func makeClientRequest(host: String, path: String, protocols: [String] = [],
                                         extraHeaders: [(name: String, value: String)] = []) -> ClientRequest {
        var generator = SystemRandomNumberGenerator()
        var nonce = [UInt8](repeating: 0, count: 16)
        for index in nonce.indices { nonce[index] = generator.next() }
        return makeClientRequest(host: host, path: path, key: base64(nonce), protocols: protocols,
                                 extraHeaders: extraHeaders)
    }

    /// Builds a client upgrade request with the given key (for tests and fixtures).
    public static func makeClientRequest(host: String, path: String, key: String, protocols: [String] = [],
                                         extraHeaders: [(name: String, value: String)] = []) -> ClientRequest {
        var head = "GET \(sanitized(path)) HTTP/1.1\r\n"
        head += "Host: \(sanitized(host))\r\n"
        head += "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        head += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        if !protocols.isEmpty { head += "Sec-WebSocket-Protocol: \(sanitized(protocols.joined(separator: ", ")))\r\n" }
        for (name, value) in extraHeaders { head += "\(sanitized(name)): \(sanitized(value))\r\n" }
        head += "\r\n"
        return ClientRequest(key: key, expectedAccept: acceptValue(forKey: key), bytes: Array(head.utf8))
    }

    /// Checks the server's answer to `request` (RFC 6455 §4.1): status 101, `Upgrade: websocket`,
    /// `Connection: upgrade`, the right `Sec-WebSocket-Accept`, and no extension or subprotocol
    /// that was not offered.
    /// - Returns: the subprotocol the server selected, if any.
    @discardableResult
    public static func validateServerResponse(status: Int, headers: some Sequence<(name: String, value: String)>,
                                              for request: ClientRequest,
                                              offeredProtocols: [String] = []) throws(WebSocketHandshakeError) -> String? {
        guard status == 101 else {
            throw WebSocketHandshakeError(.unexpectedStatus, status: 0, detail: "status \(status), expected 101")
        }
        var upgrade = false
        var connectionUpgrade = false
        var accept: String?
        var selectedProtocol: String?
        for (name, value) in headers {
            if equalsIgnoringCase(name, "upgrade") {
                if containsToken(value, "websocket") { upgrade = true }
            } else if equalsIgnoringCase(name, "connection") {
                if containsToken(value, "upgrade") { connectionUpgrade = true }
            } else if equalsIgnoringCase(name, "sec-websocket-accept") {
                accept = trimmed(value)
            } else if equalsIgnoringCase(name, "sec-websocket-extensions") {
                throw WebSocketHandshakeError(.unrequestedNegotiation, status: 0,
                                              detail: "server selected extensions \"\(value.prefix(64))\" that were not offered")
            } else if equalsIgnoringCase(name, "sec-websocket-protocol") {
                let selected = trimmed(value)
                guard offeredProtocols.contains(selected) else {
                    throw WebSocketHandshakeError(.unrequestedNegotiation, status: 0,
                                                  detail: "server selected subprotocol \"\(selected.prefix(64))\" that was not offered")
                }
                selectedProtocol = selected
            }
        }
        guard upgrade else {
            throw WebSocketHandshakeError(.missingUpgrade, status: 0, detail: "response Upgrade header does not name websocket")
        }
        guard connectionUpgrade else {
            throw WebSocketHandshakeError(.missingConnectionUpgrade, status: 0,
                                          detail: "response Connection header lacks the upgrade token")
        }
        guard accept == request.expectedAccept else {
            throw WebSocketHandshakeError(.invalidAccept, status: 0,
                                          detail: "Sec-WebSocket-Accept \(accept.map { "\"\($0.prefix(64))\"" } ?? "missing"), expected \"\(request.expectedAccept)\"")
        }
        return selectedProtocol
    }

    // MARK: Header helpers (ASCII, allocation-light)

    static func isBase64Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"): true
        default: false
        }
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// ASCII case-insensitive equality; `lowercaseExpected` must already be lowercase.
    static func equalsIgnoringCase(_ value: some StringProtocol, _ lowercaseExpected: String) -> Bool {
        value.utf8.elementsEqual(lowercaseExpected.utf8, by: { lowercased($0) == $1 })
    }

    static func trimmed(_ value: String) -> String {
        let utf8 = value.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        return String(value[first...last])
    }

    /// The comma-separated elements of a header value, trimmed, empty ones dropped.
    static func tokens(_ value: String) -> [String] {
        value.split(separator: ",").map { trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    /// Whether the comma-separated `value` contains `lowercaseToken`, ignoring case.
    static func containsToken(_ value: String, _ lowercaseToken: String) -> Bool {
        value.split(separator: ",").contains { equalsIgnoringCase(trimmed(String($0)), lowercaseToken) }
    }

    /// Strips CR and LF so caller-provided strings cannot inject header lines.
    static func sanitized(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { return value }
        return String(decoding: value.utf8.filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    }
}
