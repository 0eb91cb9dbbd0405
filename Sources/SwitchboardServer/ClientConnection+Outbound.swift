import Synchronization
import SwitchboardMessages
import SwitchboardTransport

/// The ``ClientLink`` of a transport WebSocket: encodes on the caller's thread (the routing owner's),
/// then hands the frames to the connection's loop, so the routing owner never waits for a socket.
///
/// Frames sent while a hand-over is already on its way join it: one step of the routing owner that
/// sends a connection several messages (an `ok`, an event, an `agent_state`) costs that connection's
/// loop one wake-up, not one per message.
final class WebSocketLink: ClientLink {
    let connection: WebSocketConnection
    let peerAddress: String
    /// Requests handed to the routing owner and not yet handled.
    private let inFlight = Atomic(0)
    /// Encoded messages waiting for the loop, and whether a hand-over is scheduled.
    private let outgoing = Mutex<(payloads: [[UInt8]], scheduled: Bool)>(([], false))

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
        let payload = MessageEncoder.encode(message)
        let schedule = outgoing.withLock { outgoing in
            outgoing.payloads.append(payload)
            defer { outgoing.scheduled = true }
            return !outgoing.scheduled
        }
        guard schedule else { return }
        let connection = connection
        connection.socket.loop.execute { [self] in
            let payloads = outgoing.withLock { outgoing in
                outgoing.scheduled = false
                var taken: [[UInt8]] = []
                swap(&taken, &outgoing.payloads)
                return taken
            }
            connection.assumeIsolated { connection in
                for payload in payloads { connection.send(WebSocketMessage(kind: .text, payload: payload)) }
            }
        }
    }

    /// Closes after what is queued: a hand-over already scheduled runs first (the loop keeps order).
    func close(code: WebSocketCloseCode, reason: String) {
        connection.enqueueClose(code: code, reason: reason)
    }

    func requestSubmitted() -> Int {
        inFlight.add(1, ordering: .relaxed).newValue
    }

    func requestHandled() {
        inFlight.subtract(1, ordering: .relaxed)
    }

    func queuedOutputBytes() async -> Int {
        let handing = outgoing.withLock { $0.payloads.reduce(0) { $0 + $1.count } }
        return await connection.queuedOutputBytes + handing
    }
}
