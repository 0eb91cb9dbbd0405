import ArgumentParser
import Foundation
import SwitchboardBench

/// Runs a scenario file (the default subcommand).
struct RunScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario against a server (--url) or one started for the run (--spawn).",
        discussion: "Exit status: 0 when every correctness check passed (and the server's memory stayed under the scenario's limit), 1 when one failed, 2 when the run could not start."
    )

    @OptionGroup var server: ServerOptions

    @Option(help: "Write the result as JSON to this file.")
    var json: String?

    @Option(help: "Print ratios against an earlier --json result.")
    var compare: String?

    @Option(help: "Override the scenario's duration, in seconds.")
    var duration: Double?

    @Option(help: "Override the scenario's base arrival rate (interactions per second).")
    var rate: Double?

    @Flag(help: "No live progress line.")
    var quiet = false

    @Flag(help: "Print every second of the run after the summary (enqueue → offer and accept tails, bench timer lag).")
    var timeline = false

    func validate() throws {
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive, got \(duration)") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive, got \(rate)") }
    }

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioParser.load(contentsOf: server.scenario)
            if let rate { loaded.arrivals.ratePerSecond = rate }
        } catch {
            printError("switchboard-bench: \(server.scenario): \(error)")
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
        let session = server.session(quiet: quiet)
        let result: BenchResult
        do {
            result = try await session.run(loaded, duration: duration)
        } catch {
            printError("switchboard-bench: \(error)")
            throw ExitCode(error.exitCode)
        }
        var report = ResultTable.render(result)
        if timeline { report += "\n\n" + ResultTable.timeline(result) }
        if let earlier { report += "\n\n" + ResultTable.compare(result, to: earlier) }
        FileHandle.standardOutput.write(Data((report + "\n").utf8))
        if let json {
            do { try result.jsonData().write(to: URL(fileURLWithPath: json)) } catch {
                printError("switchboard-bench: cannot write \(json): \(error)")
            }
        }
        if result.setupError != nil { throw ExitCode(2) }
        if !result.passed { throw ExitCode(1) }
    }
}
