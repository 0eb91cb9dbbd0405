import Foundation
import SwitchboardConfig
import Testing

/// `switchboard serve` as a real process: binds port 0, reloads on SIGHUP, stops on SIGTERM.
struct ServeProcessTests {
    /// The `switchboard` executable next to the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchboard")
    }

    /// Collects a pipe's text as it arrives.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) { lock.withLock { text += String(decoding: data, as: UTF8.self) } }
        var current: String { lock.withLock { text } }

        func wait(for fragment: String, seconds: Double = 10) async throws -> String {
            for _ in 0..<Int(seconds * 50) {
                if current.contains(fragment) { return current }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw ScenarioError("no \"\(fragment)\" in the server's log:\n\(current)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ServeProcessTests.executable.path)))
    func sighupReloadsAndSigtermStopsTheRealProcess() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("switchboard.yaml").path
        try EmbeddedConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--config", config, "--port", "0", "--db", directory.appendingPathComponent("db.sqlite").path]
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let log = Collector()
        errors.fileHandleForReading.readabilityHandler = { log.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let started = try await log.wait(for: "listening on 127.0.0.1:")
        #expect(started.range(of: #"listening on 127\.0\.0\.1:[1-9][0-9]*"#, options: .regularExpression) != nil)

        // A broken edit is refused and logged; a valid one applies.
        try EmbeddedConfiguration.yaml.replacingOccurrences(of: "strategy: least-occupied", with: "strategy: longest")
            .write(toFile: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        _ = try await log.wait(for: "configuration reload refused")
        try EmbeddedConfiguration.yaml.replacingOccurrences(of: "strategy: least-occupied", with: "strategy: round-robin")
            .write(toFile: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        let reloaded = try await log.wait(for: "configuration reloaded")
        #expect(reloaded.contains("~support(strategy)"))

        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<250 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        errors.fileHandleForReading.readabilityHandler = nil
    }
}
