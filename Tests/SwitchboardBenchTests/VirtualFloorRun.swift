import HeapModule
import SwitchboardBench

/// Runs a floor against the fake server in virtual time: every frame takes `latency` seconds each way,
/// timers fire exactly, and a whole scenario takes milliseconds of real time. Deterministic.
///
/// Connection changes of churning agents travel like frames: a drop or close reaches the server
/// `latency` after frames sent before it, and frames still on their way to a connection that was
/// closed are lost with it.
enum VirtualFloorRun {
    enum Delivery {
        case toServer(Outgoing)
        /// A frame for connection `generation` of its slot.
        case toFloor(Outgoing, generation: Int)
        case disconnect(Int)
        case opened(Int, generation: Int)
    }

    struct InFlight: Comparable {
        var time: Double
        var sequence: Int
        var delivery: Delivery
        static func < (a: InFlight, b: InFlight) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: InFlight, b: InFlight) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    static func run(_ floor: Floor, server: FakeSwitchboard, latency: Double = 0.0005, limit: Double = 3600) -> BenchResult {
        var queue = Heap<InFlight>()
        var sequence = 0
        var now = 0.0
        var generations = Array(repeating: 0, count: floor.connections.count)
        func post(_ delivery: Delivery) {
            sequence += 1
            queue.insert(InFlight(time: now + latency, sequence: sequence, delivery: delivery))
        }
        func toServer(_ messages: [Outgoing]) {
            for message in messages { post(.toServer(message)) }
            for change in floor.takeConnectionChanges() {
                switch change {
                case .drop(let index), .close(let index):
                    generations[index] += 1
                    post(.disconnect(index))
                case .open(let index):
                    generations[index] += 1
                    post(.opened(index, generation: generations[index]))
                }
            }
        }
        func toFloor(_ messages: [Outgoing]) {
            for message in messages { post(.toFloor(message, generation: generations[message.connection])) }
        }
        toServer(floor.start(now: now))
        while !floor.isFinished, now < limit {
            let nextMessage = queue.min?.time ?? .infinity
            let nextTimer = min(floor.nextDeadline ?? .infinity, server.nextDeadline ?? .infinity)
            guard nextMessage.isFinite || nextTimer.isFinite else { break }
            if nextMessage <= nextTimer, let inFlight = queue.popMin() {
                now = inFlight.time
                switch inFlight.delivery {
                case .toServer(let message):
                    toFloor(server.receive(message.text, from: message.connection))
                case let .toFloor(message, generation):
                    guard generations[message.connection] == generation else { continue }
                    toServer(floor.receive(message.text, on: message.connection, now: now))
                case .disconnect(let index):
                    toFloor(server.disconnect(index, at: now))
                case let .opened(index, generation):
                    guard generations[index] == generation else { continue }
                    toServer(floor.connectionOpened(index, now: now))
                }
            } else {
                now = nextTimer
                toFloor(server.advance(to: now))
                toServer(floor.advance(to: now))
            }
        }
        return floor.result(startedAt: "virtual")
    }
}
