import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This process's resident memory and clocks, read from `/proc` and `clock_gettime`.
enum ProcessMeter {
    /// Resident set size in bytes (`/proc/self/statm`, second field, in pages).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The highest resident set size so far in bytes (`VmHWM` in `/proc/self/status`).
    static func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    /// Gives freed heap pages back to the system first, so that a reading counts what is held rather
    /// than what the allocator keeps for later.
    static func trimmedResidentBytes() -> Int {
        _ = mallocTrim?(0)
        return residentBytes()
    }

    /// glibc's `malloc_trim`, which the Glibc module does not export; looked up at run time.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// Wall-clock (monotonic) and process CPU time, in nanoseconds.
    struct Instant {
        var wall: UInt64
        var cpu: UInt64

        static func now() -> Instant {
            Instant(wall: clock(CLOCK_MONOTONIC), cpu: clock(CLOCK_PROCESS_CPUTIME_ID))
        }

        private static func clock(_ id: clockid_t) -> UInt64 {
            var spec = timespec()
            clock_gettime(id, &spec)
            return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        }
    }

    /// Wall-clock and CPU nanoseconds between two instants.
    struct Span: Codable {
        var wallNs: UInt64
        var cpuNs: UInt64

        init(from start: Instant, to end: Instant) {
            wallNs = end.wall &- start.wall
            cpuNs = end.cpu &- start.cpu
        }

        init() {
            wallNs = 0
            cpuNs = 0
        }

        static func + (lhs: Span, rhs: Span) -> Span {
            var sum = lhs
            sum.wallNs += rhs.wallNs
            sum.cpuNs += rhs.cpuNs
            return sum
        }

        var wallMs: Double { Double(wallNs) / 1e6 }
        var cpuMs: Double { Double(cpuNs) / 1e6 }
    }

    /// The machine's load averages over 1, 5 and 15 minutes.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    /// The wall clock in milliseconds since the Unix epoch (the store's and the memory's unit).
    static func wallMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
