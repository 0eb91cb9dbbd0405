import Testing
@testable import SwitchboardStore

/// The writer's `oldest_open_seq`: every interaction row below it is finished.
@Suite struct OpenMarkTests {
    @Test func theMarkIsTheOldestUnfinishedRowAndSkipsRowsThatFinishedOutOfOrder() {
        var mark = OpenMark(openSeqs: [3, 5, 9], highestSeq: 9, stored: 3)
        // 5 finishes before 3: the mark stays at 3.
        #expect(mark.proposed(ended: [5], created: []) == 3)
        mark.commit(ended: [5], created: [], mark: 3)
        // 3 finishes: 5 is already gone, so the mark jumps to 9.
        #expect(mark.proposed(ended: [3], created: []) == 9)
        mark.commit(ended: [3], created: [], mark: 9)
        #expect(mark.stored == 9)
        // New rows: one finished within its own batch, one still open.
        let created: [(seq: Int64, open: Bool)] = [(10, false), (11, true)]
        #expect(mark.proposed(ended: [9], created: created) == 11)
        mark.commit(ended: [9], created: created, mark: 11)
        // Nothing unfinished: one past the highest row.
        #expect(mark.proposed(ended: [11], created: []) == 12)
    }

    @Test func anEmptyTableMarksItsFirstRow() {
        let mark = OpenMark(openSeqs: [], highestSeq: 0, stored: 1)
        #expect(mark.proposed(ended: [], created: []) == 1)
        #expect(mark.proposed(ended: [], created: [(1, false), (2, false)]) == 3)
        #expect(mark.proposed(ended: [], created: [(1, false), (2, true)]) == 2)
    }
}
