import Foundation

/// A `switchboard serve` child process on a generated configuration, for `--spawn`.
///
/// Started on port 0; the URL comes from the `listening on HOST:PORT` line the server writes to stderr.
/// The rest of its output goes to `server.log` in the run's directory, so a full pipe never blocks it.
public final class SpawnedServer: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public let url: String
    public let directory: String
    public let configPath: String
    private let process: Process
    private let lock = NSLock()

    private init(url: String, directory: String, configPath: String, process: Process) {
        self.url = url
        self.directory = directory
        self.configPath = configPath
        self.process = process
    }

    /// The `switchboard` binary next to the running executable.
    public static func siblingExecutable(named name: String = "switchboard") -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// When `executable` is missing but sits in a SwiftPM build folder (`…/.build/<triple>/<configuration>/`),
    /// builds the server product there, so that `swift run switchboard-bench … --spawn` works on a clean clone.
    /// Returns a description of what failed, or nil.
    public static func buildIfMissing(_ executable: String, log: (String) -> Void) -> String? {
        guard !FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let configuration = directory.lastPathComponent
        let components = directory.pathComponents
        guard ["debug", "release"].contains(configuration), let buildIndex = components.lastIndex(of: ".build") else {
            return "no server executable at \(executable)"
        }
        let root = NSString.path(withComponents: Array(components[..<buildIndex]))
        let name = URL(fileURLWithPath: executable).lastPathComponent
        log("switchboard-bench: building \(name) (swift build -c \(configuration) --product \(name)) in \(root)…")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "-c", configuration, "--product", name]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "could not run swift build for \(name): \(error)"
        }
        guard process.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: executable) else {
            return "swift build -c \(configuration) --product \(name) failed (status \(process.terminationStatus))"
        }
        return nil
    }

    /// Writes the scenario's server configuration into a new temporary directory and starts the server on it,
    /// with `extraArguments` added to `serve` (e.g. `--no-store`).
    public static func start(executable: String, scenario: Scenario, extraArguments: [String] = [],
                             timeoutSeconds: Double = 60) async throws -> SpawnedServer {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw StartError(description: "no server executable at \(executable) (build it with `swift build -c release --product switchboard`, or pass --server-binary)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configPath = directory + "/switchboard.yaml"
        let storePath = directory + "/bench.sqlite"
        try ServerConfigWriter.yaml(for: scenario, port: 8080, storePath: storePath).write(toFile: configPath, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--config", configPath, "--host", "127.0.0.1", "--port", "0", "--db", storePath] + extraArguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        _ = FileManager.default.createFile(atPath: directory + "/server.log", contents: nil)
        let log = FileHandle(forWritingAtPath: directory + "/server.log")
        process.standardOutput = log ?? FileHandle.nullDevice
        try process.run()

        let found = LineWaiter()
        let reader = errors.fileHandleForReading
        // A plain thread reads stderr until EOF: finds the listening line, then keeps the pipe drained.
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                log?.write(chunk)
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if let range = line.range(of: "listening on ") {
                        found.offer(String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces))
                    }
                }
            }
            found.offer(nil)
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while true {
            // Looked at once more after the deadline: this task may have been held up (a busy
            // cooperative pool) while the reader thread already saw the line.
            if let state = found.state {
                guard let address = state else { break }
                return SpawnedServer(url: "ws://\(address)/v1/ws", directory: directory, configPath: configPath, process: process)
            }
            if !process.isRunning || Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { process.terminate() }
        let tail = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
        throw StartError(description: "the server did not print \"listening on HOST:PORT\" within \(Int(timeoutSeconds)) s (log in \(directory)/server.log):\n\(tail)")
    }

    /// Rewrites the configuration file for the given reload number (the probe queue comes and goes).
    public func rewriteConfig(for scenario: Scenario, revision: Int) {
        let yaml = ServerConfigWriter.yaml(for: scenario, port: 8080, storePath: directory + "/bench.sqlite", revision: revision)
        lock.withLock { try? yaml.write(toFile: configPath, atomically: true, encoding: .utf8) }
    }

    /// SIGTERM, then waits up to `timeoutSeconds` before SIGKILL. With `removeFiles`, the temporary
    /// directory (configuration, log, database) goes too.
    public func stop(timeoutSeconds: Double = 10, removeFiles: Bool = false) async {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(timeoutSeconds)
            while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        if removeFiles { try? FileManager.default.removeItem(atPath: directory) }
    }

    public var isRunning: Bool { process.isRunning }

    /// The server's process id (for resident memory samples).
    public var pid: Int32 { process.processIdentifier }

    /// SIGHUP: the server reloads its configuration file, as an operator's script would ask it to.
    public func signalReload() {
        if process.isRunning { kill(process.processIdentifier, SIGHUP) }
    }
}

/// Hands the first line found (or nil at EOF) from the reader thread to the waiting task.
private final class LineWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String??

    func offer(_ line: String?) {
        lock.withLock { if value == nil { value = .some(line) } }
    }

    var state: String?? { lock.withLock { value } }
}
