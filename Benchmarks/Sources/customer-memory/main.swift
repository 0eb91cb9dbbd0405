// Customer memory at scale: (1) resident memory per remembered customer and per contact, and the time
// per arrival, filling a `CustomerMemory` with N customers of k contacts each; (2) the start's rebuild
// from a store file of recent contacts, stage by stage. Each run is a process of its own.
//
//   swift build -c release --package-path Benchmarks --product customer-memory
//   Benchmarks/.build/release/customer-memory [memory|rebuild|all] [--runs 3] [--ids short|long]
//       memory:  [--customers 1000000] [--contacts-per-customer 1,3]
//       rebuild: [--interactions 1000000] [--customer-pool 400000] [--hours 20] [--dir /tmp] [--db PATH] [--keep]
import Foundation
import SwitchboardSignals
import SwitchboardStore

let options = Options.parse(CommandLine.arguments)

switch options.child {
case .memory:
    Child.report(measureFill(customers: options.customers, perCustomer: options.childContacts, ids: options.ids))
    exit(0)
case .rebuild:
    guard let path = options.database else { fail("--child rebuild needs --db") }
    do {
        Child.report(try await measureRebuild(path: path))
    } catch {
        fail("\(error)")
    }
    exit(0)
case .all, nil:
    break
}

say("command: \(CommandLine.arguments.joined(separator: " "))")
say("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(ProcessMeter.loadAverage()); "
    + "inline sizes: CustomerContact \(MemoryLayout<CustomerContact>.stride) B, StoredContact \(MemoryLayout<StoredContact>.stride) B, "
    + "CustomerContactRow \(MemoryLayout<CustomerContactRow>.stride) B")

if options.part != .rebuild {
    runMemoryPart(options)
}
if options.part != .memory {
    await runRebuildPart(options)
}

