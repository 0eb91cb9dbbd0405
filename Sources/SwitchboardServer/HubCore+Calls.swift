public import SwitchboardConfig
public import SwitchboardMessages
public import SwitchboardRouter

extension HubCore {
    /// A one-shot request (``HubInput/call(_:_:_:ref:)``): the principal speaks through `connection`
    /// for this step only. The connection joins no registry (sources, supervisors, subscribers), so
    /// attaching and detaching it changes nothing for other clients: it is sent the answer (durable
    /// answers still wait for the disk) and none of the pushes the request causes. Ownership and
    /// idempotency are the principal's, exactly as over a session.
    mutating func call(_ request: HubRequest, as principal: Principal, ref: String?, from connection: ConnectionID, now: Instant) -> ProtocolError? {
        connections.principals[connection] = principal
        defer { connections.principals[connection] = nil }
        return handle(request, ref: ref, from: connection, now: now)
    }

    /// Whether `request` from `source` would replay an interaction the source already created (its
    /// id is known, in routing or recently finished) rather than create one.
    public func isReplay(_ request: EnqueueRequest, source: String) -> Bool {
        guard let given = request.id else { return false }
        let id = InteractionID(given)
        return ledger.owners[id]?.source == source || ledger.finished[id]?.source == source
    }
}
