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
        while index < input.count {
            let rest = UnsafeRawBufferPointer(rebasing: input[index...])
            let newline = rest.firstIndex(of: 0x0A)
            let chunkEnd = newline ?? rest.count
            headSize += newline == nil ? chunkEnd : chunkEnd + 1
            try checkLimits(pendingLineLength: line.count + chunkEnd)
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<chunkEnd]))
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
        try parseField()
        return false
    }

    private mutating func parseField() throws(HTTPParseError) {
        let first = line[0]
        if first == 0x20 || first == 0x09 {
            throw HTTPParseError(.malformedHeader, .badRequest, "obsolete line folding in header section")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HTTPParseError(.malformedHeader, .badRequest, "header line without a colon: \"\(Self.preview(line))\"")
        }
        let nameBytes = line[..<colon]
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(HTTPSyntax.isTokenCharacter) else {
            throw HTTPParseError(.malformedHeader, .badRequest, "invalid header name \"\(Self.preview(nameBytes))\"")
        }
        let valueBytes = HTTPHeaders.trimmed(line[(colon + 1)...])
        guard valueBytes.allSatisfy(HTTPSyntax.isFieldValueCharacter) else {
            throw HTTPParseError(.malformedHeader, .badRequest,
                                 "header \"\(Self.preview(nameBytes))\" has a control character in its value")
        }
        if headers.count >= maxHeaderCount {
            throw HTTPParseError(.tooManyHeaders, .requestHeaderFieldsTooLarge, "more than \(maxHeaderCount) header fields")
        }
        headers.add(name: String(decoding: nameBytes, as: UTF8.self), value: String(decoding: valueBytes, as: UTF8.self))
    }

    /// A short printable excerpt of untrusted bytes for error messages.
    static func preview(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}

/// Character classes of RFC 9110 §5.6.
enum HTTPSyntax {
    /// tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    @inline(__always)
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// field-vchar / SP / HTAB, with obs-text (0x80–0xFF) allowed.
    @inline(__always)
    static func isFieldValueCharacter(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// Characters allowed in a request target: visible ASCII.
    @inline(__always)
    static func isTargetCharacter(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    /// Parses "HTTP/d.d"; nil if malformed.
    static func parseVersion(_ bytes: some Collection<UInt8>) -> HTTPVersion? {
        let bytes = Array(bytes)
        guard bytes.count == 8, bytes[0..<5].elementsEqual("HTTP/".utf8), bytes[6] == UInt8(ascii: "."),
              isDigit(bytes[5]), isDigit(bytes[7]) else { return nil }
        return HTTPVersion(major: Int(bytes[5] - UInt8(ascii: "0")), minor: Int(bytes[7] - UInt8(ascii: "0")))
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
