import Foundation
import SwitchboardBench
import Testing

@Suite struct BenchResultTests {
    func result(_ duration: Double) throws -> BenchResult {
        let floor = Floor(scenario: try FloorTests.smoke(), durationSeconds: duration, runId: "j")
        return VirtualFloorRun.run(floor, server: FakeSwitchboard(floor: floor))
    }

    @Test func jsonRoundTripKeepsEveryField() throws {
        let original = try result(2)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        try original.jsonData().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try BenchResult.load(contentsOf: file.path) == original)
    }

    @Test func comparisonShowsTheRatioOfEachHeadline() throws {
        var now = try result(2)
        var then = now
        then.messagesPerSecond = 100
        now.messagesPerSecond = 250
        let text = ResultTable.compare(now, to: then)
        #expect(text.contains("messages/s"))
        #expect(text.contains("2.50×"))
    }

    @Test func summaryTableNamesTheVerdict() throws {
        var result = try result(2)
        #expect(ResultTable.render(result).contains("correctness: PASSED"))
        result.correctnessPassed = false
        result.violations = ["capacity": 3]
        #expect(ResultTable.render(result).contains("correctness: FAILED capacity 3"))
    }
}
