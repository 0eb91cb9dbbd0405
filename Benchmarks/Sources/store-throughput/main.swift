// Routing throughput with the store off and on, in alternating rounds under the same machine load,
// and the events/s the store absorbs meanwhile. Exits 1 if any acknowledgement went missing.
//
//   swift run -c release store-throughput [--agents 200,2000] [--seconds 5] [--rounds 3] [--warmup 1]
//                                         [--dir PATH] [--sync full|normal] [--commit-interval-ms 2]
import Foundation
import HubLoad
import SwitchboardStore

struct Options {
    var agents = [200]
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
    var report: HubLoadReport
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
    let window = await run.route(for: .milliseconds(Int(options.seconds * 1000)))
    let cpuAfter = await run.hubCPU
    let eventsAfter = run.store?.statistics.committedEvents ?? 0
    let report = await run.finish()
    let windowSeconds = window.elapsed.seconds
    return Sample(cyclesPerSecond: Double(window.cycles) / windowSeconds,
                  hubMicroseconds: (cpuAfter - cpuBefore).seconds * 1e6 / Double(max(1, window.cycles)),
                  windowEventsPerSecond: Double(eventsAfter - eventsBefore) / windowSeconds, report: report)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

let options = Options.parse(CommandLine.arguments)
say("store-throughput: \(options.rounds) round(s) of \(options.seconds) s per mode after \(options.warmup) s warm-up; "
    + "synchronous \(options.syncEveryCommit ? "FULL" : "NORMAL"), group commit \(options.commitIntervalMs ?? StoreConfiguration().commitIntervalMs) ms, \(options.maxBatch ?? StoreConfiguration().maxBatchSize) events at most per transaction; load average \(loadAverage()) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
var allClean = true
var summaries: [String] = []
for agents in options.agents {
    let layout = HubLoadLayout(agents: agents)
    say("\n\(agents) agents, \(layout.queues) queues, \(layout.openInteractions) interactions kept open")
    var off: [Double] = []
    var on: [Double] = []
    var events: [Double] = []
    var hubOff: [Double] = []
    var hubOn: [Double] = []
    var windowEvents: [Double] = []
    for round in 1...options.rounds {
        // Alternate the order so a drift in machine load does not favour one mode.
        let order = round % 2 == 1 ? [false, true] : [true, false]
        for storeOn in order {
            let sample = await measure(layout: layout, storeOn: storeOn, options: options)
            if storeOn {
                on.append(sample.cyclesPerSecond)
                hubOn.append(sample.hubMicroseconds)
                events.append(sample.report.eventsPerSecond)
                windowEvents.append(sample.windowEventsPerSecond)
            } else {
                off.append(sample.cyclesPerSecond)
                hubOff.append(sample.hubMicroseconds)
            }
            allClean = allClean && sample.report.isClean
            say("  round \(round) store \(storeOn ? "on " : "off"): \(Int(sample.cyclesPerSecond)) cycles/s measured, "
                + "hub CPU \(String(format: "%.1f", sample.hubMicroseconds)) µs/cycle"
                + (storeOn ? ", \(Int(sample.windowEventsPerSecond)) events/s committed in the window" : "")
                + " [load \(loadAverage())]\n    \(sample.report.summary)")
            if !sample.report.isClean {
                say("    !!! RUN NOT CLEAN: missing acknowledgements \(sample.report.tally.missingAcknowledgements), "
                    + "errors \(sample.report.tally.errors), dropped \(sample.report.droppedEvents), stalled \(sample.report.stalled)")
            }
        }
    }
    let ratio = median(off) > 0 ? median(on) / median(off) : 0
    let line = "\(agents) agents: store off \(Int(median(off))) cycles/s, store on \(Int(median(on))) cycles/s, "
        + "on/off \(String(format: "%.3f", ratio)) (\(String(format: "%+.1f", (ratio - 1) * 100)) %); "
        + "store \(Int(median(events))) events/s through final flush, \(Int(median(windowEvents))) in the window (medians of \(options.rounds))"
    let costRatio = median(hubOff) > 0 ? median(hubOn) / median(hubOff) : 0
    summaries.append(line)
    summaries.append("    hub CPU per cycle: store off \(String(format: "%.1f", median(hubOff))) µs, store on \(String(format: "%.1f", median(hubOn))) µs, "
        + "on/off \(String(format: "%.3f", costRatio)): the hub alone could route \(String(format: "%.3f", costRatio > 0 ? 1 / costRatio : 0))× "
        + "as many cycles/s with the store on as off")
}
say("\nsummary [load \(loadAverage())]")
for line in summaries { say("  " + line) }
if !allClean {
    say("!!! SOME ACKNOWLEDGEMENTS WERE MISSING OR ERRORS CAME BACK: see the runs above")
    exit(1)
}
