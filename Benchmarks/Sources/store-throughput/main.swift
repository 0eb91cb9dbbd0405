// Routing throughput with the store off and on, in alternating rounds under the same machine load,
// and the events/s the store absorbs meanwhile. Exits 1 if any acknowledgement went missing.
//
//   swift run -c release store-throughput [--agents 200,2000] [--seconds 5] [--rounds 3] [--warmup 1]
//                                         [--dir PATH] [--sync full|normal] [--commit-interval-ms 2]
//                                         [--customers 0,100000] [--memory on|off|both] [--read-back 1000000]
//
// `--customers` lists distinct customer-id counts the enqueued interactions cycle through (0, the
// default: no customer id). Every count is measured in each round (in alternating order), store off
// and on, and the summary compares the events/s and the store writer thread's CPU per event of each
// count with the first: `--customers 0,100000` gives the writer's cost of the customer index.
// `--memory both` measures every count above 0 with customer memory on and off (`customers.memory`),
// so the store-off column compares routing with and without it: `--customers 1000000 --memory both`.
// `--read-back N` then writes N contacts (two events each; 20 queues, 10 topics) to fresh stores with
// no customer ids and with the last count's (or N/3), in the same alternating rounds: the writer alone,
// without routing, and its CPU per event. It times reading the last store back as the server does at
// start (recentContacts, arrivals) and one history page.
import Foundation
import HubLoad
import SwitchboardStore

struct Options {
    var agents = [200]
    /// Distinct customer ids per measured layout; 0 sends none.
    var customers = [0]
    /// Customer memory settings each count above 0 is measured with.
    var memory = [true]
    var seconds = 5.0
    var rounds = 3
    var warmup = 1.0
    var directory: String?
    var syncEveryCommit = true
    /// The store's group-commit wait; nil keeps the default.
    var commitIntervalMs: Int?
    /// The most events per transaction; nil keeps the default.
    var maxBatch: Int?
    /// WAL pages that start a background checkpoint; nil keeps the default.
    var checkpointPages: Int?
    /// Contacts written to a fresh store and read back with `recentContacts` and `arrivals` (0: skip).
    var readBack = 0

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments.dropFirst()
        func value(_ name: String) -> String {
            guard let text = rest.popFirst() else { fail("\(name) needs a value") }
            return text
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--agents":
                let list = value(argument).split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                guard !list.isEmpty else { fail("--agents wants positive counts, e.g. 200,2000") }
                options.agents = list
            case "--customers":
                let text = value(argument)
                let list = text.split(separator: ",").map { Int($0) }
                guard !list.isEmpty, list.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                    fail("--customers wants whole numbers ≥ 0, e.g. 0,100000 (0: no customer ids), not '\(text)'")
                }
                options.customers = list.compactMap { $0 }
            case "--memory":
                switch value(argument) {
                case "on": options.memory = [true]
                case "off": options.memory = [false]
                case "both": options.memory = [true, false]
                case let other: fail("--memory is on, off or both, not '\(other)'")
                }
            case "--seconds": options.seconds = positive(value(argument), argument)
            case "--warmup": options.warmup = Double(value(argument)) ?? 1
            case "--rounds": options.rounds = max(1, Int(positive(value(argument), argument)))
            case "--dir": options.directory = value(argument)
            case "--commit-interval-ms":
                guard let ms = Int(value(argument)), ms >= 0 else { fail("--commit-interval-ms wants a whole number ≥ 0") }
                options.commitIntervalMs = ms
            case "--max-batch":
                guard let size = Int(value(argument)), size > 0 else { fail("--max-batch wants a whole number > 0") }
                options.maxBatch = size
            case "--checkpoint-pages":
                guard let pages = Int(value(argument)), pages >= 0 else { fail("--checkpoint-pages wants a whole number ≥ 0") }
                options.checkpointPages = pages
            case "--read-back":
                guard let count = Int(value(argument)), count >= 0 else { fail("--read-back wants a whole number ≥ 0") }
                options.readBack = count
            case "--sync":
                switch value(argument) {
                case "full": options.syncEveryCommit = true
                case "normal": options.syncEveryCommit = false
                case let other: fail("--sync is full or normal, not '\(other)'")
                }
            default: fail("unknown argument '\(argument)'")
            }
        }
        return options
    }

    static func positive(_ text: String, _ name: String) -> Double {
        guard let number = Double(text), number > 0 else { fail("\(name) wants a positive number, not '\(text)'") }
        return number
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("store-throughput: \(message)\n".utf8))
    exit(2)
}

