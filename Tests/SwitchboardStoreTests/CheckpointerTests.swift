import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

/// The write-ahead log is copied into the database file by a checkpointer of its own, while the store
/// stays open and keeps writing.
@Suite struct CheckpointerTests {
    private func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Two thousand interactions, enqueued and offered: a few hundred pages of log.
    private func write(_ store: Store) async throws {
        for chunk in 0..<20 {
            var events: [StoreEvent] = []
            for n in 0..<100 {
                let id = "i-\(chunk)-\(n)"
                events.append(.enqueued(newInteraction(id), at: 1_000 + Int64(n)))
                events.append(.interaction(.offered, id, at: 1_001 + Int64(n), agentId: "a\(n % 7)"))
            }
            try await store.append(events)
        }
    }

    @Test func theLogReachesTheDatabaseFileWhileTheStoreKeepsWriting() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path) { $0.walAutoCheckpointPages = 16 }
        let before = fileSize(path)
        try await write(store)
        // The checkpointer runs behind the writer; give it time, without a timing assertion.
        var waited = 0
        while fileSize(path) < before + 64 * 1024 && waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(fileSize(path) >= before + 64 * 1024)
        // Still consistent and still writable.
        try await store.append([.enqueued(newInteraction("after"), at: 9_000)])
        let rows = try readAfresh(path) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM interactions") ?? 0 }
        #expect(rows == 2_001)
        await store.close()
    }

    @Test func withCheckpointsDisabledTheLogKeepsEverythingUntilTheStoreCloses() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path) { $0.walAutoCheckpointPages = 0 }
        let before = fileSize(path)
        try await write(store)
        try await Task.sleep(for: .milliseconds(100))
        #expect(fileSize(path) == before)
        #expect(fileSize(path + "-wal") > 64 * 1024)
        await store.close()
        let rows = try readAfresh(path) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM interactions") ?? 0 }
        #expect(rows == 2_000)
    }
}
