import Foundation
import Synchronization

/// A thread that only sleeps 2 ms at a time and records how late it wakes, in 100 ms buckets.
///
/// It shares nothing with the floor, so when it wakes late together with the bench's loop, the whole
/// machine (or the process) was not running — other load, the hypervisor — rather than the bench's
/// work or the server; when only the loop is late, the bench was busy or waiting behind the server's threads.
final class StallProbe: Sendable {
    private let origin: ContinuousClock.Instant
    private let buckets = Mutex<[Double]>([])
    private let stopped = Atomic<Bool>(false)

    /// Starts sampling; bucket 0 starts at `origin`.
    init(origin: ContinuousClock.Instant) {
        self.origin = origin
        let thread = Thread { [self] in sample() }
        thread.name = "bench-stall-probe"
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func seconds(_ instant: ContinuousClock.Instant) -> Double {
        let elapsed = instant - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private func sample() {
        let interval = 0.002
        while !stopped.load(ordering: .relaxed) {
            let before = ContinuousClock.now
            Thread.sleep(forTimeInterval: interval)
            let after = seconds(.now)
            let lag = max(0, after - seconds(before) - interval)
            let index = Int(after * 10)
            buckets.withLock { buckets in
                if buckets.count <= index { buckets.append(contentsOf: repeatElement(0, count: index + 1 - buckets.count)) }
                buckets[index] = max(buckets[index], lag)
            }
        }
    }

    /// The worst oversleep in seconds over [from, to), on the same clock as `origin`.
    func worstLag(from: Double, to: Double) -> Double {
        buckets.withLock { buckets in
            let lower = max(0, Int(from * 10))
            let upper = min(buckets.count, Int((to * 10).rounded(.up)))
            return lower < upper ? buckets[lower..<upper].max() ?? 0 : 0
        }
    }
}
