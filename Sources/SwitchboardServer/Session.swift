import Logging
import Synchronization
import SwitchboardConfig
import SwitchboardMessages

/// What every session of a server shares.
public struct SessionContext: Sendable {
    public var hub: RoutingHub
    public var credentials: CredentialStore
    /// Handles the admin `reload`; nil refuses it as unavailable.
    public var reloader: ConfigReloader?
    /// Message rate, login throttle and their counts, shared by every session.
    public var policy: ConnectionPolicy
    /// Time a new connection has to send `hello`.
    public var helloTimeout: Duration
    /// Messages a connection may have received and not yet had answered; a client that sends more
    /// without reading answers is closed (1008) instead of growing the server's memory.
    public var maxMessagesInFlight: Int
    public var logger: Logger

    public init(hub: RoutingHub, credentials: CredentialStore, reloader: ConfigReloader?, policy: ConnectionPolicy = ConnectionPolicy(limits: ServerLimits()),
                helloTimeout: Duration = .seconds(10), maxMessagesInFlight: Int = 4_096, logger: Logger) {
        self.hub = hub
        self.credentials = credentials
        self.reloader = reloader
        self.policy = policy
        self.helloTimeout = helloTimeout
        self.maxMessagesInFlight = maxMessagesInFlight
        self.logger = logger
    }
}

/// One client connection above the transport: frames in, through ``SessionGate``, to the routing
/// owner, in arrival order.
///
/// The transport calls the `receive…` methods from its own thread; they only enqueue, so a
/// connection never blocks its loop. One task per session works through the frames in order.
public final class Session: Sendable {
    enum Inbound: Sendable {
        case text(String)
        /// A text message over the connection's message rate: answered `limit_exceeded` (`refusal`),
        /// not handled.
        case rateLimited(String, refusal: String)
        case binary
        case helloTimeout
        case closed
    }

    public let link: any ClientLink
    private let inbound: AsyncStream<Inbound>.Continuation
    /// Text messages received and not yet handled; past the limit the connection is closed.
    private let inFlight: Atomic<Int>
    private let maxInFlight: Int
    private let rate: ConnectionRate
    private let cutForRate = Atomic(false)
    private let policy: ConnectionPolicy
    private let logger: Logger

    /// Starts the session's task and its hello deadline.
    public init(link: any ClientLink, context: SessionContext) {
        self.link = link
        let (stream, continuation) = AsyncStream.makeStream(of: Inbound.self)
        inbound = continuation
        inFlight = Atomic(0)
        maxInFlight = context.maxMessagesInFlight
        let rate = ConnectionRate(context.policy.makeRateLimiter())
        self.rate = rate
        policy = context.policy
        logger = context.logger
        let timeout = context.helloTimeout
        let deadline = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { continuation.yield(.helloTimeout) }
        }
        Task { [self] in
            var worker = SessionWorker(link: link, context: context, rate: rate)
            for await event in stream {
                switch event {
                case .text, .rateLimited: inFlight.subtract(1, ordering: .relaxed)
                default: break
                }
                if await worker.handle(event) { break }
            }
            deadline.cancel()
            continuation.finish()
        }
    }

    /// A complete text message arrived.
    public func receive(text: String) {
        let pending = inFlight.add(1, ordering: .relaxed).newValue
        guard pending <= maxInFlight else {
            if pending == maxInFlight + 1 {
                logger.warning("client sends faster than it reads answers; closing", metadata: ["sb.conn": "\(link.id)", "sb.inFlight": "\(pending)"])
                link.close(code: CloseCode.policyViolation, reason: "too many messages in flight")
            }
            return
        }
        let (verdict, refusal) = rate.admit()
        switch verdict {
        case .allow:
            inbound.yield(.text(text))
        case .refuse:
            policy.countRateLimited(disconnected: false)
            inbound.yield(.rateLimited(text, refusal: refusal))
        case .disconnect:
            inFlight.subtract(1, ordering: .relaxed)
            // Frames already in flight keep arriving until the close lands: count and close once.
            guard !cutForRate.exchange(true, ordering: .relaxed) else { return }
            policy.countRateLimited(disconnected: true)
            logger.warning("client keeps sending far beyond its message rate; closing", metadata: ["sb.conn": "\(link.id)"])
            link.close(code: CloseCode.policyViolation, reason: "message rate exceeded")
        }
    }

    /// A complete binary message arrived.
    public func receiveBinary() {
        inbound.yield(.binary)
    }

    /// The connection is gone (closed by either side, failed, or stopped answering pings).
    public func connectionClosed() {
        inbound.yield(.closed)
    }
}

/// The state of one session's task.
struct SessionWorker {
    let link: any ClientLink
    let context: SessionContext
    let rate: ConnectionRate
    var gate = SessionGate()

    init(link: any ClientLink, context: SessionContext, rate: ConnectionRate) {
        self.link = link
        self.context = context
        self.rate = rate
    }

