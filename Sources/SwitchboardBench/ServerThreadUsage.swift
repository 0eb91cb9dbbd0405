import Foundation

/// CPU time and context switches of every thread of a process, from `/proc/<pid>/task/*`: where a
/// server spends its CPU during a run (the routing thread, each connection loop, the store's writer)
/// and how often its threads sleep and wake. Threads are named by the server (`sb-routing`, `sb-loop-N`).
public struct ServerThreadUsage: Sendable, Equatable {
    public struct Thread: Sendable, Equatable {
        public var name: String
        /// User plus system CPU, seconds.
        public var cpuSeconds: Double
        /// Times the thread gave up the CPU to wait (a sleep, a lock, an empty queue).
        public var voluntarySwitches: Int
        /// Times the kernel took the CPU from it.
        public var involuntarySwitches: Int
    }

    /// By thread id.
    public var threads: [Int: Thread]

    /// Reads every thread of `pid`; nil when the process is gone or this is not Linux.
    public static func sample(pid: Int32) -> ServerThreadUsage? {
        let directory = "/proc/\(pid)/task"
        guard let tids = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var threads: [Int: Thread] = [:]
        for entry in tids {
            guard let tid = Int(entry),
                  let stat = try? String(contentsOfFile: "\(directory)/\(entry)/stat", encoding: .utf8),
                  let status = try? String(contentsOfFile: "\(directory)/\(entry)/status", encoding: .utf8),
                  let thread = parse(stat: stat, status: status, ticksPerSecond: ticks)
            else { continue }
            threads[tid] = thread
        }
        return ServerThreadUsage(threads: threads)
    }

    /// One thread from its `stat` (`tid (name) state … utime stime …`) and `status` texts.
    static func parse(stat: String, status: String, ticksPerSecond: Double) -> Thread? {
        // The name may hold spaces and parentheses: the fields start after the last ')'.
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
        let name = String(stat[stat.index(after: open)..<close])
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3 of the file, utime 14 and stime 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        var voluntary = 0, involuntary = 0
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            guard parts.count == 2, let value = Int(parts[1]) else { continue }
            if parts[0] == "voluntary_ctxt_switches" { voluntary = value }
            if parts[0] == "nonvoluntary_ctxt_switches" { involuntary = value }
        }
        return Thread(name: name, cpuSeconds: (user + system) / ticksPerSecond, voluntarySwitches: voluntary, involuntarySwitches: involuntary)
    }

    /// What each thread (grouped by name) used between `earlier` and this sample; threads that ended
    /// in between are not counted, threads started since count from zero.
    public func since(_ earlier: ServerThreadUsage) -> [Thread] {
        var byName: [String: Thread] = [:]
        for (tid, now) in threads {
            let before = earlier.threads[tid]
            let delta = Thread(name: now.name, cpuSeconds: now.cpuSeconds - (before?.cpuSeconds ?? 0),
                               voluntarySwitches: now.voluntarySwitches - (before?.voluntarySwitches ?? 0),
                               involuntarySwitches: now.involuntarySwitches - (before?.involuntarySwitches ?? 0))
            byName[now.name, default: Thread(name: now.name, cpuSeconds: 0, voluntarySwitches: 0, involuntarySwitches: 0)].add(delta)
        }
        return byName.values.sorted { $0.cpuSeconds > $1.cpuSeconds }
    }

    /// A few lines for the run's report: per thread name, CPU seconds and switches, and per
    /// interaction when `interactions` is known.
    public static func report(_ threads: [Thread], interactions: Int) -> String {
        let n = Double(max(1, interactions))
        var lines = ["server threads over the run (\(interactions) interactions):",
                     "  thread           cpu s   µs/interaction   voluntary sw   involuntary sw   switches/interaction"]
        var total = Thread(name: "all", cpuSeconds: 0, voluntarySwitches: 0, involuntarySwitches: 0)
        for thread in threads where thread.cpuSeconds > 0.005 || thread.voluntarySwitches > 100 {
            lines.append(line(thread, n))
        }
        for thread in threads { total.add(thread) }
        lines.append(line(total, n))
        return lines.joined(separator: "\n")
    }

    private static func line(_ thread: Thread, _ n: Double) -> String {
        let name = thread.name.padding(toLength: 15, withPad: " ", startingAt: 0)
        return String(format: "  %@ %7.2f   %14.1f   %12d   %14d   %20.2f", name, thread.cpuSeconds, thread.cpuSeconds / n * 1e6,
                      thread.voluntarySwitches, thread.involuntarySwitches, Double(thread.voluntarySwitches + thread.involuntarySwitches) / n)
    }
}

extension ServerThreadUsage.Thread {
    mutating func add(_ other: Self) {
        cpuSeconds += other.cpuSeconds
        voluntarySwitches += other.voluntarySwitches
        involuntarySwitches += other.involuntarySwitches
    }
}
