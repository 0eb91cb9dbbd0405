import Foundation
import GRDB
@testable import SwitchboardStore

/// A fresh directory per test, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// An interaction with test defaults.
func newInteraction(_ id: String, queue: String = "support", priority: Int = 0, enqueuedAt: Int64? = nil) -> NewInteraction {
    NewInteraction(id: id, source: "gateway", queue: queue, channel: "voice", priority: priority,
                   customerId: "c-\(id)", attributes: #"{"lang":"en"}"#, requirements: #"{"billing":3}"#, enqueuedAt: enqueuedAt)
}

/// Reads rows through a connection of its own, as a process opening the file afresh would.
func readAfresh<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
    var configuration = Configuration()
    configuration.readonly = true
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    defer { try? queue.close() }
    return try queue.read(body)
}

/// A store with a short commit window, for tests.
func openStore(_ path: String, configure: (inout StoreConfiguration) -> Void = { _ in }) throws -> Store {
    var configuration = StoreConfiguration()
    configuration.syncEveryCommit = false
    configure(&configuration)
    return try Store(path: path, configuration: configuration)
}
