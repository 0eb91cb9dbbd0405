import Synchronization
import SwitchboardMessages
import SwitchboardServer
import SwitchboardWebSocket

/// An in-memory connection of the simulated floor: what the hub sends it goes straight to the
/// ``Floor``, which reacts the way a client would (an agent accepts and completes its offers).
///
/// The hub calls ``send(_:)`` only on its own thread, where the floor runs too, so the hand-over
/// needs no lock.
final class FloorLink: ClientLink, @unchecked Sendable {
    enum Role {
        case agent(index: Int)
        case source
    }

    let id: UInt64
    let role: Role
    unowned let floor: Floor

    private static let counter = Atomic<UInt64>(0)

    init(role: Role, floor: Floor) {
        id = Self.counter.add(1, ordering: .relaxed).newValue
        self.role = role
        self.floor = floor
    }

    func send(_ message: ServerMessage) {
        floor.received(message, by: self)
    }

    func close(code: WebSocketCloseCode, reason: String) {
        floor.closed(self, code: code.rawValue, reason: reason)
    }
}
