import Foundation

/// The resident set size of a process, from `/proc/<pid>/status`: what it holds in RAM now, which is
/// what a leak makes grow. `VmRSS` is the whole of it; `RssAnon` its anonymous part (heap, stacks),
/// without the file pages (the binary, the store's database) that the kernel may map in and out.
public struct ResidentMemory: Sendable, Equatable {
    /// VmRSS, KiB.
    public var residentKB: Int
    /// RssAnon, KiB (nil on kernels without it).
    public var anonymousKB: Int?

    /// Reads the process's status; nil when it is gone or the file cannot be read (not Linux).
    public static func sample(pid: Int32) -> ResidentMemory? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return parse(status: status)
    }

    /// From a status file's text (`VmRSS:\t  123456 kB`).
    static func parse(status: String) -> ResidentMemory? {
        var resident: Int?
        var anonymous: Int?
        for line in status.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { resident = kilobytes(line) } else if line.hasPrefix("RssAnon:") { anonymous = kilobytes(line) }
        }
        return resident.map { ResidentMemory(residentKB: $0, anonymousKB: anonymous) }
    }

    private static func kilobytes(_ line: Substring) -> Int? {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }
}
