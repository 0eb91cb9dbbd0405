import SwitchboardBench
import Testing

@Suite struct RunTimelineTests {
    @Test func timelineCoversEverySecondAndAddsUpToTheWholeRun() throws {
        let scenario = try FloorTests.smoke()
        let floor = Floor(scenario: scenario, durationSeconds: 6, runId: "tl")
        let result = VirtualFloorRun.run(floor, server: FakeSwitchboard(floor: floor), latency: 0.002)
        let timeline = try #require(result.timeline)
        #expect(timeline.map(\.second) == Array(0..<timeline.count))
        #expect(timeline.count >= 6)
        #expect(timeline.reduce(0) { $0 + $1.enqueued } == result.enqueued)
        #expect(timeline.reduce(0) { $0 + $1.offers } == result.enqueueToOffer.count)
        // Each frame takes 2 ms each way in the virtual run: the offer comes 4 ms after the enqueue.
        for second in timeline where second.offers > 0 {
            #expect(abs(second.enqueueToOfferP50Ms - 4) < 0.1, "second \(second.second): \(second.enqueueToOfferP50Ms) ms")
        }
    }

    @Test func benchStallsLandInTheSecondTheyHappened() throws {
        let floor = Floor(scenario: try FloorTests.smoke(), durationSeconds: 3, runId: "lag")
        let server = FakeSwitchboard(floor: floor)
        var pending = floor.start(now: 0)
        var now = 0.0
        while !pending.isEmpty {
            now += 0.001
            pending = pending.flatMap { server.receive($0.text, from: $0.connection) }.flatMap { floor.receive($0.text, on: $0.connection, now: now) }
        }
        floor.noteBenchTimerLag(0.040, now: now + 1.5)
        floor.noteBenchBusy(0.007, now: now + 1.6)
        floor.noteBenchTimerLag(0.001, now: now + 2.2)
        floor.abort(reason: "test over", now: now + 2.5)
        let timeline = try #require(floor.result(startedAt: "t").timeline)
        #expect(timeline.count == 3)
        #expect(timeline[0].benchTimerLagMaxMs == 0)
        #expect(abs(timeline[1].benchTimerLagMaxMs - 40) < 0.001)
        #expect(abs(timeline[1].benchBusyMaxMs - 7) < 0.001)
        #expect(abs(timeline[2].benchTimerLagMaxMs - 1) < 0.001)
    }
}
