import Synchronization

/// The open WebSocket connections, so that shutdown can close each with 1001.
final class ConnectionRegistry: Sendable {
    private let links = Mutex<[UInt64: any ClientLink]>([:])

    func add(_ link: any ClientLink) {
        links.withLock { $0[link.id] = link }
    }

    func remove(_ id: UInt64) {
        links.withLock { $0[id] = nil }
    }

    var count: Int { links.withLock { $0.count } }

    /// Sends every connection a close frame with `code`.
    func closeAll(code: UInt16, reason: String) {
        let all = links.withLock { Array($0.values) }
        for link in all { link.close(code: code, reason: reason) }
    }
}
