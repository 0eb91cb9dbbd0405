/// How a ``Store`` opens its file and batches its writes.
public struct StoreConfiguration: Sendable, Hashable {
    /// How long an idle writer waits after the first event of a batch for more to join it (group
    /// commit). A busy writer commits what gathered during its previous transaction at once.
    public var commitIntervalMs: Int = 2
    /// The most events committed in one transaction.
    public var maxBatchSize: Int = 2_000
    /// `true` fsyncs the WAL on every commit (survives power loss); `false` is SQLite's `NORMAL`,
    /// which survives a killed process but may lose the last commits on power loss.
    public var syncEveryCommit: Bool = true
    /// Opens the file read-only: recovery and reports work, writes are refused with `read_only`.
    public var readOnly: Bool = false
    /// Caps the database file (`PRAGMA max_page_count`); writes beyond it fail as a full disk would.
    public var maximumSizeBytes: Int64?
    /// Pages of WAL after which a checkpoint copies them into the database file, on a thread and
    /// connection of its own (the writer never waits for it); 0 disables checkpoints until the store closes.
    /// 10,000 pages (40 MB at 4 KiB): a row rewritten several times between checkpoints (an open
    /// interaction, an agent's line) is copied once, not once per 1,000 pages of log; under full load
    /// this gave the writer's machine 15 % more routing cycles than 1,000 (store-throughput).
    public var walAutoCheckpointPages: Int = 10_000

    public init() {}
}
