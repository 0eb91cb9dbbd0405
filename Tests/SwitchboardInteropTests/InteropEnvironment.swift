import Foundation
import SwitchboardTesting

/// Where the interoperability suites find their scripts, their Python tools and the echo server.
///
/// The tools are installed once per test process (``PythonTools/prepare()``), shared by every test that
/// awaits `prepared()`.
enum InteropEnvironment {
    /// Why the suites cannot run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `Tests/Interop`, which holds the scripts.
    static var scripts: URL { PythonTools.scripts }

    /// The Python 3 of the venv that setup.sh makes (it has the `websockets` package).
    static var python3: String { PythonTools.python3 }

    /// Installs the Python tools if needed (once per process) and returns the echo server's command.
    static func prepared() async throws -> String {
        try await PythonTools.prepare()
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
            folders.append(PythonTools.packageRoot.appendingPathComponent(".build/\(configuration)"))
        }
        var seen = Set<String>()
        return folders
            .map { $0.appendingPathComponent("switchboard-echo").standardizedFileURL }
            .filter { seen.insert($0.path).inserted }
    }
}
