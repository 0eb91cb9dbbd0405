/// Incremental HTTP/1.1 request parser (RFC 9112) for a server: request line, header fields and a
/// `Content-Length` body, in any split of the input, with limits enforced while bytes arrive.
///
/// Drive it from a read buffer; `index` stops right after each request, so pipelined requests
/// parse one by one and, after a WebSocket upgrade, the bytes from `index` on belong to the
/// WebSocket parser:
/// ```
/// var index = 0
/// while let request = try parser.nextRequest(from: bytes, index: &index) { respond(to: request) }
/// ```
/// On error, answer with `HTTPResponse.error(for:)` and close: the parser stays failed.
public struct HTTPRequestParser: Sendable {
    /// Size limits; each names the status it fails with.
    public struct Limits: Sendable, Hashable {
        /// Longest request line (method, target, version) → 414.
        public var maxRequestLineLength: Int
        /// Largest head, request line and fields together → 431.
        public var maxHeadSize: Int
        /// Most header fields → 431.
        public var maxHeaderCount: Int
        /// Largest `Content-Length` body → 413.
        public var maxBodySize: Int

        /// - Parameters:
        ///   - maxRequestLineLength: default 8 KiB.
        ///   - maxHeadSize: default 16 KiB.
        ///   - maxHeaderCount: default 100.
        ///   - maxBodySize: default 1 MiB.
        public init(maxRequestLineLength: Int = 8 << 10, maxHeadSize: Int = 16 << 10,
                    maxHeaderCount: Int = 100, maxBodySize: Int = 1 << 20) {
            self.maxRequestLineLength = maxRequestLineLength
            self.maxHeadSize = maxHeadSize
            self.maxHeaderCount = maxHeaderCount
            self.maxBodySize = maxBodySize
        }
    }

    enum State {
        case head
        case body(HTTPRequestHead, length: Int)
        case failed(HTTPParseError)
    }

    public let limits: Limits
    var reader: HeadReader
    var state: State = .head
    var body: [UInt8] = []

    public init(limits: Limits = Limits()) {
        self.limits = limits
        self.reader = HeadReader(maxStartLineLength: limits.maxRequestLineLength, maxHeadSize: limits.maxHeadSize,
                                 maxHeaderCount: limits.maxHeaderCount, startLineTooLong: .uriTooLong)
    }

    /// True when no partial request is buffered.
    public var isAtRequestBoundary: Bool {
        if case .head = state { return reader.startLine == nil && reader.headSize == 0 }
        return false
    }