/// Written straight to the file descriptor so progress shows at once when piped.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Sample {
    var cyclesPerSecond: Double
    /// Hub CPU per cycle in the window, in microseconds.
    var hubMicroseconds: Double
    var windowEventsPerSecond: Double
    /// CPU of the store's writer and checkpointer threads per event committed in the window, in
    /// microseconds (nil with the store off or without /proc).
    var writerMicroseconds: Double?
    var checkpointerMicroseconds: Double?
    var report: HubLoadReport
}

/// CPU time so far of this process's threads named `name` (the store names its threads), in
/// nanoseconds: from `schedstat` (nanoseconds on the CPU), else `stat` (clock ticks); nil when none.
func threadCPUNanoseconds(named name: String) -> Int64? {
    guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return nil }
    var total: Int64?
    for task in tasks {
        let base = "/proc/self/task/\(task)"
        guard let comm = try? String(contentsOfFile: base + "/comm", encoding: .utf8),
              comm.trimmingCharacters(in: .whitespacesAndNewlines) == name else { continue }
        if let schedstat = try? String(contentsOfFile: base + "/schedstat", encoding: .utf8),
           let first = schedstat.split(separator: " ").first, let ns = Int64(first) {
            total = (total ?? 0) + ns
        } else if let stat = try? String(contentsOfFile: base + "/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") {
            // Fields after the command: state is field 3, utime and stime are 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) {
                total = (total ?? 0) + (user + system) * 1_000_000_000 / Int64(max(1, sysconf(Int32(_SC_CLK_TCK))))
            }
        }
    }
    return total
}

