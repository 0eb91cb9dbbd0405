public import ArgumentParser
import Foundation
import SwitchboardConfig
import SwitchboardStore

/// `switchboard report`: KPIs per queue and per agent for a period, read from the store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print per-queue and per-agent KPIs for a period from the store.",
        discussion: """
            Dates are ISO 8601: a date (2026-11-24) or a date-time (2026-11-24T08:00:00Z); UTC when no \
            offset is given. A date given to --to includes that whole day. Service level counts answers \
            within the threshold over all answers. With --config, the database path and each queue's \
            service_level_seconds come from that configuration (--db and --queue-threshold still win), and \
            a handled contact closed with one of its wellbeing.demanding.dispositions counts as demanding \
            (beside those the server marked demanding when they arrived).
            """
    )

    @Option(name: .long, help: "The store's database file (default: the configuration's store.path, else switchboard.sqlite).")
    var db: String?

    @Option(name: .long, help: "Server configuration (YAML) to take the database path, service-level thresholds and demanding dispositions from.")
    var config: String?

    @Option(name: .long, help: "Start of the period (default: today 00:00 UTC).")
    var from: String?

    @Option(name: .long, help: "End of the period, exclusive for date-times (default: now).")
    var to: String?

    @Option(name: .long, help: "Only this queue.")
    var queue: String?

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: ReportFormat = .table

    @Option(name: .customLong("sl-threshold"), help: "Service-level threshold in seconds for every queue.")
    var serviceLevelThreshold: Double = 20

    @Option(name: .customLong("queue-threshold"), help: "A queue's own service-level threshold: NAME=SECONDS (repeatable).")
    var queueThresholds: [String] = []

    func run() async throws {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        var configured: SwitchboardConfiguration?
        if let config {
            do {
                configured = try ConfigLoader.load(contentsOf: config)
            } catch {
                throw ValidationError("--config '\(config)': \(error.description)")
            }
        }
        let db = self.db ?? configured?.store.path ?? "switchboard.sqlite"
        var thresholds: [String: Int64] = [:]
        for queue in configured?.queues ?? [] {
            thresholds[queue.name] = Int64(queue.serviceLevelSeconds * 1000)
        }
        let query: ReportQuery
        do {
            let start = try from.map { try ReportDate.parse($0, option: "--from") } ?? (now - now % 86_400_000)
            let end = try to.map { try ReportDate.parse($0, option: "--to", endOfDay: true) } ?? now
            guard end > start else {
                throw ValidationError("--to must be after --from (got \(from ?? "today") to \(to ?? "now"))")
            }
            query = ReportQuery(from: start, to: end, queue: queue, serviceLevelThresholdsMs: thresholds.merging(try parsedThresholds()) { $1 },
                                defaultServiceLevelThresholdMs: Int64(serviceLevelThreshold * 1000), now: now,
                                demandingDispositions: configured.map(Self.demandingDispositions) ?? [])
        } catch let error as ReportDate.InvalidValue {
            throw ValidationError(error.description)
        }
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("--db '\(db)': no such database file")
        }
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let store = try Store(path: db, configuration: configuration)
        let report = try await store.report(query)
        await store.close()
        print(report.formatted(format), terminator: "")
    }

    /// The dispositions that make a contact demanding after the fact, as the server reads them: none
    /// while the wellbeing guard is off (the server then marks no work demanding).
    static func demandingDispositions(_ configuration: SwitchboardConfiguration) -> Set<String> {
        configuration.wellbeing.enabled ? Set(configuration.wellbeing.demanding.dispositions) : []
    }

    private func parsedThresholds() throws -> [String: Int64] {
        var thresholds: [String: Int64] = [:]
        for entry in queueThresholds {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let seconds = Double(parts[1]), seconds >= 0 else {
                throw ValidationError("--queue-threshold '\(entry)' is not NAME=SECONDS")
            }
            thresholds[parts[0]] = Int64(seconds * 1000)
        }
        return thresholds
    }
}

extension ReportFormat: ExpressibleByArgument {}
