import DequeModule

/// The writer's copy of `store_marks.oldest_open_seq`: the smallest `seq` of an unfinished interaction
/// (or one past the highest when none is unfinished). Every row below it is finished, so recovery reads
/// the unfinished ones as a primary-key range (`StoreSchema.openInteractions`).
///
/// Unfinished rows are kept in `seq` order; a row that finishes before older ones stays in the deque
/// and is skipped (and dropped once it reaches the front), so a batch costs O(rows it changed).
struct OpenMark {
    /// Unfinished rows' `seq`s, increasing; those also in `finishedEarly` have finished since.
    private var open: Deque<Int64>
    private var finishedEarly: Set<Int64> = []
    /// One past the highest `seq` of any interaction row.
    private var next: Int64
    /// The value the file holds.
    private(set) var stored: Int64

    /// - Parameters:
    ///   - openSeqs: the unfinished rows' `seq`s, increasing.
    ///   - highestSeq: the highest `seq` in the table (0 when empty).
    ///   - stored: the mark the file holds.
    init(openSeqs: [Int64], highestSeq: Int64, stored: Int64) {
        self.open = Deque(openSeqs)
        self.next = highestSeq + 1
        self.stored = stored
    }

    /// The mark once a batch commits that finished the existing rows `ended` and created the rows
    /// `created` (increasing `seq`, each still unfinished or not).
    func proposed(ended: Set<Int64>, created: [(seq: Int64, open: Bool)]) -> Int64 {
        for seq in open where !finishedEarly.contains(seq) && !ended.contains(seq) { return seq }
        if let first = created.first(where: \.open) { return first.seq }
        return max(next, (created.last?.seq ?? 0) + 1)
    }

    /// Takes in a committed batch (the arguments of ``proposed(ended:created:)`` and its result).
    mutating func commit(ended: Set<Int64>, created: [(seq: Int64, open: Bool)], mark: Int64) {
        finishedEarly.formUnion(ended)
        for row in created {
            if row.open { open.append(row.seq) }
            next = max(next, row.seq + 1)
        }
        while let first = open.first, finishedEarly.contains(first) {
            open.removeFirst()
            finishedEarly.remove(first)
        }
        stored = mark
    }
}
