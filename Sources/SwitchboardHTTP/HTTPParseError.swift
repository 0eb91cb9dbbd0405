/// Why a message head or body could not be parsed, with the status a server should answer with
/// before closing the connection.
public struct HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which rule was broken.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let requestLineTooLong = Code("requestLineTooLong")
        public static let headTooLarge = Code("headTooLarge")
        public static let tooManyHeaders = Code("tooManyHeaders")
        public static let malformedStartLine = Code("malformedStartLine")
        public static let malformedHeader = Code("malformedHeader")
        public static let unsupportedVersion = Code("unsupportedVersion")
        public static let invalidContentLength = Code("invalidContentLength")
        public static let bodyTooLarge = Code("bodyTooLarge")
        public static let unsupportedTransferEncoding = Code("unsupportedTransferEncoding")
        public static let invalidHost = Code("invalidHost")
    }

    public let code: Code
    /// The status to respond with (400, 413, 414, 431, 501, 505).
    public let status: HTTPStatus
    /// What was seen and which limit applied.
    public let detail: String

    init(_ code: Code, _ status: HTTPStatus, _ detail: String) {
        self.code = code
        self.status = status
        self.detail = detail
    }

    public var description: String { "\(code) (\(status.code)): \(detail)" }
}