    /// Handles one event; true when the session is over.
    mutating func handle(_ event: Session.Inbound) async -> Bool {
        let step: SessionGate.Step
        switch event {
        case .text(let text): step = gate.text(text)
        case .rateLimited(let text, let refusal): step = gate.rateLimited(text, refusal: refusal)
        case .binary: step = gate.binary()
        case .helloTimeout: step = gate.helloTimedOut()
        case .closed:
            gate.closed()
            await context.hub.detach(link)
            return true
        }
        await perform(step)
        return false
    }

    mutating func perform(_ step: SessionGate.Step) async {
        switch step {
        case .hello(let token, let ref):
            let address = link.peerAddress
            if case .lockedOut(let remaining) = context.policy.admitLogin(from: address) {
                context.logger.info("login refused: address locked out", metadata: ["sb.conn": "\(link.id)", "sb.address": "\(address)"])
                let seconds = Int((Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18).rounded(.up))
                await perform(gate.refused(ref: ref, code: .limitExceeded,
                                           message: "too many failed logins from this address; try again in \(seconds) s"))
                return
            }
            guard let principal = context.credentials.principal(forToken: token) else {
                let penalty = context.policy.loginFailed(from: address)
                if penalty.lockedOut {
                    context.logger.warning("address locked out after repeated failed logins", metadata: ["sb.address": "\(address)"])
                } else {
                    context.logger.info("login refused: unknown token", metadata: ["sb.conn": "\(link.id)", "sb.address": "\(address)"])
                }
                // Only this session waits: other clients (and this client's other connections) go on.
                if penalty.delay > .zero { try? await Task.sleep(for: penalty.delay) }
                await perform(gate.refused(ref: ref))
                return
            }
            context.policy.loginSucceeded(from: address)
            if link.isInReserve && principal.role != .admin {
                context.logger.warning("login refused: server at max_connections", metadata: ["sb.conn": "\(link.id)", "sb.principal": "\(principal)"])
                await perform(gate.refused(ref: ref, code: .unavailable,
                                           message: "the server is at server.limits.max_connections; the remaining places are kept for admins"))
                return
            }
            link.authenticated()
            if let refusal = await context.hub.attach(principal, link: link) {
                context.logger.info("login refused", metadata: ["sb.conn": "\(link.id)", "sb.principal": "\(principal)", "sb.reason": "\(refusal.message)"])
                await perform(gate.refused(ref: ref, code: refusal.code, message: refusal.message))
            } else {
                gate.greeted(principal)
                // A gateway's connection carries its whole traffic: it gets the sources' rate.
                if case .source = principal { rate.replace(with: context.policy.makeRateLimiter(source: true)) }
                context.logger.debug("login", metadata: ["sb.conn": "\(link.id)", "sb.principal": "\(principal)"])
            }
        case .request(let envelope, let principal):
            if case .reload = envelope.message {
                await reload(ref: envelope.ref)
            } else {
                await context.hub.handle(envelope, from: principal, link: link)
            }
        case .reply(let message):
            link.send(message)
        case .close(let reply, let code, let reason):
            if let reply { link.send(reply) }
            link.close(code: code, reason: reason)
        case .ignore:
            break
        }
    }

    func reload(ref: String?) async {
        guard let reloader = context.reloader else {
            link.send(.error(ProtocolError(.unavailable, "reload is not available on this server", ref: ref)))
            return
        }
        switch await reloader.reload(trigger: "admin") {
        case .applied(let summary):
            link.send(.ok(ref: ref, fields: ReloadReply.fields(summary)))
        case .refused(let problems):
            link.send(.error(ProtocolError(.conflict, "configuration refused, the old one stays in force:\n" + problems.joined(separator: "\n"), ref: ref)))
        }
    }
}

/// The `ok` fields of an applied reload.
enum ReloadReply {
    static func fields(_ summary: ConfigChangeSummary) -> [(key: String, value: JSONValue)] {
        func names(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        func changed(_ map: [String: [String]]) -> JSONValue {
            .object(map.keys.sorted().map { ($0, names(map[$0] ?? [])) })
        }
        return [
            ("summary", .string(summary.description)),
            ("changes", .object([
                ("queuesAdded", names(summary.queuesAdded)),
                ("queuesRemoved", names(summary.queuesRemoved)),
                ("queuesChanged", changed(summary.queuesChanged)),
                ("agentsAdded", names(summary.agentsAdded)),
                ("agentsRemoved", names(summary.agentsRemoved)),
                ("agentsChanged", changed(summary.agentsChanged)),
                ("skillsAdded", names(summary.skillsAdded)),
                ("skillsRemoved", names(summary.skillsRemoved)),
                ("tokensChanged", .number(Double(summary.tokensChanged))),
                ("sectionsChanged", names(summary.sectionsChanged)),
            ])),
        ]
    }
}
