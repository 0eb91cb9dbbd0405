import Foundation
import Testing
import SwitchboardConfig

@Suite struct ConfigFileWatcherTests {
    /// A fresh directory with a config file in it.
    func makeTemporaryFile() throws -> (directory: URL, file: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("switchboard.yaml")
        try Data("queues: []\n".utf8).write(to: file)
        return (directory, file)
    }

    /// The next change, or `false` if none arrives within `seconds` (a bound so a broken watcher fails, not hangs).
    func nextChange(_ watcher: ConfigFileWatcher, within seconds: Int = 10) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = watcher.changes.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func writingTheFileIsReported() async throws {
        let (directory, file) = try makeTemporaryFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let watcher = try ConfigFileWatcher(path: file.path, debounceMilliseconds: 20)
        defer { watcher.stop() }

        try Data("queues: [] # edited\n".utf8).write(to: file)
        #expect(await nextChange(watcher))
    }

    @Test func renamingANewVersionOverTheFileIsReported() async throws {
        let (directory, file) = try makeTemporaryFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let watcher = try ConfigFileWatcher(path: file.path, debounceMilliseconds: 20)
        defer { watcher.stop() }

        // Editors save by writing a temporary file and renaming it over the original.
        let temporary = directory.appendingPathComponent(".switchboard.yaml.swp")
        try Data("queues: []\n".utf8).write(to: temporary)
        #expect(rename(temporary.path, file.path) == 0)
        #expect(await nextChange(watcher))
    }

    @Test func stopFinishesTheStream() async throws {
        let (directory, file) = try makeTemporaryFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let watcher = try ConfigFileWatcher(path: file.path)
        watcher.stop()
        var iterator = watcher.changes.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test func watchingAMissingDirectoryThrows() {
        #expect(throws: ConfigWatcherError.self) {
            _ = try ConfigFileWatcher(path: "/nonexistent-\(UUID().uuidString)/switchboard.yaml")
        }
    }
}
