#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects the lines of a message head (start line, header fields, blank line) from bytes that
/// arrive in any split, enforcing the size limits as bytes come in so that a hostile peer cannot
/// make the reader buffer more than the limits allow. Shared by the request and response parsers.
struct HeadReader: Sendable {
    let maxStartLineLength: Int
    let maxHeadSize: Int
    let maxHeaderCount: Int
    /// The status to fail with when the start line is too long (414 for requests).
    let startLineTooLong: HTTPStatus

    /// The line being collected, without its LF.
    var line: [UInt8] = []
    /// The finished start line, once seen.
    var startLine: [UInt8]?
    var headers = HTTPHeaders()
    /// Bytes of the head consumed so far, line endings included.
    var headSize = 0

    init(maxStartLineLength: Int, maxHeadSize: Int, maxHeaderCount: Int, startLineTooLong: HTTPStatus) {
        self.maxStartLineLength = maxStartLineLength
        self.maxHeadSize = maxHeadSize
        self.maxHeaderCount = maxHeaderCount
        self.startLineTooLong = startLineTooLong
    }

    mutating func reset() {
        line.removeAll(keepingCapacity: true)
        startLine = nil
        headers = HTTPHeaders()
        headSize = 0
    }

    /// Consumes bytes from `index` up to the end of the head. Returns true once the blank line
    /// ending the head has been consumed (`index` then points just past it).
    mutating func consume(_ input: UnsafeRawBufferPointer, index: inout Int) throws(HTTPParseError) -> Bool {
        guard let inputBase = input.baseAddress else { return false }
        while index < input.count {
            let base = inputBase + index
            let available = input.count - index
            let newline = memchr(base, 0x0A, available).map { UnsafeRawPointer($0) - base }
            let chunkEnd = newline ?? available
            headSize += newline == nil ? chunkEnd : chunkEnd + 1
            try checkLimits(pendingLineLength: line.count + chunkEnd)
            line.append(contentsOf: UnsafeRawBufferPointer(start: base, count: chunkEnd))
            guard newline != nil else {
                index = input.count
                return false
            }
            index += chunkEnd + 1
            if line.last == 0x0D { line.removeLast() }
            if try finishLine() { return true }
        }
        return false
    }

    private func checkLimits(pendingLineLength: Int) throws(HTTPParseError) {
        if startLine == nil && pendingLineLength > maxStartLineLength {
            throw HTTPParseError(startLineTooLong.code == 414 ? .requestLineTooLong : .malformedStartLine, startLineTooLong,
                                 "start line longer than \(maxStartLineLength) bytes")
        }
        if headSize > maxHeadSize {
            throw HTTPParseError(.headTooLarge, .requestHeaderFieldsTooLarge,
                                 "message head of over \(maxHeadSize) bytes")
        }
    }

    /// Handles the complete line in `line`; true when it was the blank line ending the head.
    private mutating func finishLine() throws(HTTPParseError) -> Bool {
        defer { line.removeAll(keepingCapacity: true) }
        if startLine == nil {
            // RFC 9112 §2.2: ignore empty lines before the start line (bounded by maxHeadSize).
            if !line.isEmpty { startLine = line }
            return false
        }
        if line.isEmpty { return true }
        if headers.count >= maxHeaderCount {
            throw HTTPParseError(.tooManyHeaders, .requestHeaderFieldsTooLarge, "more than \(maxHeaderCount) header fields")
        }
        let field = line.withUnsafeBytes { Self.parseField($0) }
        switch field {
        case .success(let field): headers.add(name: field.name, value: field.value)
        case .failure(let error): throw error
        }
        return false
    }

    /// Parses `name: value` (RFC 9112 §5): a token name directly followed by the colon, a value of
    /// field characters with surrounding whitespace removed. Folded lines are refused.
    static func parseField(_ line: UnsafeRawBufferPointer) -> Result<(name: String, value: String), HTTPParseError> {
        let count = line.count
        guard count > 0 else { return .failure(HTTPParseError(.malformedHeader, .badRequest, "empty header line")) }
        if line[0] == 0x20 || line[0] == 0x09 {
            return .failure(HTTPParseError(.malformedHeader, .badRequest, "obsolete line folding in header section"))
        }
        var colon = 0
        while colon < count && line[colon] != UInt8(ascii: ":") {
            guard HTTPSyntax.isTokenCharacter(line[colon]) else {
                return .failure(HTTPParseError(.malformedHeader, .badRequest,
                                               "invalid header name \"\(preview(UnsafeRawBufferPointer(rebasing: line[..<min(count, colon + 1)])))\""))
            }
            colon += 1
        }
        guard colon < count else {
            return .failure(HTTPParseError(.malformedHeader, .badRequest, "header line without a colon: \"\(preview(line))\""))
        }
        guard colon > 0 else { return .failure(HTTPParseError(.malformedHeader, .badRequest, "header line with an empty name")) }
        var start = colon + 1
        var end = count
        while start < end && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        while end > start && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        var position = start
        while position < end {
            guard HTTPSyntax.isFieldValueCharacter(line[position]) else {
                return .failure(HTTPParseError(.malformedHeader, .badRequest,
                                               "header \"\(preview(UnsafeRawBufferPointer(rebasing: line[..<colon])))\" has a control character in its value"))
            }
            position += 1
        }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        return .success((name, value))
    }

    /// A short printable excerpt of untrusted bytes for error messages.
    static func preview(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