    /// Consumes bytes of `input` from `index` and returns the next complete request, or nil once
    /// `input` is used up without completing one (the partial request is kept).
    /// - Throws: `HTTPParseError` carrying the status to answer; the parser then stays failed.
    public mutating func nextRequest(from input: UnsafeRawBufferPointer, index: inout Int) throws(HTTPParseError) -> HTTPRequest? {
        do {
            return try step(input, index: &index)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Parses every complete request in `bytes`, keeping a partial one for the next call.
    public mutating func requests(in bytes: [UInt8]) throws(HTTPParseError) -> [HTTPRequest] {
        var requests: [HTTPRequest] = []
        var index = 0
        var failure: HTTPParseError?
        bytes.withUnsafeBytes { buffer in
            do throws(HTTPParseError) {
                while let request = try nextRequest(from: buffer, index: &index) { requests.append(request) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return requests
    }

    private mutating func step(_ input: UnsafeRawBufferPointer, index: inout Int) throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .head:
                guard index < input.count, try reader.consume(input, index: &index) else { return nil }
                let head = try makeHead()
                reader.reset()
                let length = try bodyLength(of: head)
                if length == 0 { return HTTPRequest(head: head) }
                body = []
                // Grows as bytes arrive: a declared length alone does not commit memory.
                body.reserveCapacity(min(length, 16 << 10))
                state = .body(head, length: length)
            case .body(let head, let length):
                let taken = min(length - body.count, input.count - index)
                if taken > 0 {
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<(index + taken)]))
                    index += taken
                }
                guard body.count == length else { return nil }
                state = .head
                let request = HTTPRequest(head: head, body: body)
                body = []
                return request
            }
        }
    }

    private func makeHead() throws(HTTPParseError) -> HTTPRequestHead {
        let requestLine = (reader.startLine ?? []).withUnsafeBytes { Self.parseRequestLine($0) }
        let (method, target, version) = try requestLine.get()
        let head = HTTPRequestHead(method: method, target: target, version: version, headers: reader.headers)
        let hosts = head.headers.values(forName: "host")
        if hosts.count > 1 || (version.minor >= 1 && hosts.isEmpty) {
            throw HTTPParseError(.invalidHost, .badRequest, "\(hosts.count) Host fields, expected exactly one")
        }
        return head
    }

    /// Splits `method SP target SP HTTP/d.d` (RFC 9112 §3), each part checked.
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) -> Result<(String, String, HTTPVersion), HTTPParseError> {
        let firstSpace = HTTPSyntax.space(in: line, from: 0)
        let secondSpace = HTTPSyntax.space(in: line, from: min(firstSpace + 1, line.count))
        guard secondSpace < line.count else {
            return .failure(HTTPParseError(.malformedStartLine, .badRequest,
                                           "request line \"\(HeadReader.preview(line))\" is not method, target, version"))
        }
        let method = UnsafeRawBufferPointer(rebasing: line[..<firstSpace])
        let target = UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        let versionBytes = UnsafeRawBufferPointer(rebasing: line[(secondSpace + 1)...])
        guard !method.isEmpty, method.allSatisfy(HTTPSyntax.isTokenCharacter) else {
            return .failure(HTTPParseError(.malformedStartLine, .badRequest, "invalid method \"\(HeadReader.preview(method))\""))
        }
        guard !target.isEmpty, target.allSatisfy(HTTPSyntax.isTargetCharacter) else {
            return .failure(HTTPParseError(.malformedStartLine, .badRequest, "invalid request target \"\(HeadReader.preview(target))\""))
        }
        guard let version = HTTPSyntax.parseVersion(versionBytes) else {
            return .failure(HTTPParseError(.malformedStartLine, .badRequest, "invalid HTTP version \"\(HeadReader.preview(versionBytes))\""))
        }
        guard version.major == 1 else {
            return .failure(HTTPParseError(.unsupportedVersion, .httpVersionNotSupported, "\(version) is not supported, expected HTTP/1.x"))
        }
        return .success((String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self), version))
    }

    /// The body length the head declares (RFC 9112 §6.3), checked against the limit.
    private func bodyLength(of head: HTTPRequestHead) throws(HTTPParseError) -> Int {
        if head.headers.contains(name: "transfer-encoding") {
            // Bodies here are small; chunked uploads are not needed, so refuse them plainly.
            if head.version.minor == 0 {
                throw HTTPParseError(.unsupportedTransferEncoding, .badRequest, "Transfer-Encoding in an HTTP/1.0 request")
            }
            throw HTTPParseError(.unsupportedTransferEncoding, .notImplemented,
                                 "Transfer-Encoding \"\(HeadReader.preview(head.headers["transfer-encoding"]?.utf8 ?? "".utf8))\" is not supported; send Content-Length")
        }
        var length: Int?
        for value in head.headers.values(forName: "content-length") {
            for element in value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let digits = HTTPHeaders.trimmed(element)
                guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(HTTPSyntax.isDigit) else {
                    throw HTTPParseError(.invalidContentLength, .badRequest, "Content-Length \"\(HeadReader.preview(value.utf8))\" is not a number")
                }
                let parsed = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                if let length, length != parsed {
                    throw HTTPParseError(.invalidContentLength, .badRequest, "conflicting Content-Length values \(length) and \(parsed)")
                }
                length = parsed
            }
        }
        let declared = length ?? 0
        if declared > limits.maxBodySize {
            throw HTTPParseError(.bodyTooLarge, .contentTooLarge, "body of \(declared) bytes exceeds the limit of \(limits.maxBodySize)")
        }
        return declared
    }
}
