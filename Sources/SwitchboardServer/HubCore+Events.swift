import SwitchboardMessages

extension HubCore {
    /// `subscribe` with `since`: the resumable event stream needs the store's sequence numbers; the shell
    /// starts it off the routing thread and answers in the request's place.
    mutating func streamEvents(_ scope: EventScope, since: Int, ref: String?, connection: ConnectionID) -> ProtocolError? {
        guard journal.enabled else {
            return refuse(ProtocolError(.unavailable, "the event stream needs the store (its sequence numbers), and this server runs without one", ref: ref),
                          to: connection)
        }
        actions.append(.streamEvents(scope, since: Int64(since), to: connection, ref: ref))
        return nil
    }
}
