import Foundation
@testable import SwitchboardBench
import Testing

/// The server's memory trend: a least-squares slope over the samples between the warm-up and the end of
/// arrivals, judged against the scenario's limit.
@Suite struct MemoryTrendTests {
    /// Every 10 s from -10 s to 600 s: `base` MB, growing `perMinute` MB a minute after `from` s, with a wobble.
    static func samples(base: Double, perMinute: Double, from: Double = 0) -> [MemoryTrend.Sample] {
        stride(from: -10.0, through: 600, by: 10).enumerated().map { index, second in
            let megabytes = base + max(0, second - from) / 60 * perMinute + (index % 2 == 0 ? 0.3 : -0.3)
            return MemoryTrend.Sample(second: second, residentKB: Int(megabytes * 1e6 / 1024), anonymousKB: Int(megabytes * 0.8 * 1e6 / 1024))
        }
    }

    @Test func aSteadyLeakShowsAsItsRate() throws {
        let trend = MemoryTrend(samples: Self.samples(base: 50, perMinute: 2), warmUpSeconds: 60, arrivalsEndedAt: 600, maxGrowthMBPerMinute: 1)
        let slope = try #require(trend.slopeMBPerMinute)
        #expect(abs(slope - 2) < 0.02)
        #expect(abs((trend.anonymousSlopeMBPerMinute ?? 0) - 1.6) < 0.02)
        #expect(!trend.passed)
        #expect(trend.summary.contains("FAILED"))
    }

    @Test func growthDuringTheWarmUpAndTheDrainIsNotCounted() throws {
        // 20 MB/min for the first two minutes (caches filling), flat after; the drain then frees 30 MB.
        var samples = Self.samples(base: 50, perMinute: 0)
        for index in samples.indices {
            let second = samples[index].second
            let extra = min(max(second, 0), 120) / 60 * 20 - (second > 540 ? 30 : 0)
            samples[index].residentKB += Int(extra * 1e6 / 1024)
        }
        let trend = MemoryTrend(samples: samples, warmUpSeconds: 120, arrivalsEndedAt: 540, maxGrowthMBPerMinute: 0.5)
        #expect(trend.judged.first?.second == 120)
        #expect(trend.judged.last?.second == 540)
        #expect(abs(try #require(trend.slopeMBPerMinute)) < 0.05)
        #expect(trend.passed)
    }

    @Test func withALimitTooFewSamplesFailAndWithoutOneNothingIsJudged() {
        let few = [MemoryTrend.Sample(second: 100, residentKB: 40_000)]
        #expect(!MemoryTrend(samples: few, warmUpSeconds: 60, arrivalsEndedAt: 600, maxGrowthMBPerMinute: 1).passed)
        #expect(MemoryTrend(samples: few, warmUpSeconds: 60, arrivalsEndedAt: 600, maxGrowthMBPerMinute: nil).passed)
    }

    @Test func residentMemoryIsReadFromTheStatusFile() throws {
        let status = "Name:\tswitchboard\nVmPeak:\t  900000 kB\nVmRSS:\t   41236 kB\nRssAnon:\t   30112 kB\nRssFile:\t   11124 kB\n"
        #expect(ResidentMemory.parse(status: status) == ResidentMemory(residentKB: 41_236, anonymousKB: 30_112))
        #expect(ResidentMemory.parse(status: "Name:\tx\n") == nil)
        let own = try #require(ResidentMemory.sample(pid: getpid()))
        #expect(own.residentKB > 1000)
    }

    @Test func aFailedMemoryCheckFailsTheRunAndIsPrintedAndSaved() throws {
        var result = try BenchResultTests().result(2)
        #expect(result.passed)
        result.memory = MemoryTrend(samples: Self.samples(base: 50, perMinute: 2), warmUpSeconds: 60, arrivalsEndedAt: 600, maxGrowthMBPerMinute: 1)
        #expect(result.correctnessPassed && !result.passed)
        #expect(ResultTable.render(result).contains("server memory: RSS 50."))
        let decoded = try JSONDecoder().decode(BenchResult.self, from: try result.jsonData())
        #expect(decoded == result)
    }
}
