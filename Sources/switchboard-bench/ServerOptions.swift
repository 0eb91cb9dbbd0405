import ArgumentParser

/// Where a scenario runs: a server given by URL, or one spawned for the run. Shared by `run` and `sweep`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Scenario file (YAML), e.g. Config/bench/steady-2k.yaml.")
    var scenario: String

    @Option(help: "WebSocket URL of a running server whose configuration matches the scenario (see write-config).")
    var url: String?

    @Flag(help: "Start `switchboard serve` (next to this binary) on a generated configuration and a free port for the run (for each rate of a sweep), and stop it at the end.")
    var spawn = false

    @Flag(name: .customLong("no-store"), help: "With --spawn: run the server without its durable store (to compare).")
    var noStore = false

    @Flag(name: .customLong("keep-server-files"), help: "With --spawn: keep the server's configuration, log and database after a clean run.")
    var keepServerFiles = false

    @Option(name: .customLong("server-binary"), help: "The switchboard executable for --spawn (default: next to this binary).")
    var serverBinary: String?

    @Option(name: .customLong("server-pid"), help: "With --url: the server's process id, for the scenario's memory samples and SIGHUP reloads.")
    var serverPid: Int32?

    func validate() throws {
        if spawn == (url != nil) { throw ValidationError("give exactly one of --url and --spawn") }
        if serverPid != nil, spawn { throw ValidationError("--server-pid goes with --url (a spawned server's process is known)") }
    }

    func session(quiet: Bool) -> ScenarioSession {
        ScenarioSession(url: url, spawn: spawn, serverBinary: serverBinary, quiet: quiet,
                        serverArguments: noStore ? ["--no-store"] : [], keepServerFiles: keepServerFiles, serverPid: serverPid)
    }
}
