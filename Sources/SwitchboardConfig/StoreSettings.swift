/// The SQLite event store (`store:`).
public struct StoreSettings: Sendable, Hashable {
    /// Database file, relative to the working directory unless absolute.
    public var path: String
    /// Days the event log is kept; `nil` keeps it forever.
    public var retentionDays: Int?
    /// How writes are batched into transactions.
    public var groupCommit: GroupCommitSettings

    public init(path: String = "switchboard.sqlite", retentionDays: Int? = 30, groupCommit: GroupCommitSettings = GroupCommitSettings()) {
        self.path = path
        self.retentionDays = retentionDays
        self.groupCommit = groupCommit
    }
}

/// Group commit: a transaction closes when it holds `maxBatch` writes or is `maxDelayMilliseconds` old.
public struct GroupCommitSettings: Sendable, Hashable {
    public var maxBatch: Int
    public var maxDelayMilliseconds: Int

    public init(maxBatch: Int = 512, maxDelayMilliseconds: Int = 2) {
        self.maxBatch = maxBatch
        self.maxDelayMilliseconds = maxDelayMilliseconds
    }
}
