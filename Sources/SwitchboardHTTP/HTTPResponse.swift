/// A response ready to serialize: status, header fields and a small in-memory body.
public struct HTTPResponse: Sendable, Equatable {
    public var head: HTTPResponseHead
    public var body: [UInt8]

    /// - Parameters:
    ///   - status: the status line's code and reason phrase.
    ///   - headers: fields to send; `Content-Length` is added when absent and the status allows a body.
    ///   - body: the body bytes.
    public init(status: HTTPStatus, headers: HTTPHeaders = [], body: [UInt8] = []) {
        self.head = HTTPResponseHead(status: status, headers: headers)
        self.body = body
    }

    /// Appends the status line, the fields and the body to `buffer`. CR and LF in names and
    /// values are replaced by spaces so no field can inject another.
    public func serialize(into buffer: inout [UInt8]) {
        Self.serializeHead(head, contentLength: head.status.allowsBody ? body.count : nil, into: &buffer)
        buffer.append(contentsOf: body)
    }

    /// The response in wire format.
    public var bytes: [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(128 + body.count)
        serialize(into: &buffer)
        return buffer
    }

    /// Appends a head to `buffer`, adding `Content-Length: contentLength` unless the head has one.
    /// Use it directly to stream a body (e.g. a file) after the head.
    public static func serializeHead(_ head: HTTPResponseHead, contentLength: Int?, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/\(head.version.major).\(head.version.minor) \(head.status.code) ".utf8)
        appendSanitized(head.status.reasonPhrase, to: &buffer)
        buffer.append(contentsOf: [0x0D, 0x0A])
        for (name, value) in head.headers {
            appendSanitized(name, to: &buffer)
            buffer.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            appendSanitized(value, to: &buffer)
            buffer.append(contentsOf: [0x0D, 0x0A])
        }
        if let contentLength, !head.headers.contains(name: "content-length") {
            buffer.append(contentsOf: "Content-Length: \(contentLength)\r\n".utf8)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
    }

    private static func appendSanitized(_ string: String, to buffer: inout [UInt8]) {
        for byte in string.utf8 {
            buffer.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte)
        }
    }

    // MARK: Canned responses

    /// A short plain-text response: the reason phrase (and `detail`, if given) as the body.
    /// - Parameters:
    ///   - status: the error status.
    ///   - detail: an extra line for the body (keep it free of secrets: the peer sees it).
    ///   - headers: extra fields (e.g. `Allow`).
    ///   - closeConnection: adds `Connection: close`.
    public static func plainText(_ status: HTTPStatus, detail: String? = nil, headers: HTTPHeaders = [],
                                 closeConnection: Bool = false) -> HTTPResponse {
        var fields = headers
        fields.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        if closeConnection { fields.add(name: "Connection", value: "close") }
        var text = "\(status.code) \(status.reasonPhrase)\n"
        if let detail { text += detail + "\n" }
        return HTTPResponse(status: status, headers: fields, body: Array(text.utf8))
    }

    /// 400 Bad Request; closes the connection (the framing can no longer be trusted).
    public static func badRequest(detail: String? = nil) -> HTTPResponse {
        plainText(.badRequest, detail: detail, closeConnection: true)
    }

    /// 404 Not Found.
    public static func notFound() -> HTTPResponse { plainText(.notFound) }

    /// 405 Method Not Allowed with the `Allow` field listing `allowed`.
    public static func methodNotAllowed(allowed: [String]) -> HTTPResponse {
        plainText(.methodNotAllowed, headers: [("Allow", allowed.joined(separator: ", "))])
    }

    /// 413 Content Too Large; closes the connection (the body was not read).
    public static func contentTooLarge() -> HTTPResponse { plainText(.contentTooLarge, closeConnection: true) }

    /// 426 Upgrade Required with `Sec-WebSocket-Version: 13` (RFC 6455 §4.4).
    public static func upgradeRequired() -> HTTPResponse {
        plainText(.upgradeRequired, headers: [("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13")],
                  closeConnection: true)
    }

    /// 431 Request Header Fields Too Large; closes the connection.
    public static func requestHeaderFieldsTooLarge() -> HTTPResponse {
        plainText(.requestHeaderFieldsTooLarge, closeConnection: true)
    }

    /// The response for a parse error: its status, a one-line reason naming the problem (e.g. the
    /// body size and the limit for 413), and `Connection: close`.
    public static func error(for error: HTTPParseError) -> HTTPResponse {
        plainText(error.status, detail: error.detail, closeConnection: true)
    }
}
