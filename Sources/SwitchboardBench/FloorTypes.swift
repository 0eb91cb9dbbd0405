/// A frame the floor wants sent on one of its connections.
public struct Outgoing: Sendable, Equatable {
    public var connection: Int
    public var text: String

    public init(connection: Int, text: String) {
        self.connection = connection
        self.text = text
    }
}

/// One connection the floor needs: who it is and the token it logs in with.
public struct ConnectionSpec: Sendable, Equatable {
    public enum Role: String, Sendable { case agent, source, admin, supervisor }
    public var role: Role
    /// Agent id, source name, `admin`, or ``Scenario/supervisorId``.
    public var id: String
    public var token: String
}

/// A snapshot for the live progress line.
public struct FloorProgress: Sendable, Equatable {
    public var phase: String
    public var elapsedSeconds: Double
    public var enqueued: Int
    public var assigned: Int
    public var ended: Int
    public var waiting: Int
    public var handling: Int
    public var messages: Int
    /// Cumulative since the start.
    public var enqueueToOfferP99Ms: Double
    /// Since the previous snapshot.
    public var intervalEnqueueToOfferP99Ms: Double
    /// How late the bench's own timers fired at worst since the previous snapshot (its own stalls).
    public var intervalBenchLagMaxMs: Double
    public var violations: Int

    /// One line, e.g. `running 12.0 s  enq 2400  asg 2390  end 2100  wait 3  handling 290  msgs 51234  e→o p99 1.20 ms (last 1.05 ms)  bench lag 0.9 ms  violations 0`.
    public var line: String {
        let seconds = (elapsedSeconds * 10).rounded() / 10
        let p99 = (enqueueToOfferP99Ms * 100).rounded() / 100
        let last = (intervalEnqueueToOfferP99Ms * 100).rounded() / 100
        let lag = (intervalBenchLagMaxMs * 10).rounded() / 10
        return "\(phase) \(seconds) s  enq \(enqueued)  asg \(assigned)  end \(ended)  wait \(waiting)  handling \(handling)  msgs \(messages)  e→o p99 \(p99) ms (last \(last) ms)  bench lag \(lag) ms  violations \(violations)"
    }
}

/// A change the floor wants made to one of its connections, when agents churn.
public enum ConnectionChange: Sendable, Equatable {
    /// Close at once, without the WebSocket closing handshake, as a lost network would.
    case drop(Int)
    /// Close with the closing handshake (the agent logged out).
    case close(Int)
    /// Open a new connection in this slot; the driver then calls ``Floor/connectionOpened(_:now:)``, or
    /// ``Floor/connectionFailed(_:reason:now:)``.
    case open(Int)
}
