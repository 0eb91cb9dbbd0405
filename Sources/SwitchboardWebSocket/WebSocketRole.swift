/// Which end of the connection this endpoint is. Servers receive masked frames and send unmasked
/// ones; clients the reverse (RFC 6455 §5.1).
public enum WebSocketRole: Sendable, Hashable {
    case server
    case client
}
