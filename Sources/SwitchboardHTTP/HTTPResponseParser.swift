/// Incremental parser for a response head (status line and header fields), enough for a client
/// to check a WebSocket upgrade answer. Bodies are not read: after the head, `index` points at
/// whatever follows (WebSocket frames after a 101).
public struct HTTPResponseParser: Sendable {
    enum State {
        case head
        case failed(HTTPParseError)
    }

    var reader: HeadReader
    var state: State = .head

    /// - Parameters:
    ///   - maxHeadSize: largest head accepted (default 16 KiB).
    ///   - maxHeaderCount: most header fields accepted (default 100).
    public init(maxHeadSize: Int = 16 << 10, maxHeaderCount: Int = 100) {
        reader = HeadReader(maxStartLineLength: min(maxHeadSize, 8 << 10), maxHeadSize: maxHeadSize,
                            maxHeaderCount: maxHeaderCount, startLineTooLong: .badRequest)
    }

    /// Consumes bytes from `index` and returns the head once complete, or nil when `input` is
    /// used up first. `index` stops right after the head's blank line.
    public mutating func nextHead(from input: UnsafeRawBufferPointer, index: inout Int) throws(HTTPParseError) -> HTTPResponseHead? {
        if case .failed(let error) = state { throw error }
        do {
            guard index < input.count, try reader.consume(input, index: &index) else { return nil }
            let head = try makeHead()
            reader.reset()
            return head
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Parses a response head from `bytes`; also returns how many bytes it used.
    public mutating func parse(_ bytes: [UInt8]) throws(HTTPParseError) -> (head: HTTPResponseHead, consumed: Int)? {
        var index = 0
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) in try nextHead(from: buffer, index: &index) }
        }
        return try result.get().map { ($0, index) }
    }

    private func makeHead() throws(HTTPParseError) -> HTTPResponseHead {
        let statusLine = (reader.startLine ?? []).withUnsafeBytes { Self.parseStatusLine($0) }
        let (version, status) = try statusLine.get()
        return HTTPResponseHead(status: status, version: version, headers: reader.headers)
    }

    /// Splits `HTTP/d.d SP 3DIGIT [SP reason]` (RFC 9112 §4); the reason may be empty or absent.
    static func parseStatusLine(_ line: UnsafeRawBufferPointer) -> Result<(HTTPVersion, HTTPStatus), HTTPParseError> {
        let firstSpace = HTTPSyntax.space(in: line, from: 0)
        let secondSpace = HTTPSyntax.space(in: line, from: min(firstSpace + 1, line.count))
        var malformed: HTTPParseError {
            HTTPParseError(.malformedStartLine, .badRequest, "invalid status line \"\(HeadReader.preview(line))\"")
        }
        guard firstSpace < line.count,
              let version = HTTPSyntax.parseVersion(UnsafeRawBufferPointer(rebasing: line[..<firstSpace])), version.major == 1 else {
            return .failure(malformed)
        }
        let code = UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        guard code.count == 3, code.allSatisfy(HTTPSyntax.isDigit) else { return .failure(malformed) }
        let value = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let reason = secondSpace < line.count ? String(decoding: UnsafeRawBufferPointer(rebasing: line[(secondSpace + 1)...]), as: UTF8.self) : ""
        return .success((version, HTTPStatus(code: value, reasonPhrase: reason)))
    }
}
