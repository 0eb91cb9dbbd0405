/// A response status line and header fields (parsed by `HTTPResponseParser`, or built for
/// `HTTPResponse`).
public struct HTTPResponseHead: Sendable, Equatable {
    public var version: HTTPVersion
    public var status: HTTPStatus
    public var headers: HTTPHeaders

    public init(status: HTTPStatus, version: HTTPVersion = .http1_1, headers: HTTPHeaders = []) {
        self.status = status
        self.version = version
        self.headers = headers
    }
}
