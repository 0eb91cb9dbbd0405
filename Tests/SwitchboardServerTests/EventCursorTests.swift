import SwitchboardStore
import Testing
@testable import SwitchboardServer

/// The event stream's decisions, with no I/O: where a consumer may start, which events it sees, and
/// the hand-over from the log to live events (by tables).
@Suite struct EventCursorTests {
    static func event(_ seq: Int64, source: String? = "gw", kind: StoreEvent.Kind = .offered) -> LoggedEvent {
        LoggedEvent(seq: seq, kind: kind, at: 1_000 + seq, interactionId: source == nil ? nil : "c-\(seq)", agentId: "a1", source: source)
    }

    @Test(arguments: [
        // since, oldest, newest, refusal
        (0, nil, 0, nil),
        (0, 1, 9, nil),
        (9, 1, 9, nil),
        (10, 1, 9, EventCursor.Refusal.beyondNewest(since: 10, newest: 9)),
        (3, 5, 9, EventCursor.Refusal.gone(since: 3, oldest: 5)),
        (4, 5, 9, nil),  // the consumer saw 4: nothing after it is missing
        (0, 2, 9, EventCursor.Refusal.gone(since: 0, oldest: 2)),
        (7, 9, 9, EventCursor.Refusal.gone(since: 7, oldest: 9)),
        (1, nil, 0, EventCursor.Refusal.beyondNewest(since: 1, newest: 0)),
    ] as [(Int64, Int64?, Int64, EventCursor.Refusal?)])
    func whereAConsumerMayStart(since: Int64, oldest: Int64?, newest: Int64, refusal: EventCursor.Refusal?) {
        #expect(EventCursor.check(since: since, bounds: EventLogBounds(oldest: oldest, newest: newest)) == refusal)
    }

    @Test(arguments: [
        (EventScope.all, event(1), true),
        (.all, event(2, source: nil, kind: .agentState), true),
        (.all, event(3, source: nil, kind: .alertRaised), false),
        (.source("gw"), event(4), true),
        (.source("gw"), event(5, source: "other"), false),
        (.source("gw"), event(6, source: nil, kind: .agentLogin), false),
        (.source("gw"), event(7, source: nil), false),  // an event about an interaction the store does not know
    ] as [(EventScope, LoggedEvent, Bool)])
    func whichEventsAConsumerSees(scope: EventScope, event: LoggedEvent, seen: Bool) {
        #expect(scope.includes(event) == seen)
    }

    /// One input to the cursor; the steps it takes until it waits or asks for a page.
    enum Input {
        case page([Int64], through: Int64)
        case live([Int64])
    }

    /// Drives a cursor by a table: each row an input (nil for none) and the steps expected after it,
    /// rendered as `deliver 3`, `read 0-5`, `await`.
    static func run(since: Int64, liveFrom: Int64, scope: EventScope = .all, sources: [Int64: String] = [:],
                    _ rows: [(Input?, [String])]) {
        var cursor = EventCursor(scope: scope, since: since, liveFrom: liveFrom)
        func event(_ seq: Int64) -> LoggedEvent { Self.event(seq, source: sources[seq] ?? "gw") }
        for (index, (input, expected)) in rows.enumerated() {
            switch input {
            case .page(let seqs, let through)?: cursor.pageRead(LoggedEventPage(events: seqs.map(event), through: through))
            case .live(let seqs)?: cursor.received(seqs.map(event))
            case nil: break
            }
            var steps: [String] = []
            while true {
                let step = cursor.next()
                switch step {
                case .deliver(let event): steps.append("deliver \(event.seq)")
                case .read(let after, let through): steps.append("read \(after)-\(through)")
                case .awaitLive: steps.append("await")
                }
                if case .deliver = step { continue }
                break
            }
            #expect(steps == expected, "row \(index)")
        }
    }

    @Test func replaysTheLogInPagesThenGoesLive() {
        Self.run(since: 0, liveFrom: 6, [
            (nil, ["read 0-6"]),
            (.page([1, 2, 3], through: 3), ["deliver 1", "deliver 2", "deliver 3", "read 3-6"]),
            (.page([4, 5, 6], through: 6), ["deliver 4", "deliver 5", "deliver 6", "await"]),
            (.live([7, 8]), ["deliver 7", "deliver 8", "await"]),
        ])
    }

    @Test func anEventCommittedDuringTheHandOverIsHandedOutOnce() {
        // 5 and 6 were committed after the subscription registered but before the log's end was
        // read: they are in the log (up to liveFrom 6) and arrive live too.
        Self.run(since: 2, liveFrom: 6, [
            (nil, ["read 2-6"]),
            (.page([3, 4, 5, 6], through: 6), ["deliver 3", "deliver 4", "deliver 5", "deliver 6", "await"]),
            (.live([5, 6, 7]), ["deliver 7", "await"]),
            (.live([8]), ["deliver 8", "await"]),
        ])
    }

    @Test func aConsumerAlreadyAtTheEndWaitsForLiveEventsAtOnce() {
        Self.run(since: 9, liveFrom: 9, [
            (nil, ["await"]),
            (.live([10]), ["deliver 10", "await"]),
        ])
        // A since beyond what this server published yet (read from the log's end) drops what it saw.
        Self.run(since: 9, liveFrom: 7, [
            (nil, ["await"]),
            (.live([8, 9, 10]), ["deliver 10", "await"]),
        ])
    }

    @Test func emptyPagesOfOtherSourcesStillMoveOn() {
        Self.run(since: 0, liveFrom: 9, scope: .source("gw"), sources: [1: "x", 2: "x", 3: "gw", 4: "x", 9: "x", 10: "gw", 11: "x"], [
            (nil, ["read 0-9"]),
            (.page([1, 2], through: 2), ["read 2-9"]),
            (.page([3, 4], through: 4), ["deliver 3", "read 4-9"]),
            (.page([], through: 9), ["await"]),
            (.live([10, 11]), ["deliver 10", "await"]),
        ])
    }
}
