import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore

extension HubCore {
    /// Answers one request of an attached connection (typed by its gate, which checked the role),
    /// then sends the pushes it caused.
    mutating func handle(_ request: HubRequest, ref: String?, from connection: ConnectionID, now: Instant) -> ProtocolError? {
        counters.requests += 1
        // The connection, not only the principal: a connection replaced by a newer login of the same
        // agent must not act for it, even with messages it sent before it was closed.
        guard let principal = connections.principals[connection] else {
            guard connections.replaced.contains(connection) else { return nil }  // refused at login, closing
            return refuse(ProtocolError(.conflict, "this connection no longer speaks for its agent: it was replaced by a newer login", ref: ref),
                          to: connection)
        }
        switch (principal, request) {
        case (.agent(let raw), .agent(let request)):
            return handleAgent(AgentID(raw), request, ref: ref, connection: connection, now: now)
        case (.source(let name), .source(let request)):
            return handleSource(name, request, ref: ref, connection: connection, now: now)
        case (.supervisor, .supervisor(let request)), (.admin, .supervisor(let request)):
            return handleSupervisor(request, ref: ref, connection: connection, now: now)
        default:
            // The gate typed the request by this very principal's role: only a caller that skips
            // the gate (a test driving the hub directly) gets here.
            return refuse(ProtocolError(.forbidden, "\(principal) may not send this request", ref: ref), to: connection)
        }
    }

    /// Sends `error` and returns it.
    @discardableResult
    mutating func refuse(_ error: ProtocolError, to connection: ConnectionID) -> ProtocolError {
        send(.error(error), to: connection)
        return error
    }

    /// Runs a request's router command and answers it before carrying out its effects, so the
    /// requester sees `ok` (with `fields`, read after the command) before the pushes it caused.
    ///
    /// A `durable` request (enqueue, accept, complete, cancel) is refused while the store cannot
    /// write, and its `ok` waits until `prelude` and the effects' events are on disk; routing goes on
    /// meanwhile.
    mutating func execute(
        _ command: RoutingCommand, _ now: Instant, ref: String?, connection: ConnectionID, durable: Bool = false,
        prelude: StoreEvent? = nil, fields: (inout HubCore) -> [(key: String, value: JSONValue)] = { _ in [] }
    ) -> ProtocolError? {
        if durable, let refusal = storeRefusal(ref: ref) {
            return refuse(refusal, to: connection)
        }
        tally.decisions &+= 1
        effects.removeAll(keepingCapacity: true)
        do {
            try router.handle(command, at: now, into: &effects)
        } catch {
            return refuse(refusal(error, ref: ref), to: connection)
        }
        var batch: [RoutingEffect] = []
        swap(&batch, &effects)
        defer { swap(&batch, &effects) }
        let ok = ServerMessage.ok(ref: ref, fields: fields(&self))
        if durable && journal.enabled {
            if let prelude { journal.append(prelude) }
            journalEffects(batch)
            answerDurably(ok, ref: ref, to: connection)
        } else {
            send(ok, to: connection)
            journalEffects(batch)
        }
        carryOut(batch, now: now)
        return nil
    }

    /// The wire error for a refused request. The router forgets an interaction once it ends, but one
    /// that ended recently existed: naming it is a `conflict` (it is over), not `not_found`.
    func refusal(_ error: RoutingError, ref: String?) -> ProtocolError {
        if case .unknownInteraction(let id) = error, let outcome = ledger.finished[id] {
            return ProtocolError(.conflict, "interaction '\(id)' already ended (\(outcome.event.rawValue))", ref: ref)
        }
        return WireMapping.error(error, ref: ref)
    }

    /// Why the hub refuses work that must be durable, while the store cannot write.
    func storeRefusal(ref: String?) -> ProtocolError? {
        guard let why = context.store?.refusal else { return nil }
        return ProtocolError(.unavailable, "the store cannot record it, so the server refuses it: \(why)", ref: ref)
    }

    // MARK: Agents

    mutating func handleAgent(_ id: AgentID, _ request: AgentRequest, ref: String?, connection: ConnectionID, now: Instant) -> ProtocolError? {
        switch request {
        case .state(let state, let reason):
            let target: AgentState = state == .available ? .available : .notReady(reason: reason ?? "not_ready")
            return execute(.setState(id, target), now, ref: ref, connection: connection)
        case .accept(let interaction):
            return execute(.accept(InteractionID(interaction), by: id), now, ref: ref, connection: connection, durable: true)
        case .reject(let interaction):
            return execute(.reject(InteractionID(interaction), by: id), now, ref: ref, connection: connection)
        case .complete(let interaction, let disposition):
            ledger.owners[InteractionID(interaction)]?.disposition = disposition
            return execute(.complete(InteractionID(interaction), by: id), now, ref: ref, connection: connection, durable: true)
        case .transfer(let raw, let queue):
            let interaction = InteractionID(raw)
            guard let snapshot = router.interaction(interaction) else {
                return refuse(refusal(.unknownInteraction(interaction), ref: ref), to: connection)
            }
            guard case .active(let holder) = snapshot.status, holder == id else {
                return refuse(ProtocolError(.conflict, "interaction '\(raw)' is not assigned to agent '\(id)'", ref: ref), to: connection)
            }
            return execute(.transfer(interaction, to: QueueID(queue)), now, ref: ref, connection: connection)
        case .customer(let query):
            return customerHistory(query, ref: ref, connection: connection, agent: id)
        }
    }
}
