import CoreMetrics
import DequeModule
import Logging
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardSocket
import SwitchboardWebSocket

extension ClientConnection {
    /// A complete text message arrived.
    func receive(_ payload: [UInt8]) {
        if paused {
            // Counted when taken from `held`.
            guard held.count < context.maxRequestsInFlight else {
                return tooManyInFlight(held.count)
            }
            held.append(payload)
            return
        }
        received?.increment()
        switch rate.admit(now: .now) {
        case .allow:
            perform(gate.message(payload))
        case .refuse:
            context.policy.countRateLimited(disconnected: false)
            perform(gate.rateLimited(payload, refusal: rate.refusal))
        case .disconnect:
            guard !cutForRate else { return }
            cutForRate = true
            context.policy.countRateLimited(disconnected: true)
            context.logger.warning("client keeps sending far beyond its message rate; closing", metadata: ["sb.conn": "\(link.id)"])
            perform(.close(reply: nil, code: .policyViolation, reason: "message rate exceeded"))
        }
    }

    /// A complete binary message arrived.
    func receiveBinary() {
        perform(gate.binary())
    }

    /// The connection is gone (closed by either side, failed, or stopped answering pings).
    func closed() {
        gate.closed()
        held.removeAll()
        if let helloTimer { loop.cancelTimer(helloTimer) }
        helloTimer = nil
        context.hub.submit(.detach(link.id), from: link)
    }

    /// Carries out one step of the gate.
    func perform(_ step: ConnectionGate.Step) {
        switch step {
        case .hello(let token, let ref):
            login(token: token, ref: ref)
        case .request(let request, let ref):
            let inFlight = link.requestSubmitted()
            guard inFlight <= context.maxRequestsInFlight else { return tooManyInFlight(inFlight) }
            context.hub.submit(.request(link.id, request, ref: ref), from: link)
        case .reload(let ref):
            reload(ref: ref)
        case .reply(let message):
            if case .error = message { refused?.increment() }
            reply(message)
        case .close(let reply, let code, let reason):
            gate.closed()
            if let reply { link.send(reply) }
            link.close(code: code, reason: reason)
        case .ignore:
            break
        }
    }

    /// An answer the gate gives itself (a malformed or forbidden message): once logged in, it goes
    /// through the routing owner, so it keeps its place behind answers to earlier requests.
    private func reply(_ message: ServerMessage) {
        if case .greeted = gate.phase {
            context.hub.deliver(message, to: link)
        } else {
            link.send(message)
        }
    }

    private func tooManyInFlight(_ count: Int) {
        guard gate.phase != .closed else { return }
        context.logger.warning("client sends faster than it reads answers; closing", metadata: ["sb.conn": "\(link.id)", "sb.inFlight": "\(count)"])
        perform(.close(reply: nil, code: .policyViolation, reason: "too many messages in flight"))
    }

    /// Authenticates a `hello`: the address's lockout, then a static token at once or an
    /// identity-provider token (JWT) off the loop; then ``admit(_:ref:)``.
    private func login(token: String, ref: String?) {
        let policy = context.policy, logger = context.logger
        let address = link.peerAddress
        if case .lockedOut(let remaining) = policy.admitLogin(from: address) {
            logger.info("login refused: address locked out", metadata: ["sb.conn": "\(link.id)", "sb.address": "\(address)"])
            let seconds = Int((Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18).rounded(.up))
            return perform(gate.refused(ref: ref, code: .limitExceeded,
                                        message: "too many failed logins from this address; try again in \(seconds) s"))
        }
        if let principal = context.credentials.principal(forToken: token) {
            return admit(principal, ref: ref)
        }
        guard context.credentials.needsVerification(token) else {
            return loginFailed(TokenRefusal(.unknownToken), ref: ref)
        }
        // An identity-provider token: jwt-kit verifies asynchronously (its key collections are actors),
        // so this runs off the loop while the connection's later messages wait, as for an admin reload.
        paused = true
        let me = LoopBound(self, loop: loop)
        let credentials = context.credentials
        Task {
            let verdict = await credentials.check(token)
            me.loop.execute { me.value.verified(verdict, ref: ref) }
        }
    }

