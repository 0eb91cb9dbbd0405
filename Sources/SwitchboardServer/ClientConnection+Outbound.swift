import Synchronization
import SwitchboardMessages
import SwitchboardTransport

/// The ``ClientLink`` of a transport WebSocket: encodes on the caller's thread (the routing owner's),
/// then hops to the connection's loop to write, so the routing owner never waits for a socket.
final class WebSocketLink: ClientLink {
    let connection: WebSocketConnection
    let peerAddress: String
    /// Requests handed to the routing owner and not yet handled.
    private let inFlight = Atomic(0)

    /// Call while the connection is open (its descriptor then belongs to it).
    init(connection: WebSocketConnection) {
        self.connection = connection
        peerAddress = connection.socket.peerAddress
    }

    var id: ConnectionID { connection.id }
    var isInReserve: Bool { connection.isInReserve }

    func authenticated() {
        connection.raiseOutputBudget(to: connection.socket.options.highWaterMark)
        connection.socket.releaseAddressPlace()
    }

    func send(_ message: ServerMessage) {
        connection.enqueue(WebSocketMessage(kind: .text, payload: MessageEncoder.encode(message)))
    }

    func close(code: WebSocketCloseCode, reason: String) {
        connection.enqueueClose(code: code, reason: reason)
    }

    func requestSubmitted() -> Int {
        inFlight.add(1, ordering: .relaxed).newValue
    }

    func requestHandled() {
        inFlight.subtract(1, ordering: .relaxed)
    }
}
