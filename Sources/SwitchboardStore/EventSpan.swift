/// The `event_spans` row of one transaction: the `seq` range it appended and its earliest and latest
/// instants. Reports and retention turn a period into a `seq` range through these rows.
struct EventSpan {
    private(set) var firstSeq: Int64?
    private(set) var lastSeq: Int64 = 0
    private(set) var minAt: Int64 = .max
    private(set) var maxAt: Int64 = .min

    mutating func add(seq: Int64, at: Int64) {
        if firstSeq == nil { firstSeq = seq }
        lastSeq = seq
        minAt = min(minAt, at)
        maxAt = max(maxAt, at)
    }

    /// Writes the row; a transaction that logged nothing has none.
    func write(with statement: RawStatement) throws {
        guard let firstSeq else { return }
        try statement.bind(1, firstSeq)
        try statement.bind(2, lastSeq)
        try statement.bind(3, minAt)
        try statement.bind(4, maxAt)
        try statement.run()
    }
}
