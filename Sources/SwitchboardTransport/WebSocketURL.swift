import SwitchboardSocket

/// A parsed `ws://` or `wss://` URL.
public struct WebSocketURL: Sendable, Hashable {
    public var secure: Bool
    public var host: String
    public var port: Int
    /// Path and query, starting with "/".
    public var target: String

    /// Parses `ws://host[:port][/path][?query]` or `wss://…`; IPv6 hosts in brackets.
    public init(_ string: String) throws(SocketError) {
        let secure: Bool
        let rest: Substring
        if string.hasPrefix("ws://") {
            secure = false
            rest = string.dropFirst(5)
        } else if string.hasPrefix("wss://") {
            secure = true
            rest = string.dropFirst(6)
        } else {
            throw SocketError(kind: .invalidAddress, operation: "WebSocket URL", detail: "\(string) does not start with ws:// or wss://")
        }
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<slash]
        var target = String(rest[slash...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw SocketError(kind: .invalidAddress, operation: "WebSocket URL", detail: "unterminated IPv6 host in \(string)")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else {
            throw SocketError(kind: .invalidAddress, operation: "WebSocket URL", detail: "no host in \(string)")
        }
        var port = secure ? 443 : 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw SocketError(kind: .invalidAddress, operation: "WebSocket URL", detail: "port \(portText) in \(string) is not 1...65535")
            }
            port = value
        }
        self.secure = secure
        self.host = String(host)
        self.port = port
        self.target = target
    }

    /// The `Host` header value: the host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
    }
}
