import Foundation
import Synchronization
import SwitchboardBench
import SwitchboardTransport

/// One scenario run against a server given by URL or spawned for the run; shared by `run` and `sweep`.
struct ScenarioSession {
    /// Why a run could not start; `exitCode` is the tool's exit status for it.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        var exitCode: Int32 = 2
    }

    var url: String?
    var spawn: Bool
    var serverBinary: String?
    var quiet: Bool
    /// Extra arguments for the spawned `serve` (e.g. `--no-store`).
    var serverArguments: [String] = []
    /// Keep the spawned server's directory (configuration, log, database) even after a clean run.
    var keepServerFiles = false
    /// With `url`: the server's process, for memory samples and SIGHUP reloads.
    var serverPid: Int32?

    /// Runs `scenario` (its rate and duration already overridden as asked) and returns the result with
    /// the load average before and after. Ctrl-C or SIGTERM ends the run early: the partial result is
    /// returned and the spawned server stopped.
    func run(_ scenario: Scenario, duration: Double?) async throws(Failure) -> BenchResult {
        let loadBefore = LoadAverage.current()
        var server: SpawnedServer?
        let target: String
        if spawn {
            let executable = serverBinary ?? SpawnedServer.siblingExecutable()
            if serverBinary == nil, let problem = SpawnedServer.buildIfMissing(executable, log: printError) {
                throw Failure(description: "--spawn: \(problem)")
            }
            do {
                server = try await SpawnedServer.start(executable: executable, scenario: scenario, extraArguments: serverArguments)
            } catch {
                throw Failure(description: "--spawn: \(error)")
            }
            target = server?.url ?? ""
            printError("switchboard-bench: spawned server at \(target) (config and log in \(server?.directory ?? ""))")
        } else {
            target = url ?? ""
        }

        let client: WebSocketClient
        do {
            // One loop: the floor and all its connections share it (see FloorDriver).
            client = try WebSocketClient(threads: 1, logger: makeLogger())
        } catch {
            await server?.stop()
            throw Failure(description: "cannot start the client: \(error)")
        }
        let runId = "\(scenario.name)-\(UInt32.random(in: 0...UInt32.max))"
        var beforeReload: (@Sendable (Int) -> Void)?
        var signalReload: (@Sendable () -> Void)?
        let pid = server?.pid ?? serverPid
        if let spawned = server {
            beforeReload = { revision in spawned.rewriteConfig(for: scenario, revision: revision) }
            signalReload = { spawned.signalReload() }
        } else if let pid {
            signalReload = { _ = kill(pid, SIGHUP) }
        }
        if scenario.memory != nil, pid == nil {
            printError("switchboard-bench: the scenario samples the server's memory, but its process is unknown (give --server-pid): not sampled")
        }
        let driver = FloorDriver(scenario: scenario, durationSeconds: duration, runId: runId, beforeReload: beforeReload,
                                 signalReload: signalReload)
        let agents = scenario.agents().count
        var extras = ""
        if let spike = scenario.spike {
            extras += " + \(spike.ratePerSecond)/s about \(spike.topic) from \(spike.startSeconds) s for \(spike.durationSeconds) s"
        }
        let watched = (scenario.watchesAlerts ? ["alerts"] : []) + (scenario.watchesAgents ? ["the agents' day"] : [])
        if !watched.isEmpty { extras += ", a supervisor watching " + watched.joined(separator: " and ") }
        printError("switchboard-bench: \(scenario.name): \(agents) agents, \(scenario.sourceNames.count) sources, \(scenario.arrivals.ratePerSecond)/s\(extras) for \(duration ?? scenario.durationSeconds ?? 0) s against \(target); load average \(loadBefore?.text ?? "unknown")")
        let quiet = self.quiet
        let trap = SignalTrap([SIGINT, SIGTERM])
        let interrupts = Task {
            for await _ in trap.signals {
                ScenarioSession.interrupted.withLock { $0 = true }
                driver.interrupt()
            }
        }
        let threadsBefore = pid.flatMap(ServerThreadUsage.sample)
        var result = await driver.run(connector: WebSocketBenchConnector(url: target, client: client), serverPid: pid) { progress in
            if !quiet { printError(progress.line) }
        }
        if let threadsBefore, let pid, let threadsAfter = ServerThreadUsage.sample(pid: pid) {
            printError(ServerThreadUsage.report(threadsAfter.since(threadsBefore), interactions: result.enqueued))
        }
        interrupts.cancel()
        await client.shutdown()
        // A failed run keeps its server's configuration, log and database for a look.
        let keep = keepServerFiles || !result.passed
        await server?.stop(removeFiles: !keep)
        if keep, let directory = server?.directory { printError("switchboard-bench: server files kept in \(directory)") }
        result.loadAverageBefore = loadBefore?.values
        result.loadAverageAfter = LoadAverage.current()?.values
        return result
    }

    /// Set once the user asked to stop (a sweep then runs no further rate).
    static let interrupted = Mutex(false)
}

/// `/proc/loadavg`: the 1, 5 and 15 minute load averages.
struct LoadAverage {
    var values: [Double]

    var text: String { values.map { String(format: "%.2f", $0) }.joined(separator: ", ") }

    static func current() -> LoadAverage? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let values = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        return values.count == 3 ? LoadAverage(values: values) : nil
    }
}
