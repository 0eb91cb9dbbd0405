import SwitchboardBench
import Testing

@Suite struct ArrivalGeneratorTests {
    func times(_ process: ArrivalProcess, seed: UInt64, until end: Double) -> [Double] {
        var generator = ArrivalGenerator(process: process, seed: seed)
        var result: [Double] = []
        while let t = generator.next(), t < end { result.append(t) }
        return result
    }

    @Test func sameSeedGivesTheSameArrivals() {
        let process = ArrivalProcess(ratePerSecond: 50)
        #expect(times(process, seed: 9, until: 10) == times(process, seed: 9, until: 10))
        #expect(times(process, seed: 9, until: 10) != times(process, seed: 10, until: 10))
    }

    @Test func meanRateIsWithinTwoPercentOverManyArrivals() {
        // 200 s at 500/s: 100,000 expected; the Poisson standard deviation is 316 (0.3 %).
        let count = times(ArrivalProcess(ratePerSecond: 500), seed: 42, until: 200).count
        #expect(abs(Double(count) - 100_000) < 2_000)
    }

    @Test func gapsAreExponential() {
        // For an exponential gap the share above the mean is e⁻¹ ≈ 0.368.
        let arrivals = times(ArrivalProcess(ratePerSecond: 100), seed: 3, until: 500)
        let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
        let above = Double(gaps.filter { $0 > 0.01 }.count) / Double(gaps.count)
        #expect(abs(above - 0.3679) < 0.01)
    }

    @Test func burstsRaiseTheRateOnlyInsideTheirWindow() {
        let process = ArrivalProcess(ratePerSecond: 10, bursts: [.init(startSeconds: 10, durationSeconds: 5, ratePerSecond: 400, everySeconds: 30)])
        let arrivals = times(process, seed: 5, until: 300)
        let inBursts = arrivals.filter { t in let phase = (t - 10).truncatingRemainder(dividingBy: 30); return t >= 10 && phase < 5 }.count
        let outside = arrivals.count - inBursts
        // 10 bursts × 5 s × 400/s = 20,000; outside: 250 s × 10/s = 2,500.
        #expect(abs(Double(inBursts) - 20_000) < 600)
        #expect(abs(Double(outside) - 2_500) < 250)
    }

    @Test func zeroBaseRateWithoutBurstsEnds() {
        var generator = ArrivalGenerator(process: ArrivalProcess(ratePerSecond: 0, bursts: [.init(startSeconds: 1, durationSeconds: 1, ratePerSecond: 100)]), seed: 1)
        var count = 0
        while let t = generator.next() {
            #expect(t >= 1 && t < 2)
            count += 1
        }
        #expect(count > 50 && count < 150)
    }

    @Test func lognormalSamplesHaveTheConfiguredMean() {
        var random = SeededRandom(seed: 11)
        let distribution = Distribution.lognormal(mean: 4, sigma: 0.6)
        let samples = (0..<200_000).map { _ in distribution.sample(&random) }
        let mean = samples.reduce(0, +) / Double(samples.count)
        #expect(abs(mean - 4) < 0.05)
        #expect(samples.allSatisfy { $0 > 0 })
    }
}
