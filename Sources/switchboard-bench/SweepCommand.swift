import ArgumentParser
import Foundation
import Synchronization
import SwitchboardBench

/// Runs one scenario at increasing arrival rates and reports the largest rate whose enqueue → offer
/// p99 stays under a limit.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario at several arrival rates; report the largest rate with enqueue → offer p99 under --limit-ms.",
        discussion: """
            Each rate is a separate run (with --spawn, against a fresh server). The sweep stops at the first rate \
            that passes the limit or fails a correctness check, unless --all is given. \
            Exit status: 0 when at least one rate passed, 1 when none did, 2 when a run could not start.
            """
    )

    @OptionGroup var server: ServerOptions

    @Option(help: "Arrival rates to try, comma-separated, e.g. 500,750,1000,1500.")
    var rates: String

    @Option(help: "Seconds of arrivals per rate (default: the scenario's duration).")
    var duration: Double?

    @Option(name: .customLong("limit-ms"), help: "The enqueue → offer p99 a rate must stay under, in milliseconds.")
    var limitMs = 10.0

    @Flag(help: "Run every rate, even after one passed the limit.")
    var all = false

    @Option(help: "Write every run's result as a JSON array to this file.")
    var json: String?

    @Flag(help: "Print each run's full summary too.")
    var verbose = false

    func parsedRates() throws -> [Double] {
        let values = rates.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var parsed: [Double] = []
        for value in values {
            guard let rate = Double(value), rate > 0 else { throw ValidationError("--rates: \"\(value)\" is not a positive number") }
            parsed.append(rate)
        }
        guard !parsed.isEmpty else { throw ValidationError("--rates: give at least one rate") }
        return parsed
    }

    func validate() throws {
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive, got \(duration)") }
        if limitMs <= 0 { throw ValidationError("--limit-ms must be positive, got \(limitMs)") }
        _ = try parsedRates()
    }

    func run() async throws {
        let base: Scenario
        do {
            base = try ScenarioParser.load(contentsOf: server.scenario)
        } catch {
            printError("switchboard-bench: \(server.scenario): \(error)")
            throw ExitCode(2)
        }
        let session = server.session(quiet: true)
        var results: [BenchResult] = []
        var rows = [SweepTable.header]
        for rate in try parsedRates() {
            var scenario = base
            scenario.arrivals.ratePerSecond = rate
            let result: BenchResult
            do {
                result = try await session.run(scenario, duration: duration)
            } catch {
                printError("switchboard-bench: \(error)")
                throw ExitCode(error.exitCode)
            }
            results.append(result)
            let row = SweepTable.row(rate: rate, result)
            rows.append(row)
            printError(row)
            if verbose { printError(ResultTable.render(result)) }
            let failed = result.enqueueToOffer.p99Ms >= limitMs || !result.passed
            if ScenarioSession.interrupted.withLock({ $0 }) || (failed && !all) { break }
        }
        let passing = zip(try parsedRates(), results).filter { $0.1.enqueueToOffer.p99Ms < limitMs && $0.1.passed }.map(\.0)
        var report = rows.joined(separator: "\n")
        let limit = String(format: "%g", limitMs)
        if let best = passing.max() {
            report += "\nlargest rate with enqueue → offer p99 under \(limit) ms and correctness passed: \(String(format: "%g", best))/s"
        } else {
            report += "\nno rate kept enqueue → offer p99 under \(limit) ms with correctness passed"
        }
        FileHandle.standardOutput.write(Data((report + "\n").utf8))
        if let json {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(results).write(to: URL(fileURLWithPath: json))
            } catch {
                printError("switchboard-bench: cannot write \(json): \(error)")
            }
        }
        if passing.isEmpty { throw ExitCode(1) }
    }
}

/// The sweep's one line per rate.
enum SweepTable {
    static let header = "    rate  offered/s  interactions  e→o p50  e→o p99  p99.9      max  acc p99  msgs/s  correctness  load before → after"

    static func row(rate: Double, _ r: BenchResult) -> String {
        func f(_ value: Double, _ width: Int, _ digits: Int = 2) -> String {
            let text = String(format: "%.\(digits)f", value)
            return String(repeating: " ", count: max(1, width - text.count)) + text
        }
        let load = [r.loadAverageBefore, r.loadAverageAfter].map { $0.map { $0.map { String(format: "%.2f", $0) }.joined(separator: " ") } ?? "?" }
        return f(rate, 8, 0) + f(r.offeredRatePerSecond, 11, 1) + String(format: "%14d", r.enqueued)
            + f(r.enqueueToOffer.p50Ms, 9) + f(r.enqueueToOffer.p99Ms, 9) + f(r.enqueueToOffer.p999Ms, 9) + f(r.enqueueToOffer.maxMs, 9)
            + f(r.acceptRoundTrip.p99Ms, 9) + f(r.messagesPerSecond, 8, 0) + "  " + (r.passed ? "passed     " : "FAILED     ")
            + "  \(load[0]) → \(load[1])"
    }
}