func measure(layout: HubLoadLayout, storeOn: Bool, options: Options) async -> Sample {
    var configuration = StoreConfiguration()
    configuration.syncEveryCommit = options.syncEveryCommit
    if let ms = options.commitIntervalMs { configuration.commitIntervalMs = ms }
    if let size = options.maxBatch { configuration.maxBatchSize = size }
    if let pages = options.checkpointPages { configuration.walAutoCheckpointPages = pages }
    let run: HubLoadRun
    do {
        run = try await HubLoadRun.start(layout: layout, withStore: storeOn, storeConfiguration: configuration, directory: options.directory)
    } catch {
        fail("\(error)")
    }
    _ = await run.route(for: .milliseconds(Int(options.warmup * 1000)))
    let eventsBefore = run.store?.statistics.committedEvents ?? 0
    let cpuBefore = await run.hubCPU
    let writerBefore = threadCPUNanoseconds(named: "sb-store-writer")
    let checkpointerBefore = threadCPUNanoseconds(named: "sb-checkpointer") ?? 0
    let window = await run.route(for: .milliseconds(Int(options.seconds * 1000)))
    let cpuAfter = await run.hubCPU
    let writerAfter = threadCPUNanoseconds(named: "sb-store-writer")
    let checkpointerAfter = threadCPUNanoseconds(named: "sb-checkpointer") ?? 0
    let eventsAfter = run.store?.statistics.committedEvents ?? 0
    let report = await run.finish()
    let windowSeconds = window.elapsed.seconds
    let windowEvents = Double(max(1, eventsAfter - eventsBefore))
    var writer: Double?
    var checkpointer: Double?
    if storeOn, let writerBefore, let writerAfter {
        writer = Double(writerAfter - writerBefore) / 1_000 / windowEvents
        checkpointer = Double(checkpointerAfter - checkpointerBefore) / 1_000 / windowEvents
    }
    return Sample(cyclesPerSecond: Double(window.cycles) / windowSeconds,
                  hubMicroseconds: (cpuAfter - cpuBefore).seconds * 1e6 / Double(max(1, window.cycles)),
                  windowEventsPerSecond: Double(eventsAfter - eventsBefore) / windowSeconds,
                  writerMicroseconds: writer, checkpointerMicroseconds: checkpointer, report: report)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

/// The samples of one layout (agents and customer ids), store off and on.
struct Samples {
    var off: [Double] = []
    var on: [Double] = []
    var events: [Double] = []
    var hubOff: [Double] = []
    var hubOn: [Double] = []
    var windowEvents: [Double] = []
    var writer: [Double] = []
    var checkpointer: [Double] = []

    mutating func add(_ sample: Sample, storeOn: Bool) {
        if storeOn {
            on.append(sample.cyclesPerSecond)
            hubOn.append(sample.hubMicroseconds)
            events.append(sample.report.eventsPerSecond)
            windowEvents.append(sample.windowEventsPerSecond)
            if let microseconds = sample.writerMicroseconds { writer.append(microseconds) }
            if let microseconds = sample.checkpointerMicroseconds { checkpointer.append(microseconds) }
        } else {
            off.append(sample.cyclesPerSecond)
            hubOff.append(sample.hubMicroseconds)
        }
    }
}

func customersText(_ customers: Int) -> String {
    customers == 0 ? "no customer ids" : "\(customers) customer ids"
}

func layoutText(_ layout: HubLoadLayout) -> String {
    customersText(layout.customers) + (layout.customers > 0 && !layout.customerMemory ? ", memory off" : "")
}

func microseconds(_ values: [Double]) -> String {
    values.isEmpty ? "?" : String(format: "%.2f", median(values))
}

let options = Options.parse(CommandLine.arguments)
say("store-throughput: \(options.rounds) round(s) of \(options.seconds) s per mode after \(options.warmup) s warm-up; "
    + "synchronous \(options.syncEveryCommit ? "FULL" : "NORMAL"), group commit \(options.commitIntervalMs ?? StoreConfiguration().commitIntervalMs) ms, \(options.maxBatch ?? StoreConfiguration().maxBatchSize) events at most per transaction; load average \(loadAverage()) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
var allClean = true
var summaries: [String] = []
for agents in options.agents {
    let layouts = options.customers.flatMap { count in
        count == 0 ? [HubLoadLayout(agents: agents)] : options.memory.map { HubLoadLayout(agents: agents, customers: count, customerMemory: $0) }
    }
    say("\n\(agents) agents, \(layouts[0].queues) queues, \(layouts[0].openInteractions) interactions kept open; "
        + layouts.map(layoutText).joined(separator: ", then "))
    var samples = Array(repeating: Samples(), count: layouts.count)
    for round in 1...options.rounds {
        // Alternate the order of the modes and of the customer counts, so a drift in machine load
        // favours none of them.
        let order = round % 2 == 1 ? [false, true] : [true, false]
        let layoutOrder = round % 2 == 1 ? Array(layouts.indices) : layouts.indices.reversed()
        for index in layoutOrder {
            let layout = layouts[index]
            for storeOn in order {
                let sample = await measure(layout: layout, storeOn: storeOn, options: options)
                samples[index].add(sample, storeOn: storeOn)
                allClean = allClean && sample.report.isClean
                say("  round \(round), \(layoutText(layout)), store \(storeOn ? "on " : "off"): \(Int(sample.cyclesPerSecond)) cycles/s measured, "
                    + "hub CPU \(String(format: "%.1f", sample.hubMicroseconds)) µs/cycle"
                    + (storeOn ? ", \(Int(sample.windowEventsPerSecond)) events/s committed in the window" : "")
                    + (sample.writerMicroseconds.map { ", writer \(String(format: "%.2f", $0)) µs/event" } ?? "")
                    + (sample.checkpointerMicroseconds.map { ", checkpointer \(String(format: "%.2f", $0)) µs/event" } ?? "")
                    + " [load \(loadAverage())]\n    \(sample.report.summary)")
                if !sample.report.isClean {
                    say("    !!! RUN NOT CLEAN: missing acknowledgements \(sample.report.tally.missingAcknowledgements), "
                        + "errors \(sample.report.tally.errors), dropped \(sample.report.droppedEvents), stalled \(sample.report.stalled)")
                }
            }
        }
    }
    for (layout, s) in zip(layouts, samples) {
        let ratio = median(s.off) > 0 ? median(s.on) / median(s.off) : 0
        summaries.append("\(agents) agents, \(layoutText(layout)): store off \(Int(median(s.off))) cycles/s, store on \(Int(median(s.on))) cycles/s, "
            + "on/off \(String(format: "%.3f", ratio)) (\(String(format: "%+.1f", (ratio - 1) * 100)) %); "
            + "store \(Int(median(s.events))) events/s through final flush, \(Int(median(s.windowEvents))) in the window (medians of \(options.rounds))")
        let costRatio = median(s.hubOff) > 0 ? median(s.hubOn) / median(s.hubOff) : 0
        summaries.append("    hub CPU per cycle: store off \(String(format: "%.1f", median(s.hubOff))) µs, store on \(String(format: "%.1f", median(s.hubOn))) µs, "
            + "on/off \(String(format: "%.3f", costRatio)): the hub alone could route \(String(format: "%.3f", costRatio > 0 ? 1 / costRatio : 0))× "
            + "as many cycles/s with the store on as off")
        summaries.append("    store threads' CPU per committed event: writer \(microseconds(s.writer)) µs, checkpointer \(microseconds(s.checkpointer)) µs")
    }
    // Customer memory on against off, same customer ids: routing alone (store off) and with the store.
    for (on, layout) in layouts.enumerated() where layout.customers > 0 && layout.customerMemory {
        guard let off = layouts.firstIndex(where: { $0.customers == layout.customers && !$0.customerMemory }) else { continue }
        func ratio(_ a: [Double], _ b: [Double]) -> String {
            median(b) > 0 ? String(format: "%.3f (%+.1f %%)", median(a) / median(b), (median(a) / median(b) - 1) * 100) : "?"
        }
        summaries.append("    \(customersText(layout.customers)), memory on/off: cycles/s store off \(ratio(samples[on].off, samples[off].off)), "
            + "store on \(ratio(samples[on].on, samples[off].on)); hub CPU per cycle store off \(ratio(samples[on].hubOff, samples[off].hubOff))")
    }
    if layouts.count > 1, median(samples[0].windowEvents) > 0, !samples[0].writer.isEmpty {
        for index in layouts.indices.dropFirst() where !samples[index].writer.isEmpty {
            summaries.append("    \(layoutText(layouts[index])) vs \(layoutText(layouts[0])): events/s in the window "
                + String(format: "%+.1f %%", (median(samples[index].windowEvents) / median(samples[0].windowEvents) - 1) * 100)
                + ", writer CPU per event " + String(format: "%+.1f %%", (median(samples[index].writer) / median(samples[0].writer) - 1) * 100))
        }
    }
}
/// What writing `count` contacts to a fresh store took, and the store it left (open).
struct Filled {
    var store: Store
    var directory: URL
    var seconds: Double
    /// CPU of the writer thread per event, in microseconds (nil without /proc).
    var writerMicroseconds: Double?
}

/// Writes `count` contacts (each enqueued and abandoned: two events) to a fresh store, in appends of
/// 20,000 events, with `customers` distinct customer ids (0: none), 20 queues and 10 topics.
func fill(count: Int, customers: Int, options: Options) async throws -> Filled {
    let base = options.directory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
    let dir = base.appendingPathComponent("switchboard-read-back-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var configuration = StoreConfiguration()
    configuration.syncEveryCommit = options.syncEveryCommit
    let store = try Store(path: dir.appendingPathComponent("switchboard.sqlite").path, configuration: configuration)
    let clock = ContinuousClock()
    let start = clock.now
    // The writer names its thread once running; before that it has used no CPU.
    let writerBefore = threadCPUNanoseconds(named: "sb-store-writer") ?? 0
    var batch: [StoreEvent] = []
    for n in 0..<count {
        let interaction = NewInteraction(
            id: "rb-\(n)", source: "bench", queue: HubLoadLayout.queueName(n % 20), channel: n % 3 == 0 ? "chat" : "voice",
            customerId: customers > 0 ? HubLoadLayout.customerID(n % customers) : nil, attributes: #"{"topic":"topic-\#(n % 10)"}"#)
        batch.append(.enqueued(interaction, at: 1_000_000 + Int64(n)))
        batch.append(.interaction(.abandoned, interaction.id, at: 1_000_000 + Int64(n) + 1))
        if batch.count >= 20_000 {
            try await store.append(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }
    try await store.append(batch)
    let seconds = (clock.now - start).seconds
    let writerAfter = threadCPUNanoseconds(named: "sb-store-writer")
    let writer = writerAfter.map { Double($0 - writerBefore) / 1_000 / Double(max(1, 2 * count)) }
    return Filled(store: store, directory: dir, seconds: seconds, writerMicroseconds: writer)
}

/// Writes `count` contacts to fresh stores without and with customer ids, `rounds` times in
/// alternating order (the writer alone, no routing: its cost of the customer index), then times
/// reading them back as the server does at start (recentContacts, arrivals).
func readBack(count: Int, customers: Int, options: Options) async -> (lines: [String], ok: Bool) {
    var seconds: [[Double]] = [[], []]
    var writer: [[Double]] = [[], []]
    var lines: [String] = []
    func ms(_ duration: Duration) -> String { String(format: "%.0f ms", duration.seconds * 1000) }
    do {
        for round in 1...options.rounds {
            for variant in round % 2 == 1 ? [0, 1] : [1, 0] {
                let filled = try await fill(count: count, customers: variant == 0 ? 0 : customers, options: options)
                seconds[variant].append(filled.seconds)
                if let microseconds = filled.writerMicroseconds { writer[variant].append(microseconds) }
                say("  read-back round \(round), \(customersText(variant == 0 ? 0 : customers)): \(2 * count) events written in "
                    + String(format: "%.2f s = %.0f events/s", filled.seconds, Double(2 * count) / filled.seconds)
                    + (filled.writerMicroseconds.map { String(format: ", writer %.2f µs/event", $0) } ?? "") + " [load \(loadAverage())]")
                if variant == 1 && round == options.rounds {
                    let clock = ContinuousClock()
                    var start = clock.now
                    let contacts = try await filled.store.recentContacts(since: 0)
                    let contactsTime = clock.now - start
                    start = clock.now
                    let arrivals = try await filled.store.arrivals(since: 0)
                    let arrivalsTime = clock.now - start
                    start = clock.now
                    let half = try await filled.store.recentContacts(since: 1_000_000 + Int64(count / 2))
                    let halfTime = clock.now - start
                    start = clock.now
                    let page = try await filled.store.customerHistory(HubLoadLayout.customerID(0), limit: 20)
                    let pageTime = clock.now - start
                    lines.append("read back \(count) contacts of \(customers) customers: recentContacts of all \(contacts.count) in "
                        + "\(ms(contactsTime)), of the newer half (\(half.count)) in \(ms(halfTime)); arrivals of all \(arrivals.count) "
                        + "in \(ms(arrivalsTime)); a history page of \(page.contacts.count) in \(ms(pageTime))")
                }
                await filled.store.close()
                try? FileManager.default.removeItem(at: filled.directory)
            }
        }
    } catch {
        return (["!!! read back failed: \(error)"], false)
    }
    let rate = seconds.map { median($0) > 0 ? Double(2 * count) / median($0) : 0 }
    lines.insert("writer alone, \(2 * count) events per store (medians of \(options.rounds)): no customer ids \(Int(rate[0])) events/s, "
        + "writer \(microseconds(writer[0])) µs/event; \(customers) customer ids \(Int(rate[1])) events/s, writer \(microseconds(writer[1])) µs/event"
        + (rate[0] > 0 && !writer[0].isEmpty && !writer[1].isEmpty
            ? String(format: " (events/s %+.1f %%, writer CPU per event %+.1f %%)", (rate[1] / rate[0] - 1) * 100,
                     (median(writer[1]) / median(writer[0]) - 1) * 100) : ""), at: 0)
    return (lines, true)
}

if options.readBack > 0 {
    let customers = options.customers.last ?? 0
    say("\nread-back: \(options.readBack) contacts per store")
    let (lines, ok) = await readBack(count: options.readBack, customers: customers > 0 ? customers : max(1, options.readBack / 3), options: options)
    allClean = allClean && ok
    for line in lines { say(line) }
    summaries.append(contentsOf: lines)
}
say("\nsummary [load \(loadAverage())]")
for line in summaries { say("  " + line) }
if !allClean {
    say("!!! SOME ACKNOWLEDGEMENTS WERE MISSING OR ERRORS CAME BACK: see the runs above")
    exit(1)
}
