public import SwitchboardConfig
public import SwitchboardMessages
public import SwitchboardWebSocket

/// The protocol rules of one connection, with no I/O: decoding, the hello handshake, role
/// permissions (checked here, once), malformed input and binary frames. The connection feeds it
/// frames on its own loop and carries out its steps.
public struct ConnectionGate: Sendable {
    public enum Phase: Sendable, Equatable {
        case awaitingHello
        case greeted(Principal)
        case closed
    }

    /// What the connection does next.
    public enum Step: Sendable, Equatable {
        /// Authenticate this token (then call ``greeted(_:)`` or ``refused(ref:code:message:)``).
        case hello(token: String, ref: String?)
        /// A well-formed request the role may send: hand it to the routing owner.
        case request(HubRequest, ref: String?)
        /// An admin's `reload`: carried out by the connection, off the routing thread.
        case reload(ref: String?)
        /// Answer and stay open.
        case reply(ServerMessage)
        /// Optionally answer, then close with `code`.
        case close(reply: ServerMessage?, code: WebSocketCloseCode, reason: String)
        /// Nothing to do (the connection is already closing).
        case ignore
    }

    public private(set) var phase: Phase = .awaitingHello

    public init() {}

    /// A text message arrived: its payload bytes (UTF-8, checked by the WebSocket layer).
    public mutating func message(_ payload: some Collection<UInt8>) -> Step {
        guard phase != .closed else { return .ignore }
        let envelope: ClientEnvelope
        do {
            envelope = try MessageDecoder.decode(payload)
        } catch {
            return .reply(.error(error))
        }
        switch (phase, envelope.message) {
        case (.awaitingHello, .hello(let token)):
            return .hello(token: token, ref: envelope.ref)
        case (.awaitingHello, _):
            phase = .closed
            return .close(reply: .error(ProtocolError(.unauthorized, "the first message must be hello with a token", ref: envelope.ref)),
                          code: .policyViolation, reason: "hello required")
        case (.greeted, .hello):
            return .reply(.error(ProtocolError(.conflict, "hello was already accepted on this connection", ref: envelope.ref)))
        case (.greeted(let principal), .reload) where principal.role == .admin:
            return .reload(ref: envelope.ref)
        case (.greeted(let principal), let message):
            guard let request = principal.role.request(message) else {
                return .reply(.error(ProtocolError(.forbidden, "role \(principal.role) may not send \(message.type)", ref: envelope.ref)))
            }
            return .request(request, ref: envelope.ref)
        case (.closed, _):
            return .ignore
        }
    }

    /// A text message arrived over the connection's message rate: refused without being handled
    /// (the reply echoes its `ref` when the message is readable).
    public mutating func rateLimited(_ payload: some Collection<UInt8>, refusal: String) -> Step {
        guard phase != .closed else { return .ignore }
        let ref = (try? MessageDecoder.decode(payload))?.ref
        return .reply(.error(ProtocolError(.limitExceeded, refusal, ref: ref)))
    }

    /// A binary message arrived: the protocol is text only.
    public mutating func binary() -> Step {
        guard phase != .closed else { return .ignore }
        phase = .closed
        return .close(reply: nil, code: .unsupportedData, reason: "binary frames are not supported")
    }

    /// The token authenticated `principal`.
    public mutating func greeted(_ principal: Principal) {
        if phase == .awaitingHello { phase = .greeted(principal) }
    }

    /// The login is refused: an unknown token, an admin-only place, an address locked out.
    public mutating func refused(ref: String?, code: ErrorCode = .unauthorized, message: String = "unknown token") -> Step {
        phase = .closed
        let reason = code == .unauthorized ? "unauthorized" : "login refused"
        return .close(reply: .error(ProtocolError(code, message, ref: ref)), code: .policyViolation, reason: reason)
    }

    /// The hello deadline passed.
    public mutating func helloTimedOut() -> Step {
        guard phase == .awaitingHello else { return .ignore }
        phase = .closed
        return .close(reply: nil, code: .policyViolation, reason: "no hello in time")
    }

    /// The connection is closing or closed.
    public mutating func closed() {
        phase = .closed
    }
}
