import HeapModule
import SwitchboardBench

/// Runs a floor against the fake server in virtual time: every frame takes `latency` seconds each way,
/// timers fire exactly, and a whole scenario takes milliseconds of real time. Deterministic.
enum VirtualFloorRun {
    struct InFlight: Comparable {
        var time: Double
        var sequence: Int
        var toServer: Bool
        var message: Outgoing
        static func < (a: InFlight, b: InFlight) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: InFlight, b: InFlight) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    static func run(_ floor: Floor, server: FakeSwitchboard, latency: Double = 0.0005, limit: Double = 3600) -> BenchResult {
        var queue = Heap<InFlight>()
        var sequence = 0
        var now = 0.0
        func post(_ messages: [Outgoing], toServer: Bool) {
            for message in messages {
                sequence += 1
                queue.insert(InFlight(time: now + latency, sequence: sequence, toServer: toServer, message: message))
            }
        }
        post(floor.start(now: now), toServer: true)
        while !floor.isFinished, now < limit {
            let nextMessage = queue.min?.time ?? .infinity
            let nextTimer = floor.nextDeadline ?? .infinity
            guard nextMessage.isFinite || nextTimer.isFinite else { break }
            if nextMessage <= nextTimer, let inFlight = queue.popMin() {
                now = inFlight.time
                if inFlight.toServer {
                    post(server.receive(inFlight.message.text, from: inFlight.message.connection), toServer: false)
                } else {
                    post(floor.receive(inFlight.message.text, on: inFlight.message.connection, now: now), toServer: true)
                }
            } else {
                now = nextTimer
                post(floor.advance(to: now), toServer: true)
            }
        }
        return floor.result(startedAt: "virtual")
    }
}
