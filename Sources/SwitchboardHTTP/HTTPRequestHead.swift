/// A parsed request line and header fields.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, case-sensitive ("GET").
    public var method: String
    /// The request target as sent (origin form: "/path?query").
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders

    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The target's path, without the query.
    public var path: Substring {
        target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// The target's query (after "?"), if any.
    public var query: Substring? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: mark)...]
    }

    /// Whether the connection stays open after the response (RFC 9112 §9.3): HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        if headers.containsToken("close", inField: "connection") { return false }
        if version.major == 1 && version.minor == 0 { return headers.containsToken("keep-alive", inField: "connection") }
        return version.major >= 1
    }

    /// Whether the request asks to switch to WebSocket (`Upgrade: websocket` with
    /// `Connection: upgrade`); the full check is `WebSocketHandshake.acceptUpgrade`.
    public var isWebSocketUpgrade: Bool {
        headers.containsToken("websocket", inField: "upgrade") && headers.containsToken("upgrade", inField: "connection")
    }
}
