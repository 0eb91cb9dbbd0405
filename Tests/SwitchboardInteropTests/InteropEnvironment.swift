import Foundation

/// Where the interoperability suites find their scripts, their Python tools and the echo server.
///
/// The tools are installed once per test process by `Tests/Interop/setup.sh` (itself a no-op when its
/// stamp file is current), shared by every test that awaits `prepared()`.
enum InteropEnvironment {
    /// Why the suites cannot run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root, from this file's path: `<root>/Tests/SwitchboardInteropTests/<file>`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Interop`, which holds the scripts.
    static let scripts = packageRoot.appendingPathComponent("Tests/Interop")

    /// The folder setup.sh installs into (`SWITCHBOARD_INTEROP_DIR` overrides, as for the scripts).
    static let tools: URL = {
        if let folder = ProcessInfo.processInfo.environment["SWITCHBOARD_INTEROP_DIR"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return packageRoot.appendingPathComponent(".build-interop")
    }()

    /// The Python 3 of the venv that setup.sh makes (it has the `websockets` package).
    static var python3: String { tools.appendingPathComponent("py3/bin/python").path }

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

    /// Installs the Python tools if needed (once per process) and returns the echo server's command.
    static func prepared() async throws -> String {
        try await setup.value.get()
        return try echoServerCommand()
    }

    /// The echo server's command: `SWITCHBOARD_ECHO_BIN` if set (a path, or a command line such as
    /// "python3 reference_echo.py" for a stand-in), else the `switchboard-echo` built with the tests.
    static func echoServerCommand() throws -> String {
        if let override = ProcessInfo.processInfo.environment["SWITCHBOARD_ECHO_BIN"], !override.isEmpty {
            return override
        }
        let candidates = echoServerCandidates()
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "switchboard-echo not found; looked at "
                + candidates.map(\.path).joined(separator: ", ") + " (set SWITCHBOARD_ECHO_BIN to override)")
        }
        return found.path
    }

    /// The build products folder holds the test runner and the executables it depends on; the package's
    /// `.build/debug` is a last resort (e.g. a runner started from elsewhere).
    private static func echoServerCandidates() -> [URL] {
        var folders: [URL] = []
        if let runner = CommandLine.arguments.first, runner.contains("/") {
            folders.append(URL(fileURLWithPath: runner).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        let bundle = Bundle.main.bundleURL
        folders += [bundle, bundle.deletingLastPathComponent()]
        for configuration in ["debug", "release"] {
            folders.append(packageRoot.appendingPathComponent(".build/\(configuration)"))
        }
        var seen = Set<String>()
        return folders
            .map { $0.appendingPathComponent("switchboard-echo").standardizedFileURL }
            .filter { seen.insert($0.path).inserted }
    }
}
