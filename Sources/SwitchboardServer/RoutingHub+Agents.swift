import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore

extension RoutingHub {
    func handleAgent(_ id: AgentID, _ message: ClientMessage, ref: String?, link: any ClientLink, now: Instant) {
        switch message {
        case .state(let state, let reason):
            let target: AgentState = state == .available ? .available : .notReady(reason: reason ?? "not_ready")
            execute(now, ref: ref, link: link) { (r: inout Router) throws(RoutingError) in try r.handle(.setState(id, target), at: now) }
        case .accept(let interaction, _):
            execute(now, ref: ref, link: link, durable: true) { (r: inout Router) throws(RoutingError) in
                try r.handle(.accept(InteractionID(interaction), by: id), at: now)
            }
        case .reject(let interaction, _):
            execute(now, ref: ref, link: link) { (r: inout Router) throws(RoutingError) in
                try r.handle(.reject(InteractionID(interaction), by: id), at: now)
            }
        case .complete(let interaction, let disposition):
            owners[InteractionID(interaction)]?.disposition = disposition
            execute(now, ref: ref, link: link, durable: true) { (r: inout Router) throws(RoutingError) in
                try r.handle(.complete(InteractionID(interaction), by: id), at: now)
            }
        case .transfer(let raw, let queue):
            let interaction = InteractionID(raw)
            guard let snapshot = reading({ $0.interaction(interaction) }) else {
                send(.error(refusal(.unknownInteraction(interaction), ref: ref)), to: link)
                return
            }
            guard case .active(let holder) = snapshot.status, holder == id else {
                send(.error(ProtocolError(.conflict, "interaction '\(raw)' is not assigned to agent '\(id)'", ref: ref)), to: link)
                return
            }
            execute(now, ref: ref, link: link) { (r: inout Router) throws(RoutingError) in
                try r.handle(.transfer(interaction, to: QueueID(queue)), at: now)
            }
        default:
            send(.error(ProtocolError(.forbidden, "role agent may not send \(message.type)", ref: ref)), to: link)
        }
    }

    /// Runs a request's core operation and answers it before carrying out its effects, so the
    /// requester sees `ok` (with `fields`, read after the operation) before the pushes it caused.
    /// Returns whether the core accepted it.
    ///
    /// A `durable` request (enqueue, accept, complete, cancel) is refused while the store cannot
    /// write, and its `ok` waits until `prelude` and the effects' events are on disk; routing goes on
    /// meanwhile.
    @discardableResult
    func execute(
        _ now: Instant, ref: String?, link: any ClientLink, durable: Bool = false, prelude: [StoreEvent] = [],
        fields: () -> [(key: String, value: JSONValue)] = { [] },
        _ body: (inout Router) throws(RoutingError) -> [RoutingEffect]
    ) -> Bool {
        if durable, let refusal = storeRefusal(ref: ref) {
            send(.error(refusal), to: link)
            return false
        }
        let effects: [RoutingEffect]
        do {
            effects = try body(&router)
        } catch {
            send(.error(refusal(error, ref: ref)), to: link)
            return false
        }
        if durable && store != nil {
            journalBuffer.append(contentsOf: prelude)
            journal(effects)
            answerDurably(.ok(ref: ref, fields: fields()), ref: ref, to: link)
        } else {
            send(.ok(ref: ref, fields: fields()), to: link)
            journal(effects)
        }
        carryOut(effects, now: now)
        return true
    }

    /// The wire error for a refused request. The core forgets an interaction once it ends, but one
    /// that ended recently existed: naming it is a `conflict` (it is over), not `not_found`.
    func refusal(_ error: RoutingError, ref: String?) -> ProtocolError {
        if case .unknownInteraction(let id) = error, let outcome = finished[id] {
            return ProtocolError(.conflict, "interaction '\(id)' already ended (\(outcome.event.rawValue))", ref: ref)
        }
        return WireMapping.error(error, ref: ref)
    }
}
