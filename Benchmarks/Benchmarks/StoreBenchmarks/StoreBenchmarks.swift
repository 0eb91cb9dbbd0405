import Benchmark
import Foundation
import HubLoad

/// One run kept across a benchmark's samples, so samples measure a steady state (the pipeline
/// never drains between them) and the whole run is checked for missing acknowledgements at the end.
final class RunHolder {
    var run: HubLoadRun?
}

/// Events the store committed per second during one sample (store on only).
let committedEventsPerSecond = BenchmarkMetric.custom("store events/s", polarity: .prefersLarger, useScalingFactor: false)

/// CPU time of the hub's thread per routing cycle during one sample: what routing costs the hub,
/// not counting time spent waiting for the store's acknowledgements.
let hubNanosecondsPerCycle = BenchmarkMetric.custom("hub CPU ns/cycle", polarity: .prefersSmaller, useScalingFactor: false)

func writeToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Registers one benchmark: each sample routes 1,000 cycles (enqueue → offer → accept → complete)
/// through a real routing hub with `agents` agents; throughput reads as cycles/s.
func routingCycleBenchmark(agents: Int, storeOn: Bool) {
    let holder = RunHolder()
    let clock = ContinuousClock()
    let name = "store-\(storeOn ? "on" : "off")-routing-cycles-\(agents)-agents"
    let metrics: [BenchmarkMetric] = [.throughput, .wallClock, hubNanosecondsPerCycle] + (storeOn ? [committedEventsPerSecond] : [])
    Benchmark(name, configuration: .init(metrics: metrics, warmupIterations: 3), closure: { benchmark in
        guard let run = holder.run else { return }
        let cycles = benchmark.scaledIterations.count
        let eventsBefore = run.store?.statistics.committedEvents ?? 0
        let cpuBefore = await run.hubCPU
        let start = clock.now
        benchmark.startMeasurement()
        await run.cycles(cycles)
        benchmark.stopMeasurement()
        let elapsed = clock.now - start
        let cpu = await run.hubCPU - cpuBefore
        benchmark.measurement(hubNanosecondsPerCycle, Int(cpu.seconds * 1e9) / max(1, cycles))
        if let store = run.store {
            let events = store.statistics.committedEvents - eventsBefore
            benchmark.measurement(committedEventsPerSecond, elapsed.seconds > 0 ? Int(Double(events) / elapsed.seconds) : 0)
        }
    }, setup: {
        holder.run = try await HubLoadRun.start(layout: HubLoadLayout(agents: agents), withStore: storeOn)
    }, teardown: {
        guard let run = holder.run.take() else { return }
        let report = await run.finish()
        writeToStandardError("\(name): \(report.summary)")
        guard report.isClean else {
            writeToStandardError("!!! \(name): RUN NOT CLEAN")
            throw HubLoadError.incomplete(report.tally)
        }
    })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        scalingFactor: .kilo,
        maxDuration: .seconds(10),
        maxIterations: 1_000
    )
    for agents in [200, 2_000] {
        routingCycleBenchmark(agents: agents, storeOn: false)
        routingCycleBenchmark(agents: agents, storeOn: true)
    }
}
