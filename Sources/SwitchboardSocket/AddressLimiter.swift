import Synchronization

/// Caps the connections one client address may hold before they authenticate, so a single host
/// cannot take every place of the ``ConnectionLimiter`` with idle or never-authenticating
/// connections and lock everyone else out. Authenticated connections do not count: many agents
/// behind one NAT address are fine once they have logged in.
///
/// The listener takes a place for each accepted connection (closing it at once when its address
/// has none left); the connection gives it back when the application says the peer authenticated
/// (``ConnectionHandle/releaseAddressPlace()``) or when it closes. Memory is one entry per address with
/// pending connections.
public final class AddressLimiter: Sendable {
    private let places = Mutex<[String: Int]>([:])
    private let limit: Atomic<Int>
    private let refused = Atomic<Int>(0)

    /// - Parameter maxPerAddress: unauthenticated connections one address may hold (at least 1).
    public init(maxPerAddress: Int) {
        limit = Atomic(max(1, maxPerAddress))
    }

    /// Unauthenticated connections one address may hold.
    public var maxPerAddress: Int { limit.load(ordering: .relaxed) }
    /// Connections closed at accept because their address had no place left.
    public var refusedCount: Int { refused.load(ordering: .relaxed) }
    /// Addresses holding places now.
    public var addressCount: Int { places.withLock { $0.count } }

    /// Takes a new limit (a reload); connections already holding places keep them.
    public func update(maxPerAddress: Int) {
        limit.store(max(1, maxPerAddress), ordering: .relaxed)
    }

    /// Takes a place for `address`; false (and counted) when it has none left.
    func admit(_ address: String) -> Bool {
        let max = maxPerAddress
        let admitted = places.withLock { places in
            let held = places[address, default: 0]
            guard held < max else { return false }
            places[address] = held + 1
            return true
        }
        if !admitted { refused.wrappingAdd(1, ordering: .relaxed) }
        return admitted
    }

    /// Gives back a place of `address`.
    func release(_ address: String) {
        places.withLock { places in
            guard let held = places[address] else { return }
            places[address] = held > 1 ? held - 1 : nil
        }
    }
}