    /// An identity-provider token was verified: log in or refuse, then take the messages that waited.
    private func verified(_ verdict: Result<Principal, TokenRefusal>, ref: String?) {
        paused = false
        // The hello deadline passed or the client left meanwhile.
        guard gate.phase != .closed else { return held.removeAll() }
        switch verdict {
        case .success(let principal):
            admit(principal, ref: ref)
        case .failure(let refusal):
            held.removeAll()
            return loginFailed(refusal, ref: ref)
        }
        while !paused, let next = held.popFirst() {
            receive(next)
        }
    }

    /// A refused token counts towards the address's lockout; the refusal is logged with its reason
    /// (never the token) and the client told what it can act on.
    private func loginFailed(_ refusal: TokenRefusal, ref: String?) {
        let policy = context.policy, logger = context.logger
        let address = link.peerAddress
        let penalty = policy.loginFailed(from: address)
        if penalty.lockedOut {
            logger.warning("address locked out after repeated failed logins", metadata: ["sb.address": "\(address)", "sb.reason": "\(refusal)"])
        } else {
            logger.info("login refused: \(refusal)", metadata: ["sb.conn": "\(link.id)", "sb.address": "\(address)"])
        }
        let step = gate.refused(ref: ref, message: refusal.clientMessage)
        // Only this connection waits (its gate is closed meanwhile): other clients go on.
        guard penalty.delay > .zero else { return perform(step) }
        _ = loop.scheduleTimer(after: penalty.delay) { [weak self] in self?.perform(step) }
    }

    /// The token named `principal`: the admins' reserve, then the routing owner welcomes it (or
    /// refuses it and closes).
    private func admit(_ principal: Principal, ref: String?) {
        let policy = context.policy, logger = context.logger
        let address = link.peerAddress
        policy.loginSucceeded(from: address)
        if link.isInReserve && principal.role != .admin {
            logger.warning("login refused: server at max_connections", metadata: ["sb.conn": "\(link.id)", "sb.principal": "\(principal)"])
            return perform(gate.refused(ref: ref, code: .unavailable,
                                        message: "the server is at server.limits.max_connections; the remaining places are kept for admins"))
        }
        if let helloTimer { loop.cancelTimer(helloTimer) }
        helloTimer = nil
        link.authenticated()
        // Greeted at once: the routing owner takes the attach before any later request of this
        // connection, and refuses (and closes) a principal it cannot log in.
        gate.greeted(principal)
        (received, refused) = context.metrics?.messageCounters(for: principal.role) ?? (nil, nil)
        // A gateway's connection carries its whole traffic: it gets the sources' rate.
        if case .source = principal { rate = policy.makeRateLimiter(source: true) }
        logger.debug("login", metadata: ["sb.conn": "\(link.id)", "sb.principal": "\(principal)"])
        context.hub.submit(.attach(link.id, principal, ref: ref), from: link)
    }

    /// Runs an admin `reload` off the loop; the connection's later messages wait for its answer.
    private func reload(ref: String?) {
        guard let reloader = context.reloader else {
            return reply(.error(ProtocolError(.unavailable, "reload is not available on this server", ref: ref)))
        }
        paused = true
        let me = LoopBound(self, loop: loop)
        Task {
            let answer: ServerMessage = switch await reloader.reload(trigger: "admin") {
            case .applied(let summary): .ok(ref: ref, fields: ReloadReply.fields(summary))
            case .refused(let problems):
                .error(ProtocolError(.conflict, "configuration refused, the old one stays in force:\n" + problems.joined(separator: "\n"), ref: ref))
            }
            me.loop.execute { me.value.resume(after: answer) }
        }
    }

    /// The reload answered: send it, then take the messages that waited, in order.
    private func resume(after answer: ServerMessage) {
        paused = false
        guard gate.phase != .closed else { return held.removeAll() }
        reply(answer)
        while !paused, let next = held.popFirst() {
            receive(next)
        }
    }
}
