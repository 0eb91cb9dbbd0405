/// How configuration reloads are triggered besides SIGHUP and the admin `reload` message (`reload:`).
public struct ReloadSettings: Sendable, Hashable {
    /// Reload when the configuration file changes on disk (inotify).
    public var watchFile: Bool
    /// Quiet time after the last change before reloading, so editors' multi-step saves load once.
    public var debounceMilliseconds: Int

    public init(watchFile: Bool = false, debounceMilliseconds: Int = 300) {
        self.watchFile = watchFile
        self.debounceMilliseconds = debounceMilliseconds
    }
}
