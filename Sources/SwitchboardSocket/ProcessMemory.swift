internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// How the process's heap is kept from growing for good on a long-running server.
///
/// glibc gives each thread that allocates concurrently an arena of its own, up to eight per core,
/// and memory freed in one arena is reused only by that arena: with the routing thread, the store's
/// writer, the socket loops and the cooperative pool all allocating, a day of churn and reloads
/// leaves each arena's high-water mark resident (measured: +7–8 MB of RSS a minute in the soak with
/// the default, +0.8 with one arena, while the live heap grew 0.3). Few arenas and giving free pages
/// back after peaks keep the resident size near the live heap.
public enum ProcessMemory {
    /// The arenas the server allows when `MALLOC_ARENA_MAX` is not set.
    public static let defaultArenas = 2

    /// Limits malloc's arenas to `arenas`, unless the environment sets `MALLOC_ARENA_MAX` (which glibc
    /// reads itself). Call once at process start, before other threads allocate. Returns the limit set,
    /// or nil when the environment's is kept or the call failed.
    @discardableResult
    public static func limitArenas(to arenas: Int = defaultArenas) -> Int? {
        guard getenv("MALLOC_ARENA_MAX") == nil else { return nil }
        return sb_set_malloc_arenas(Int32(clamping: max(1, arenas))) == 1 ? max(1, arenas) : nil
    }

    /// Gives free heap pages back to the system (after a peak: a reload, a burst of connections).
    /// Walks and locks every arena in turn, so call it off hot paths and not often.
    public static func returnFreeMemory() {
        _ = sb_malloc_trim()
    }
}
