import ArgumentParser
import Foundation
import SwitchboardBench
import SwitchboardTransport

/// Runs a scenario file (the default subcommand).
struct RunScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario against a server (--url) or one started for the run (--spawn).",
        discussion: "Exit status: 0 when every correctness check passed, 1 when one failed, 2 when the run could not start."
    )

    @Option(help: "Scenario file (YAML), e.g. Config/bench/smoke.yaml.")
    var scenario: String

    @Option(help: "WebSocket URL of a running server whose configuration matches the scenario (see write-config).")
    var url: String?

    @Flag(help: "Start `switchboard serve` (next to this binary) on a generated configuration and a free port, and stop it at the end.")
    var spawn = false

    @Option(name: .customLong("server-binary"), help: "The switchboard executable for --spawn (default: next to this binary).")
    var serverBinary: String?

    @Option(help: "Write the result as JSON to this file.")
    var json: String?

    @Option(help: "Print ratios against an earlier --json result.")
    var compare: String?

    @Option(help: "Override the scenario's duration, in seconds.")
    var duration: Double?

    @Option(help: "Client event-loop threads.")
    var threads = 1

    @Flag(help: "No live progress line.")
    var quiet = false

    func validate() throws {
        if spawn == (url != nil) { throw ValidationError("give exactly one of --url and --spawn") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive, got \(duration)") }
        if threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() async throws {
        let parsed: Scenario
        do {
            parsed = try ScenarioParser.load(contentsOf: scenario)
        } catch {
            printError("switchboard-bench: \(scenario): \(error)")
            throw ExitCode(2)
        }
        let earlier: BenchResult?
        if let compare {
            do { earlier = try BenchResult.load(contentsOf: compare) } catch {
                printError("switchboard-bench: cannot read --compare \(compare): \(error)")
                throw ExitCode(2)
            }
        } else {
            earlier = nil
        }

        var server: SpawnedServer?
        let target: String
        if spawn {
            do {
                server = try await SpawnedServer.start(executable: serverBinary ?? SpawnedServer.siblingExecutable(), scenario: parsed)
            } catch {
                printError("switchboard-bench: --spawn: \(error)")
                throw ExitCode(2)
            }
            target = server?.url ?? ""
            printError("switchboard-bench: spawned server at \(target) (config and log in \(server?.directory ?? ""))")
        } else {
            target = url ?? ""
        }

        let client: WebSocketClient
        do {
            client = try WebSocketClient(threads: threads, logger: makeLogger())
        } catch {
            printError("switchboard-bench: cannot start the client: \(error)")
            await server?.stop()
            throw ExitCode(2)
        }
        let runId = "\(parsed.name)-\(UInt32.random(in: 0...UInt32.max))"
        var beforeReload: (@Sendable (Int) -> Void)?
        if let spawned = server {
            beforeReload = { revision in spawned.rewriteConfig(for: parsed, revision: revision) }
        }
        let driver = FloorDriver(scenario: parsed, durationSeconds: duration, runId: runId, beforeReload: beforeReload)
        let agents = parsed.agents().count
        printError("switchboard-bench: \(parsed.name): \(agents) agents, \(parsed.sourceNames.count) sources, \(parsed.arrivals.ratePerSecond)/s for \(duration ?? parsed.durationSeconds ?? 0) s against \(target)")
        let quiet = self.quiet
        let result = await driver.run(connector: WebSocketBenchConnector(url: target, client: client)) { progress in
            if !quiet { printError(progress.line) }
        }
        await client.shutdown()
        await server?.stop()

        var report = ResultTable.render(result)
        if let earlier { report += "\n\n" + ResultTable.compare(result, to: earlier) }
        FileHandle.standardOutput.write(Data((report + "\n").utf8))
        if let json {
            do { try result.jsonData().write(to: URL(fileURLWithPath: json)) } catch {
                printError("switchboard-bench: cannot write \(json): \(error)")
            }
        }
        if result.setupError != nil { throw ExitCode(2) }
        if !result.correctnessPassed { throw ExitCode(1) }
    }
}
