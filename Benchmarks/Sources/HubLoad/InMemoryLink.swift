import Synchronization
import SwitchboardMessages
import SwitchboardServer
import SwitchboardWebSocket

/// An in-memory connection of the simulated clients: what the hub sends it goes straight to
/// ``InstantClients``, which reacts the way a client would (an agent accepts and completes its offers).
///
/// The hub calls ``send(_:)`` only on its own thread, where the clients run too, so the hand-over
/// needs no lock.
final class InMemoryLink: ClientLink, @unchecked Sendable {
    enum Role {
        case agent(index: Int)
        case source
    }

    let id: UInt64
    let role: Role
    unowned let clients: InstantClients

    private static let counter = Atomic<UInt64>(0)

    init(role: Role, clients: InstantClients) {
        id = Self.counter.add(1, ordering: .relaxed).newValue
        self.role = role
        self.clients = clients
    }

    func send(_ message: ServerMessage) {
        clients.received(message, by: self)
    }

    func close(code: WebSocketCloseCode, reason: String) {
        clients.closed(self, code: code.rawValue, reason: reason)
    }
}
