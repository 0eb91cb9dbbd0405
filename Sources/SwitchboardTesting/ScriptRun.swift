public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of one child process: its exit status and everything it wrote to stdout and stderr.
public struct ScriptRun: Sendable {
    /// The command line, for messages.
    public let command: String
    /// The exit status, or 128 + the signal number when a signal ended it.
    public let status: Int32
    /// stdout and stderr, interleaved as written.
    public let output: String
    /// Whether the process was stopped for running past its time limit.
    public let timedOut: Bool
    /// Wall-clock seconds the process ran.
    public let seconds: Double

    /// Whether the process exited by itself with status 0.
    public var succeeded: Bool { status == 0 && !timedOut }

    /// How it ended followed by its whole output, for failure messages.
    public var report: String {
        let ending = timedOut ? "was stopped at its time limit" : "exited with status \(status)"
        return "\(command) \(ending) after \(String(format: "%.1f", seconds)) s; output:\n\(output)"
    }

    /// Why a child could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `arguments[0]` (a path) with the remaining arguments and waits without blocking a thread.
    ///
    /// The child starts with no blocked signals and default signal handling: the test runner blocks
    /// SIGTERM and ignores SIGINT, which children would otherwise inherit, and the scripts' shutdown checks
    /// send SIGTERM to the servers they start. The child leads its own process group; past `timeLimit` the
    /// whole group gets SIGTERM, then SIGKILL, so no server outlives the test.
    public static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeLimit: Duration
    ) async throws -> ScriptRun {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-script-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }

        let pid = try spawn(arguments, environment: environment, outputPath: outputPath)
        let clock = ContinuousClock()
        let start = clock.now
        var timedOut = false
        var killAt: ContinuousClock.Instant?
        var waitStatus: Int32 = 0
        while true {
            let reaped = waitpid(pid, &waitStatus, WNOHANG)
            if reaped == pid || (reaped == -1 && errno != EINTR) {
                break
            }
            let now = clock.now
            if !timedOut, now - start > timeLimit {
                timedOut = true
                kill(-pid, SIGTERM)
                killAt = now + .seconds(15)
            } else if let deadline = killAt, now > deadline {
                kill(-pid, SIGKILL)
                killAt = nil
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        // Whatever the script left behind in its group goes with it.
        kill(-pid, SIGKILL)
        let elapsed = clock.now - start
        let signal = waitStatus & 0x7F
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return ScriptRun(
            command: arguments.joined(separator: " "),
            status: signal == 0 ? (waitStatus >> 8) & 0xFF : 128 + signal,
            output: String(decoding: data, as: UTF8.self),
            timedOut: timedOut,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }

    private static func spawn(_ arguments: [String], environment: [String: String], outputPath: String) throws -> pid_t {
        guard let executable = arguments.first else {
            throw SpawnError(description: "no command to run")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&files, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&files, 1, 2)

        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &files, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }
}
