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
        let line = reader.startLine ?? []
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let version = HTTPSyntax.parseVersion(parts[0]), version.major == 1,
              parts[1].count == 3, parts[1].allSatisfy(HTTPSyntax.isDigit) else {
            throw HTTPParseError(.malformedStartLine, .badRequest, "invalid status line \"\(HeadReader.preview(line))\"")
        }
        let code = parts[1].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let reason = parts.count == 3 ? String(decoding: parts[2], as: UTF8.self) : ""
        return HTTPResponseHead(status: HTTPStatus(code: code, reasonPhrase: reason), version: version,
                                headers: reader.headers)
    }
}