func runMemoryPart(_ options: Options) {
    say("\n## Memory per remembered customer (\(options.customers.grouped) customers, window 24 h, ids \(options.ids.rawValue))")
    say("Resident memory (/proc/self/statm, after malloc_trim) before and after the fill, in a new process per run.")
    say("`arrive` ns: wall-clock per call, round 1 (new customers) / later rounds (repeats); CPU ns in brackets.\n")
    say("| k | run | customers | contacts | RSS before | RSS after | Δ RSS | B / customer | B / contact | arrive ns, round 1 | arrive ns, repeats | assigned+finished ns / call | load |")
    say("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    var rows: [(Int, FillResult)] = []
    for k in options.contactsPerCustomer {
        for run in 1...options.runs {
            note("memory: k = \(k), run \(run) of \(options.runs)")
            let result = Child.run(["--child", "memory", "--customers", "\(options.customers)", "--child-contacts", "\(k)",
                                    "--ids", options.ids.rawValue], as: FillResult.self)
            rows.append((k, result))
            let first = result.arriveRounds[0]
            let repeats = result.arriveRounds.dropFirst().reduce(ProcessMeter.Span(), +)
            let repeatCalls = result.customers * (result.perCustomer - 1)
            let repeatText = repeatCalls > 0 ? "\(ns(repeats.wallNs, repeatCalls)) (\(ns(repeats.cpuNs, repeatCalls)))" : "–"
            say("| \(k) | \(run) | \(result.held.grouped) | \(result.contacts.grouped) | \(mb(result.residentBefore)) | \(mb(result.residentAfter)) "
                + "| \(mb(result.residentDelta)) | **\(Int(result.bytesPerCustomer.rounded()))** | \(Int(result.bytesPerContact.rounded())) "
                + "| \(ns(first.wallNs, result.customers)) (\(ns(first.cpuNs, result.customers))) | \(repeatText) "
                + "| \(ns(result.follow.wallNs, result.followCalls)) | \(ProcessMeter.loadAverage()) |")
        }
    }
    let checksum = rows.reduce(0) { $0 &+ $1.1.checksum }
    say("\n(checksum of the contexts' contact counts: \(checksum))")
}

func runRebuildPart(_ options: Options) async {
    let path: String
    var written: FixtureSummary?
    if let existing = options.database {
        path = existing
        say("\n## Rebuild from the store: \(path) (\(mb(fileBytes(path))))")
    } else {
        note("rebuild: writing \(options.interactions.grouped) interactions to a new store in \(options.directory)")
        do {
            let summary = try await writeStoreFixture(options: options)
            written = summary
            path = summary.path
        } catch {
            fail("writing the store failed: \(error)")
        }
    }
    if let summary = written {
        say("\n## Rebuild from the store")
        say("Store \(summary.path): \(summary.interactions.grouped) interactions of \(summary.customers.grouped) customers "
            + "(drawn from \(options.customerPool.grouped)) over the last \(options.hours) h, ids \(options.ids.rawValue): "
            + "\(summary.completed.grouped) completed, \(summary.abandoned.grouped) abandoned, \(summary.open.grouped) open; "
            + "\(summary.events.grouped) events written in \(String(format: "%.1f", summary.elapsed.wallMs / 1000)) s "
            + "(\(Int(Double(summary.events) / (summary.elapsed.wallMs / 1000)).grouped) events/s); file \(mb(summary.fileBytes)) "
            + "(\(summary.fileBytes.grouped) bytes) after close")
    }
    say("Each run: a new process opens the store (default configuration) and does what the server's start does: "
        + "`recentContacts(since: now − 24 h)`, map to `StoredContact`, `CustomerMemory.rebuild`, `prune(now:)`. "
        + "The file was just written, so the page cache is warm. ms wall-clock (CPU in brackets).\n")
    say("| run | open | (a) read | (b) map | (c) rebuild | prune | (d) total | rows | customers | contacts (open) | RSS start | RSS opened | RSS with rows | RSS after | peak RSS | load |")
    say("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    var results: [RebuildResult] = []
    for run in 1...options.runs {
        note("rebuild: run \(run) of \(options.runs)")
        let result = Child.run(["--child", "rebuild", "--db", path], as: RebuildResult.self)
        results.append(result)
        say("| \(run) | \(ms(result.open)) | \(ms(result.read)) | \(ms(result.map)) | \(ms(result.rebuild)) | \(ms(result.prune)) "
            + "| **\(ms(result.total))** | \(result.rows.grouped) | \(result.customers.grouped) | \(result.contacts.grouped) (\(result.openContacts.grouped)) "
            + "| \(mb(result.residentStart)) | \(mb(result.residentOpened)) | \(mb(result.residentWithRows)) | \(mb(result.residentAfter)) | \(mb(result.peakResident)) "
            + "| \(ProcessMeter.loadAverage()) |")
    }
    if let last = results.last, last.rows > 0 {
        let perRow = { (span: ProcessMeter.Span) in String(format: "%.2f", Double(span.wallNs) / 1000 / Double(last.rows)) }
        say("\nPer row, last run, µs wall-clock: read \(perRow(last.read)), map \(perRow(last.map)), rebuild \(perRow(last.rebuild)), "
            + "total \(perRow(last.total)); memory held after, per customer: "
            + "\(Int((Double(last.residentAfter - last.residentOpened) / Double(max(1, last.customers))).rounded())) B, per contact "
            + "\(Int((Double(last.residentAfter - last.residentOpened) / Double(max(1, last.contacts))).rounded())) B "
            + "(RSS after − RSS opened)")
    }
    if written != nil, !options.keep {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        say("(store file removed; --keep leaves it)")
    }
}

func mb(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_048_576)
}

func ms(_ span: ProcessMeter.Span) -> String {
    String(format: "%.0f (%.0f)", span.wallMs, span.cpuMs)
}

func ns(_ total: UInt64, _ calls: Int) -> String {
    String(format: "%.0f", Double(total) / Double(max(1, calls)))
}

extension Int {
    /// 1,000,000.
    var grouped: String {
        let digits = String(self.magnitude)
        var result = ""
        for (i, character) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return self < 0 ? "-" + result : result
    }
}
