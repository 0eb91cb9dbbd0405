#if canImport(Glibc)
import Glibc
#endif

/// CPU time and involuntary context switches of the calling thread (`getrusage(RUSAGE_THREAD)`).
struct ThreadUsage {
    var cpuSeconds: Double
    var preemptions: Int

    static func current() -> ThreadUsage? {
        #if os(Linux)
        var usage = rusage()
        // RUSAGE_THREAD (1) is a GNU extension the Glibc module does not export.
        guard getrusage(__rusage_who_t(1), &usage) == 0 else { return nil }
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return ThreadUsage(cpuSeconds: user + system, preemptions: Int(usage.ru_nivcsw))
        #else
        return nil
        #endif
    }
}
