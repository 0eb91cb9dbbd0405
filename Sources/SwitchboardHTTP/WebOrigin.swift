/// A web origin (RFC 6454): scheme, host and port, compared the way browsers mean them. The scheme
/// and host are lowercased and a missing port is the scheme's default, so `https://Agents.example`
/// and `https://agents.example:443` are the same origin.
public struct WebOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Lowercased scheme, e.g. `https`.
    public let scheme: String
    /// Lowercased host; an IPv6 literal keeps its brackets.
    public let host: String
    /// The port, or the scheme's default (80 for http/ws, 443 for https/wss); nil for other schemes without one.
    public let port: Int?

    /// Parses `scheme://host[:port]` as sent in an `Origin` field (one trailing `/` is tolerated);
    /// nil for anything else, including a path, credentials, or the opaque origin `null`.
    public init?(_ text: String) {
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        var authority = text[separator.upperBound...]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        self.init(scheme: String(scheme), authority: authority)
    }

    /// The origin of a request that arrived on this server: its scheme (`https` over TLS) and its
    /// `Host` field (`host[:port]`); nil when `host` is malformed.
    public init?(scheme: String, hostField: String) {
        self.init(scheme: scheme, authority: Substring(hostField))
    }

    private init?(scheme: String, authority: Substring) {
        let scheme = scheme.lowercased()
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ \t\\".contains($0) }) else { return nil }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII }) else { return nil }
        var port = Self.defaultPort(scheme)
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
    }

    private static func defaultPort(_ scheme: String) -> Int? {
        switch scheme {
        case "http", "ws": 80
        case "https", "wss": 443
        default: nil
        }
    }

    /// `scheme://host`, with `:port` when it is not the scheme's default.
    public var description: String {
        guard let port, port != Self.defaultPort(scheme) else { return "\(scheme)://\(host)" }
        return "\(scheme)://\(host):\(port)"
    }
}
