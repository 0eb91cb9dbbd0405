import SwitchboardRouter
import Testing

/// Work waits for its preferred agent only while that agent qualifies: present as the request's
/// ``PreferredAgentPresence`` asks and able to take it. a2 is the preferred agent; a1 (and a3) are
/// free all along, so work that does not wait goes to them at once.
@Suite struct PreferredAgentTests {
    static let queue = QueueConfiguration(id: "q", requirements: ["sales": 3])
    static let fallback = Duration.seconds(10)

    /// a2 as the test needs it at t(2); a1 and a3 idle from t(1).
    enum Situation: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case available, busy, notReady, loggedOut, lacksTheSkill, noCapacityOnTheChannel

        var testDescription: String { rawValue }

        var profile: AgentProfile {
            switch self {
            case .lacksTheSkill: agent("a2", ["sales": 2])
            case .noCapacityOnTheChannel: agent("a2", ["sales": 5], voice: 0, chat: 1)
            default: agent("a2", ["sales": 5])
            }
        }
    }

    /// The floor with a2 in `situation`; when busy, a2 handles w0 (until it completes it).
    static func floor(_ situation: Situation) throws -> Router {
        var r = try router([queue], [agent("a1", ["sales": 5]), situation.profile, agent("a3", ["sales": 5])])
        switch situation {
        case .busy:
            try r.handle(.login("a2"), at: t(0))
            #expect(offers(try r.handle(.enqueue(request("w0")), at: t(0))) == ["w0→a2"])
            try r.handle(.accept("w0", by: "a2"), at: t(0))
        case .notReady:
            try r.handle(.login("a2", state: .notReady(reason: "break")), at: t(0))
        case .loggedOut:
            break
        case .available, .lacksTheSkill, .noCapacityOnTheChannel:
            try r.handle(.login("a2"), at: t(0))
        }
        try r.handle(.login("a1"), at: t(1))
        try r.handle(.login("a3"), at: t(1))
        return r
    }

    struct Arrival: Sendable, CustomTestStringConvertible {
        var situation: Situation
        var presence: PreferredAgentPresence
        /// The agent offered the work on arrival; nil when it waits for a2.
        var offeredTo: AgentID?

        var testDescription: String { "a2 \(situation), waiting while \(presence): \(offeredTo.map { "offered to \($0)" } ?? "waits")" }
    }

    @Test(arguments: [
        Arrival(situation: .available, presence: .loggedIn, offeredTo: "a2"),
        Arrival(situation: .available, presence: .available, offeredTo: "a2"),
        Arrival(situation: .busy, presence: .loggedIn, offeredTo: nil),
        Arrival(situation: .busy, presence: .available, offeredTo: nil),
        Arrival(situation: .notReady, presence: .loggedIn, offeredTo: nil),
        Arrival(situation: .notReady, presence: .available, offeredTo: "a1"),
        Arrival(situation: .loggedOut, presence: .loggedIn, offeredTo: "a1"),
        Arrival(situation: .loggedOut, presence: .available, offeredTo: "a1"),
        Arrival(situation: .lacksTheSkill, presence: .loggedIn, offeredTo: "a1"),
        Arrival(situation: .lacksTheSkill, presence: .available, offeredTo: "a1"),
        Arrival(situation: .noCapacityOnTheChannel, presence: .loggedIn, offeredTo: "a1"),
        Arrival(situation: .noCapacityOnTheChannel, presence: .available, offeredTo: "a1"),
    ])
    func arrivingWorkWaitsOnlyForAPreferredAgentWhoQualifies(_ arrival: Arrival) throws {
        var r = try Self.floor(arrival.situation)
        let effects = try r.handle(.enqueue(request("i1", preferred: "a2", fallback: Self.fallback, presence: arrival.presence)), at: t(2))
        #expect(offers(effects) == arrival.offeredTo.map { ["i1→\($0)"] } ?? [])
        #expect(r.statistics(for: "q")?.waiting == (arrival.offeredTo == nil ? 1 : 0))
    }

    /// A busy or not-ready a2, and what is offered on arrival, then when a2 frees (completes its
    /// work or comes back) just before the fallback, or else at the fallback.
    struct Timeline: Sendable, CustomTestStringConvertible {
        var situation: Situation
        var presence: PreferredAgentPresence
        var onArrival: [String]
        var later: [String]

        var testDescription: String { "a2 \(situation), waited for while \(presence): \(onArrival), then \(later)" }
    }

    @Test(arguments: [
        Timeline(situation: .busy, presence: .loggedIn, onArrival: [], later: ["i1→a2"]),
        Timeline(situation: .busy, presence: .available, onArrival: [], later: ["i1→a2"]),
        Timeline(situation: .notReady, presence: .loggedIn, onArrival: [], later: ["i1→a2"]),
        Timeline(situation: .notReady, presence: .available, onArrival: ["i1→a1"], later: []),
    ])
    func aPreferredAgentThatFreesWithinTheFallbackGetsTheWorkItWaitsFor(_ timeline: Timeline) throws {
        var r = try Self.floor(timeline.situation)
        let request = request("i1", preferred: "a2", fallback: Self.fallback, presence: timeline.presence)
        #expect(offers(try r.handle(.enqueue(request), at: t(2))) == timeline.onArrival)
        #expect(offers(try r.handle(.advance, at: t(11))) == [])
        let frees: RoutingCommand = timeline.situation == .busy ? .complete("w0", by: "a2") : .setState("a2", .available)
        #expect(offers(try r.handle(frees, at: t(11))) == timeline.later)
    }

    @Test(arguments: [
        Timeline(situation: .busy, presence: .loggedIn, onArrival: [], later: ["i1→a1"]),
        Timeline(situation: .busy, presence: .available, onArrival: [], later: ["i1→a1"]),
        Timeline(situation: .notReady, presence: .loggedIn, onArrival: [], later: ["i1→a1"]),
        Timeline(situation: .notReady, presence: .available, onArrival: ["i1→a1"], later: []),
    ])
    func aPreferredAgentStillAwayAtTheFallbackLosesTheWorkToEveryone(_ timeline: Timeline) throws {
        var r = try Self.floor(timeline.situation)
        let request = request("i1", preferred: "a2", fallback: Self.fallback, presence: timeline.presence)
        #expect(offers(try r.handle(.enqueue(request), at: t(2))) == timeline.onArrival)
        #expect(offers(try r.handle(.advance, at: t(11))) == [])
        #expect(offers(try r.handle(.advance, at: t(12))) == timeline.later)
    }

    /// Something happens to busy a2 while i1 waits for it.
    enum Change: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case goesNotReady, logsOut, losesTheSkill, losesItsCapacityOnTheChannel, gainsASkill, reloadDropsItsSkill, reloadRaisesTheQueuesLevel

        var testDescription: String { rawValue }

        func apply(to r: inout Router, at instant: Instant) throws -> [RoutingEffect] {
            let others = [agent("a1", ["sales": 5]), agent("a3", ["sales": 5])]
            switch self {
            case .goesNotReady:
                return try r.handle(.setState("a2", .notReady(reason: "break")), at: instant)
            case .logsOut:
                return try r.handle(.logout("a2"), at: instant)
            case .losesTheSkill:
                return try r.handle(.setAgent("a2", profile: agent("a2", ["support": 5])), at: instant)
            case .losesItsCapacityOnTheChannel:
                return try r.handle(.setAgent("a2", profile: agent("a2", ["sales": 5], voice: 0, chat: 1)), at: instant)
            case .gainsASkill:
                return try r.handle(.setAgent("a2", profile: agent("a2", ["sales": 5, "french": 4])), at: instant)
            case .reloadDropsItsSkill:
                let roster = [others[0], agent("a2", ["sales": 1]), others[1]]
                return try r.handle(.reconfigure(RoutingConfiguration(queues: [PreferredAgentTests.queue], agents: roster)), at: instant)
            case .reloadRaisesTheQueuesLevel:
                let queue = QueueConfiguration(id: "q", requirements: ["sales": 3, "french": 1])
                let roster = [agent("a1", ["sales": 5, "french": 2]), agent("a2", ["sales": 5]), agent("a3", ["sales": 5, "french": 2])]
                return try r.handle(.reconfigure(RoutingConfiguration(queues: [queue], agents: roster)), at: instant)
            }
        }
    }

    struct WhileWaiting: Sendable, CustomTestStringConvertible {
        var change: Change
        var presence: PreferredAgentPresence
        var released: Bool

        var testDescription: String { "a2 \(change), waited for while \(presence): \(released ? "released" : "still waits")" }
    }

    @Test(arguments: [
        WhileWaiting(change: .goesNotReady, presence: .loggedIn, released: false),
        WhileWaiting(change: .goesNotReady, presence: .available, released: true),
        WhileWaiting(change: .logsOut, presence: .loggedIn, released: true),
        WhileWaiting(change: .logsOut, presence: .available, released: true),
        WhileWaiting(change: .losesTheSkill, presence: .loggedIn, released: true),
        WhileWaiting(change: .losesTheSkill, presence: .available, released: true),
        WhileWaiting(change: .losesItsCapacityOnTheChannel, presence: .loggedIn, released: true),
        WhileWaiting(change: .losesItsCapacityOnTheChannel, presence: .available, released: true),
        WhileWaiting(change: .gainsASkill, presence: .loggedIn, released: false),
        WhileWaiting(change: .gainsASkill, presence: .available, released: false),
        WhileWaiting(change: .reloadDropsItsSkill, presence: .loggedIn, released: true),
        WhileWaiting(change: .reloadDropsItsSkill, presence: .available, released: true),
        WhileWaiting(change: .reloadRaisesTheQueuesLevel, presence: .loggedIn, released: true),
        WhileWaiting(change: .reloadRaisesTheQueuesLevel, presence: .available, released: true),
    ])
    func workWaitingForAnAgentThatStopsQualifyingGoesToEveryoneAtOnce(_ c: WhileWaiting) throws {
        var r = try Self.floor(.busy)
        #expect(offers(try r.handle(.enqueue(request("i1", preferred: "a2", fallback: Self.fallback, presence: c.presence)), at: t(2))) == [])
        let effects = try c.change.apply(to: &r, at: t(3))
        #expect(offers(effects) == (c.released ? ["i1→a1"] : []))
        #expect(r.statistics(for: "q")?.waiting == (c.released ? 0 : 1))
    }

    @Test func goingNotReadyReleasesOnlyWorkWaitingWhileAvailableOldestFirst() throws {
        var r = try Self.floor(.busy)
        try r.handle(.enqueue(request("i1", preferred: "a2", fallback: Self.fallback, presence: .available)), at: t(2))
        try r.handle(.enqueue(request("i2", preferred: "a2", fallback: Self.fallback, presence: .loggedIn)), at: t(3))
        try r.handle(.enqueue(request("i3", preferred: "a2", fallback: Self.fallback, presence: .available)), at: t(4))
        #expect(r.statistics(for: "q")?.waiting == 3)
        #expect(offers(try r.handle(.setState("a2", .notReady(reason: "break")), at: t(5))) == ["i1→a1", "i3→a3"])
        // i2 still waits for a2, who is logged in: it gets it once back and free.
        #expect(r.statistics(for: "q")?.waiting == 1)
        try r.handle(.complete("w0", by: "a2"), at: t(6))
        #expect(offers(try r.handle(.setState("a2", .available), at: t(7))) == ["i2→a2"])
    }

    @Test(arguments: [(PreferredAgentPresence.loggedIn, ["w0→a1"]), (.available, ["w0→a1", "i1→a3"])])
    func aMissedOfferPutsTheAgentNotReadyAndReleasesWorkWaitingWhileAvailable(_ presence: PreferredAgentPresence, _ expected: [String]) throws {
        var r = try router([Self.queue], [agent("a1", ["sales": 5]), agent("a2", ["sales": 5]), agent("a3", ["sales": 5])])
        try r.handle(.login("a2"), at: t(0))
        // a2's pending offer of w0 holds its capacity: i1 waits for it.
        #expect(offers(try r.handle(.enqueue(request("w0")), at: t(0))) == ["w0→a2"])
        #expect(offers(try r.handle(.enqueue(request("i1", preferred: "a2", fallback: .seconds(60), presence: presence)), at: t(1))) == [])
        try r.handle(.login("a1"), at: t(2))
        try r.handle(.login("a3"), at: t(2))
        let effects = try r.handle(.advance, at: t(20))
        #expect(effects.contains(.agentStateChanged(agent: "a2", state: .notReady(reason: AgentState.noAnswerReason))))
        #expect(offers(effects) == expected)
    }
}
