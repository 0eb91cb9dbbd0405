public import Foundation

/// The Python tools the interoperability and operations suites drive (a `websockets` client,
/// Autobahn|Testsuite, `prometheus_client`'s parser, schemathesis, PyJWT), installed once per test
/// process by `Tests/Interop/setup.sh` (itself a no-op when its stamp file is current; `.ci/run`
/// runs it first).
public enum PythonTools {
    /// Why the tools cannot be used.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The package root, from this file's path: `<root>/Sources/SwitchboardTesting/<file>`.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Interop`, which holds setup.sh and the interoperability scripts.
    public static let scripts = packageRoot.appendingPathComponent("Tests/Interop")

    /// The folder setup.sh installs into (`SWITCHBOARD_INTEROP_DIR` overrides, as for the script).
    public static let folder: URL = {
        if let folder = ProcessInfo.processInfo.environment["SWITCHBOARD_INTEROP_DIR"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return packageRoot.appendingPathComponent(".build-interop")
    }()

    /// The Python 3 of the venv setup.sh makes.
    public static var python3: String { folder.appendingPathComponent("py3/bin/python").path }

    /// A command of that venv (`schemathesis`).
    public static func command(_ name: String) -> String { folder.appendingPathComponent("py3/bin/\(name)").path }

    /// The one run of setup.sh for this process, started by the first test that needs it.
    private static let setup = Task<Result<Void, Failure>, Never> {
        let script = scripts.appendingPathComponent("setup.sh").path
        do {
            let run = try await ScriptRun.run(["/bin/bash", script], timeLimit: .seconds(900))
            return run.succeeded ? .success(()) : .failure(Failure(description: run.report))
        } catch {
            return .failure(Failure(description: "could not start \(script): \(error)"))
        }
    }

    /// Installs the tools if needed (once per process).
    public static func prepare() async throws {
        try await setup.value.get()
    }

    /// Runs a Python script given as text with the venv's Python, `arguments` following it, and
    /// returns how it ended with its whole output.
    public static func run(script: String, arguments: [String] = [], environment: [String: String] = [:],
                           timeLimit: Duration = .seconds(120)) async throws -> ScriptRun {
        try await prepare()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID().uuidString).py").path
        guard FileManager.default.createFile(atPath: path, contents: Data(script.utf8)) else {
            throw Failure(description: "could not write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await ScriptRun.run([python3, path] + arguments, environment: environment, timeLimit: timeLimit)
    }
}
