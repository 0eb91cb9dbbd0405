import Synchronization

/// Caps the connections a ``Listener`` keeps open, so idle or hostile peers cannot use up the
/// process's descriptors and lock out everyone else.
///
/// The listener admits up to ``maxConnections`` + ``reservedConnections`` at once. A connection
/// accepted while ``maxConnections`` or more were already open sits in the reserve
/// (``ConnectionHandle/isInReserve``): the application should let only administrators keep such a
/// connection, so an operator can still get in when the server is full. Past the reserve, an
/// accepted socket is closed at once, before any connection state is allocated, and counted in
/// ``refusedCount``. A connection holds its place from accept to close, whatever protocol it speaks.
///
/// One instance is shared by every loop of a server; it costs one atomic add per accept and per close.
public final class ConnectionLimiter: Sendable {
    /// Where an accepted connection goes.
    enum Decision {
        case regular
        case reserve
        case refused
    }

    /// Connections open at once before newcomers go to the reserve.
    public var maxConnections: Int { maximum.load(ordering: .relaxed) }
    /// Extra places past ``maxConnections``, meant for administrators.
    public var reservedConnections: Int { reserve.load(ordering: .relaxed) }
    private let maximum: Atomic<Int>
    private let reserve: Atomic<Int>
    private let open = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)

    /// - Parameters:
    ///   - maxConnections: connections open at once before newcomers go to the reserve (at least 0).
    ///   - reservedConnections: places past that, for administrators (at least 0).
    public init(maxConnections: Int, reservedConnections: Int = 16) {
        maximum = Atomic(max(0, maxConnections))
        reserve = Atomic(max(0, reservedConnections))
    }

    /// Takes new limits (a reload). Connections already open keep their place, even above a lowered
    /// limit; newcomers are judged by the new one.
    public func update(maxConnections: Int, reservedConnections: Int) {
        maximum.store(max(0, maxConnections), ordering: .relaxed)
        reserve.store(max(0, reservedConnections), ordering: .relaxed)
    }

    /// Connections holding a place now (accepted and not yet closed).
    public var openCount: Int { open.load(ordering: .relaxed) }
    /// Connections closed at accept because every place, reserve included, was taken.
    public var refusedCount: Int { refused.load(ordering: .relaxed) }

    /// Takes a place for a just-accepted connection; a refused one holds none.
    func admit() -> Decision {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        let maxConnections = self.maxConnections
        if now <= maxConnections { return .regular }
        if now <= maxConnections + reservedConnections { return .reserve }
        open.wrappingSubtract(1, ordering: .relaxed)
        refused.wrappingAdd(1, ordering: .relaxed)
        return .refused
    }

    /// Gives back the place of a closed connection.
    func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }
}
