import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore
import SwitchboardWebSocket

extension HubCore {
    /// Every message to a client goes out through here (the shell keeps it behind answers still
    /// waiting for the disk).
    mutating func send(_ message: ServerMessage, to connection: ConnectionID?) {
        guard let connection else { return }
        actions.append(.send(message, to: connection))
    }

    /// Sends to the agent's connection, if it is connected.
    mutating func send(_ message: ServerMessage, toAgent agent: AgentID) {
        send(message, to: connections.agents[agent])
    }

    /// Sends `ok` once the events recorded so far are on disk, or an `unavailable` error if their
    /// batch failed.
    mutating func answerDurably(_ ok: ServerMessage, ref: String?, to connection: ConnectionID) {
        commitJournal()
        actions.append(.sendWhenDurable(ok, to: connection, onFailure: Self.unrecorded(ref)))
    }

    static func unrecorded(_ ref: String?) -> ProtocolError {
        ProtocolError(.unavailable, "the store failed to record it; the outcome may not survive a restart", ref: ref)
    }

    /// Closes a connection after what is queued for it.
    mutating func close(_ connection: ConnectionID, code: WebSocketCloseCode, reason: String) {
        actions.append(.close(connection, code: code, reason: reason))
    }

    /// Hands the buffered events to the store.
    mutating func commitJournal() {
        guard !journal.buffer.isEmpty else { return }
        actions.append(.record(journal.take()))
    }

    /// Sends an `interaction` event to every open connection of the source that created it.
    mutating func notifySource(_ id: InteractionID, _ event: WireInteractionEvent, agent: AgentID?, queue: QueueID?, reason: String?) {
        guard let owner = ledger.owners[id], let targets = connections.sources[owner.source], !targets.isEmpty else { return }
        let message = ServerMessage.interaction(
            interactionId: id.rawValue, event: event, agentId: agent?.rawValue, queue: queue?.rawValue,
            reason: reason, atMs: context.wallMilliseconds
        )
        for connection in targets { send(message, to: connection) }
    }
}
