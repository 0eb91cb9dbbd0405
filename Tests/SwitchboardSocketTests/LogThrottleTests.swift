import Testing
@testable import SwitchboardSocket

@Suite struct LogThrottleTests {
    @Test func logsTheFirstEventThenAtMostOncePerIntervalWithTheCountSince() {
        var throttle = LogThrottle(interval: .seconds(1))
        let second: UInt64 = 1_000_000_000
        #expect(throttle.record(now: 5 * second) == 1)
        #expect(throttle.record(now: 5 * second + 100) == nil)
        #expect(throttle.record(now: 5 * second + second / 2) == nil)
        #expect(throttle.record(now: 6 * second) == 3)
        #expect(throttle.record(now: 9 * second) == 1)
    }
}
