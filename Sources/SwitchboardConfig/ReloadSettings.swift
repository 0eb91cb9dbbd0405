/// How configuration reloads are triggered besides SIGHUP and the admin `reload` message (`reload:`).
public struct ReloadSettings: Sendable, Hashable {
    /// Reload when the configuration file changes on disk (inotify).
    public var watchFile: Bool
    /// Quiet time after the last change before reloading, so editors' multi-step saves load once.
    public var debounceMilliseconds: Int
    /// Where the waiting interactions of a queue removed by a reload go: removed queue name → queue in this
    /// configuration. A reload that removes a queue still holding work and not listed here is refused.
    public var removedQueueTargets: [String: String]

    public init(watchFile: Bool = false, debounceMilliseconds: Int = 300, removedQueueTargets: [String: String] = [:]) {
        self.watchFile = watchFile
        self.debounceMilliseconds = debounceMilliseconds
        self.removedQueueTargets = removedQueueTargets
    }
}
