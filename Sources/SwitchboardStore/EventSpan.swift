/// One `event_spans` row: a run of consecutive `seq`s of the log and the earliest and latest instants
/// among them. Reports and retention turn a period into a `seq` range through these rows.
///
/// The writer extends its latest row with each transaction while the row covers at most ``width``
/// of time, then starts a new one: a day of log has about 1,440 rows however many transactions wrote
/// it, so finding any period reads a few thousand small rows. (One row per transaction made a month's
/// report scan tens of millions.) A clock stepped back only widens a row or starts a new one; the
/// rows still cover every event, so nothing is missed.
struct EventSpan {
    /// How much time one row covers at most, in milliseconds.
    static let width: Int64 = 60_000

    private(set) var firstSeq: Int64
    private(set) var lastSeq: Int64
    private(set) var minAt: Int64
    private(set) var maxAt: Int64

    init(seq: Int64, at: Int64) {
        firstSeq = seq
        lastSeq = seq
        minAt = at
        maxAt = at
    }

    mutating func add(seq: Int64, at: Int64) {
        lastSeq = seq
        minAt = min(minAt, at)
        maxAt = max(maxAt, at)
    }

    /// This row extended by `later`, the events right after it; nil when they do not follow on
    /// directly or the row would cover more than ``width``.
    func extended(by later: EventSpan) -> EventSpan? {
        guard later.firstSeq == lastSeq + 1 else { return nil }
        var row = self
        row.lastSeq = later.lastSeq
        row.minAt = min(minAt, later.minAt)
        row.maxAt = max(maxAt, later.maxAt)
        return row.maxAt - row.minAt < Self.width ? row : nil
    }

    /// Writes the row, inserting it or updating the one with its `firstSeq`.
    func write(with statement: RawStatement) throws {
        try statement.bind(1, firstSeq)
        try statement.bind(2, lastSeq)
        try statement.bind(3, minAt)
        try statement.bind(4, maxAt)
        try statement.run()
    }
}
