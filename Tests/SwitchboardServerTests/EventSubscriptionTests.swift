import SwitchboardStore
import Testing
@testable import SwitchboardServer

/// A consumer's mailbox of live events: what it keeps, and when it overflows.
@Suite struct EventSubscriptionTests {
    static func events(_ seqs: ClosedRange<Int64>, source: String = "gw") -> [LoggedEvent] {
        seqs.map { LoggedEvent(seq: $0, kind: .offered, at: $0, interactionId: "c-\($0)", source: source) }
    }

    @Test func aBatchArrivingWhileTheCapacityWaitsOverflowsIt() async throws {
        let mailbox = EventSubscription(id: 1, scope: .source("gw"), capacity: 3)
        mailbox.offer(Self.events(1...2))
        mailbox.offer(Self.events(3...4))  // 2 waited: taken whole, 4 now wait
        #expect(!mailbox.overflowed)
        mailbox.offer(Self.events(5...9, source: "other"))  // not this consumer's: nothing arrives
        #expect(!mailbox.overflowed)
        #expect(try await mailbox.take().map(\.seq) == [1, 2, 3, 4])
        mailbox.offer(Self.events(10...15))  // a batch larger than the capacity, into an empty mailbox
        #expect(!mailbox.overflowed)
        mailbox.offer(Self.events(16...16))
        #expect(mailbox.overflowed)
        await #expect(throws: EventSubscription.Failure.overflowed) { try await mailbox.take() }
    }

    @Test func aWaitingTakeWakesWithTheNextBatchOrTheFailure() async throws {
        let mailbox = EventSubscription(id: 2, scope: .all, capacity: 10)
        async let taken = mailbox.take()
        try await Task.sleep(for: .milliseconds(20))
        mailbox.offer(Self.events(1...2))
        #expect(try await taken.map(\.seq) == [1, 2])
        let failed = Task { try await mailbox.take() }
        try await Task.sleep(for: .milliseconds(20))
        mailbox.fail(.closed)
        await #expect(throws: EventSubscription.Failure.closed) { try await failed.value }
    }
}
