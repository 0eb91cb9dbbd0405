import Dispatch
import Synchronization
import SwitchboardSocket

extension RoutingHub {
    /// The routing owner's part of a `/metrics` scrape, read on the hub's own thread between two steps.
    ///
    /// The caller (an HTTP connection's loop, whose `/metrics` answer is synchronous) waits for it at
    /// most `timeout`. The hub answers between two steps, microseconds apart, so the wait is short,
    /// and a scrape comes every few seconds at most; nil when the hub did not answer in time (stopped
    /// or stalled): the page then shows the totals of the previous scrape.
    nonisolated func metricsReading(timeout: Duration) -> HubReading? {
        let answer = ReadingBox()
        let done = DispatchSemaphore(value: 0)
        loop.execute {
            self.assumeIsolated { hub in
                let reading = hub.core.metricsReading(at: hub.clock.now())
                answer.value.withLock { $0 = reading }
            }
            done.signal()
        }
        let nanoseconds = Int(ServerMetrics.nanoseconds(timeout))
        guard done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
        return answer.value.withLock { $0 }
    }
}

/// Hands a reading from the hub's thread to the waiting caller.
private final class ReadingBox: Sendable {
    let value = Mutex<HubReading?>(nil)
}
