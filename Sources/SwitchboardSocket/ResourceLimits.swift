internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// Process resource limits the server depends on.
///
/// Every connection costs a descriptor, and distributions start processes with a soft
/// `RLIMIT_NOFILE` of 1,024 while allowing far more: a server that keeps the soft limit refuses
/// logins long before its configured connection limit. Call ``raiseOpenFileLimit()`` once at
/// process start, before binding.
public enum ResourceLimits {
    /// The soft and hard `RLIMIT_NOFILE` now in force (`Int.max` when unlimited).
    public static func openFileLimit() throws(SocketError) -> (soft: Int, hard: Int) {
        var soft: UInt64 = 0
        var hard: UInt64 = 0
        guard sb_get_fd_limit(&soft, &hard) == 0 else { throw .makeFailed("getrlimit RLIMIT_NOFILE") }
        return (Int(clamping: soft), Int(clamping: hard))
    }

    /// Raises the soft `RLIMIT_NOFILE` to the hard limit and returns the soft limit now in force.
    @discardableResult
    public static func raiseOpenFileLimit() throws(SocketError) -> Int {
        var soft: UInt64 = 0
        var hard: UInt64 = 0
        guard sb_get_fd_limit(&soft, &hard) == 0 else { throw .makeFailed("getrlimit RLIMIT_NOFILE") }
        guard soft < hard else { return Int(clamping: soft) }
        guard sb_set_fd_soft_limit(hard) == 0 else { throw .makeFailed("setrlimit RLIMIT_NOFILE to \(hard)") }
        return Int(clamping: hard)
    }
}
