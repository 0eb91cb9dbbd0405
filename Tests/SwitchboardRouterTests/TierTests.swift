import SwitchboardRouter
import Testing

/// Customer tiers: a tier's work goes to its dedicated agents first, with a priority boost; it waits
/// for them (only while one could take it) until its fallback, counted from its enqueue, then anyone
/// qualified may take it. A freed dedicated agent takes its highest tier's work first, and a tier's
/// reserve keeps that many of its dedicated agents free of other work.
@Suite struct TierTests {
    /// `o1` and `o2` serve everyone; `d1` and `d2` are dedicated to platinum, `x` to platinum and gold.
    static let agents = [agent("o1"), agent("o2"), agent("d1"), agent("d2"), agent("x")]

    static func floor(
        _ tiers: [TierConfiguration], queue: QueueConfiguration = QueueConfiguration(id: "q"), agents: [AgentProfile] = agents
    ) throws -> Router {
        try checkedRouter(RoutingConfiguration(queues: [queue], agents: agents, randomSeed: 7, tiers: tiers))
    }

    static func platinum(fallback: Duration = .seconds(30), boost: Int = 0, reserve: Int = 0, _ dedicated: Set<AgentID> = ["d1", "d2"]) -> TierConfiguration {
        TierConfiguration(name: "platinum", dedicatedAgents: dedicated, priorityBoost: boost, fallback: fallback, reserve: reserve)
    }

    func tiered(_ id: InteractionID, _ tier: String?, priority: Int = 0, demanding: Bool = false) -> InteractionRequest {
        var r = request(id, priority: priority, demanding: demanding)
        r.tier = tier
        return r
    }

    // MARK: Dedicated first

    @Test func tieredWorkGoesToADedicatedAgentPastLongerIdleOthers() throws {
        var r = try Self.floor([Self.platinum()])
        try r.handle(.login("o1"), at: t(0))
        try r.handle(.login("d1"), at: t(1))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(2))) == ["p→d1"])
        #expect(offers(try r.handle(.enqueue(tiered("u", nil)), at: t(3))) == ["u→o1"])
    }

    @Test func anUnknownTierRoutesAsUntiered() throws {
        var r = try Self.floor([Self.platinum(boost: 50)])
        try r.handle(.login("o1"), at: t(0))
        try r.handle(.login("d1"), at: t(1))
        #expect(offers(try r.handle(.enqueue(tiered("b", "bronze")), at: t(2))) == ["b→o1"])
    }

    @Test func ringAllRingsOnlyTheDedicatedAgentsWhileAnyIsEligible() throws {
        var r = try Self.floor([Self.platinum()], queue: QueueConfiguration(id: "q", parallelOffers: 3))
        for (k, a) in ["o1", "d1", "o2", "d2"].enumerated() { try r.handle(.login(AgentID(a)), at: t(Int64(k))) }
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(5))) == ["p→d1", "p→d2"])
    }

    // MARK: Fallback and presence

    @Test func tieredWorkWaitsForADedicatedAgentUntilTheFallbackThenGoesToAnyone() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(30))])
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("o1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(10))) == [])
        #expect(offers(try r.handle(.advance, at: t(39))) == [])
        // o1 freeing again does not take it either.
        try r.handle(.setState("o1", .notReady(reason: "break")), at: t(39))
        #expect(offers(try r.handle(.setState("o1", .available), at: t(39))) == [])
        #expect(offers(try r.handle(.advance, at: t(40))) == ["p→o1"])
    }

    @Test func aDedicatedAgentStillComesFirstAfterTheFallback() throws {
        var r = try Self.floor([Self.platinum(fallback: .zero)])
        try r.handle(.login("o1"), at: t(0))
        try r.handle(.login("d1"), at: t(1))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(2))) == ["p→d1"])
        // With no dedicated agent ready and a zero fallback, anyone at once.
        #expect(offers(try r.handle(.enqueue(tiered("p2", "platinum")), at: t(3))) == ["p2→o1"])
    }

    @Test func aTransferKeepsTheFallbackCountingFromTheEnqueue() throws {
        let queues = [QueueConfiguration(id: "q"), QueueConfiguration(id: "other")]
        var r = try checkedRouter(RoutingConfiguration(queues: queues, agents: Self.agents, tiers: [Self.platinum(fallback: .seconds(30))]))
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(tiered("p", "platinum")), at: t(0))
        try r.handle(.transfer("p", to: "other"), at: t(20))
        try r.handle(.login("o1"), at: t(21))
        #expect(offers(try r.handle(.advance, at: t(30))) == ["p→o1"])
    }

    @Test func anAbsentDedicatedGroupCostsNoWaiting() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(60))])
        try r.handle(.login("o1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(1))) == ["p→o1"])
    }

    @Test func theLastDedicatedAgentLoggingOutOpensTheWaitingWork() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(60))])
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("d2", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("o1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(1))) == [])
        #expect(offers(try r.handle(.logout("d1"), at: t(2))) == [])
        #expect(offers(try r.handle(.logout("d2"), at: t(3))) == ["p→o1"])
    }

    @Test func aDedicatedAgentWithoutCapacityOnTheChannelIsNotWaitedFor() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(60))], queue: QueueConfiguration(id: "q", channels: [.voice, .chat]),
                               agents: [agent("o1", chat: 1), agent("d1")])
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("o1"), at: t(0))
        var chat = tiered("c", "platinum")
        chat.channel = .chat
        #expect(offers(try r.handle(.enqueue(chat), at: t(1))) == ["c→o1"])
    }

    @Test func aDedicatedAgentLosingWhatTheWorkNeedsOpensIt() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(60))], agents: [agent("d1", ["sales": 3]), agent("o2", ["sales": 1])])
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("o2"), at: t(0))
        var needs = tiered("v", "platinum")
        needs.requirements = ["sales": 1]
        #expect(offers(try r.handle(.enqueue(needs), at: t(1))) == [])
        #expect(offers(try r.handle(.setAgent("d1", profile: agent("d1")), at: t(2))) == ["v→o2"])
    }

    @Test func aFreedAgentNotDedicatedLeavesDedicatedPhaseWorkToTheDedicatedOne() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(60))])
        try r.handle(.login("d1"), at: t(0))
        try r.handle(.login("o1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("busy", nil)), at: t(1))) == ["busy→d1"])
        #expect(offers(try r.handle(.enqueue(tiered("busy2", nil)), at: t(1))) == ["busy2→o1"])
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(2))) == [])
        // o1 frees: the platinum work is not for it yet (busy2 skips it now).
        #expect(offers(try r.handle(.reject("busy2", by: "o1"), at: t(3))) == [])
        // d1 frees: busy goes to o1, and d1 takes the platinum work.
        #expect(offers(try r.handle(.reject("busy", by: "d1"), at: t(4))) == ["busy→o1", "p→d1"])
    }

    // MARK: Never behind lower tiers

    @Test func aDedicatedAgentOfTwoTiersTakesTheHigherTiersWorkFirst() throws {
        let gold = TierConfiguration(name: "gold", dedicatedAgents: ["x"], fallback: .seconds(60))
        var r = try Self.floor([Self.platinum(fallback: .seconds(60), ["x"]), gold],
                               queue: QueueConfiguration(id: "q", agingPointsPerSecond: 1))
        try r.handle(.login("x", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(tiered("g", "gold", priority: 50)), at: t(1))
        try r.handle(.enqueue(tiered("p", "platinum", priority: 0)), at: t(5))
        try r.handle(.enqueue(tiered("u", nil, priority: 90)), at: t(5))
        // Gold is older and ahead by aged priority, and the untiered work further still: platinum first.
        #expect(r.position(of: "g", at: t(6))! < r.position(of: "p", at: t(6))!)
        #expect(offers(try r.handle(.setState("x", .available), at: t(6))) == ["p→x"])
    }

    @Test func aDedicatedAgentTakesItsTiersWorkBeforeOtherWork() throws {
        var r = try Self.floor([Self.platinum(fallback: .zero)])
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(tiered("u", nil, priority: 100)), at: t(1))
        try r.handle(.enqueue(tiered("p", "platinum")), at: t(2))
        #expect(offers(try r.handle(.setState("d1", .available), at: t(3))) == ["p→d1"])
        // Another agent takes the rest by the usual order.
        #expect(offers(try r.handle(.login("o1"), at: t(4))) == ["u→o1"])
    }

    // MARK: Boost

    @Test func theBoostOrdersWorkForAgentsNotDedicated() throws {
        var r = try Self.floor([Self.platinum(fallback: .zero, boost: 30)])
        try r.handle(.enqueue(tiered("u", nil, priority: 20)), at: t(1))
        let p = tiered("p", "platinum", priority: 0)
        try r.handle(.enqueue(p), at: t(2))
        #expect(r.position(of: "p", at: t(2)) == 1)
        let effects = try r.handle(.login("o1"), at: t(3))
        // Offered first, and shown with the priority it came with.
        #expect(offers(effects) == ["p→o1"])
        #expect(effects.contains { if case .offer(let o, _, _) = $0 { o.priority == 0 && o.tier == "platinum" } else { false } })
        #expect(r.interaction("p")?.priority == 0)
    }

    // MARK: Reserve

    @Test func aFreeDedicatedAgentAtTheReserveDoesNotTakeOtherWork() throws {
        var r = try Self.floor([Self.platinum(reserve: 1)])
        try r.handle(.login("d1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("u", nil)), at: t(1))) == [])
        // Its own tier's work it takes.
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(2))) == ["p→d1"])
    }

    @Test func aFreeDedicatedAgentAboveTheReserveTakesOtherWork() throws {
        var r = try Self.floor([Self.platinum(reserve: 1)])
        try r.handle(.login("d1"), at: t(0))
        try r.handle(.login("d2"), at: t(1))
        #expect(offers(try r.handle(.enqueue(tiered("u", nil)), at: t(2))) == ["u→d1"])
        // d2 alone is free now: the reserve keeps it.
        #expect(offers(try r.handle(.enqueue(tiered("u2", nil)), at: t(3))) == [])
        // d1 rejects: two are free again, so u (which now skips d1) goes to d2, and d1 alone stays free.
        #expect(offers(try r.handle(.reject("u", by: "d1"), at: t(4))) == ["u→d2"])
        #expect(r.interaction("u2")?.status == .waiting)
    }

    @Test func aSecondDedicatedAgentFreeingLiftsTheReserveForTheFirst() throws {
        var r = try Self.floor([Self.platinum(reserve: 1)], agents: [agent("d1", ["sales": 5]), agent("d2")])
        try r.handle(.login("d1"), at: t(0))
        var needs = tiered("u", nil)
        needs.requirements = ["sales": 1]
        #expect(offers(try r.handle(.enqueue(needs), at: t(1))) == [])
        // d2 cannot take it, but with two free d1 may.
        #expect(offers(try r.handle(.login("d2"), at: t(2))) == ["u→d1"])
    }

    @Test func aDedicatedAgentHoldingWorkIsNotHeldByTheReserve() throws {
        let queue = QueueConfiguration(id: "q", channels: [.chat])
        var r = try Self.floor([Self.platinum(reserve: 1)], queue: queue, agents: [agent("d1", voice: 0, chat: 2)])
        try r.handle(.login("d1"), at: t(0))
        var p = tiered("p", "platinum")
        p.channel = .chat
        var u = tiered("u", nil)
        u.channel = .chat
        #expect(offers(try r.handle(.enqueue(u), at: t(1))) == [])
        #expect(offers(try r.handle(.enqueue(p), at: t(2))) == ["p→d1", "u→d1"])
    }

    @Test func ringAllKeepsTheReserve() throws {
        var r = try Self.floor([Self.platinum(reserve: 1, ["d1", "d2", "x"])], queue: QueueConfiguration(id: "q", parallelOffers: 3))
        for (k, a) in ["d1", "d2", "x"].enumerated() { try r.handle(.login(AgentID(a)), at: t(Int64(k))) }
        #expect(offers(try r.handle(.enqueue(tiered("u", nil)), at: t(5))) == ["u→d1", "u→d2"])
    }

    @Test func anAgentOfTwoTiersKeepsBothReserves() throws {
        let gold = TierConfiguration(name: "gold", dedicatedAgents: ["x"], reserve: 1)
        var r = try Self.floor([Self.platinum(["d1", "x"]), gold])
        try r.handle(.login("x"), at: t(0))
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        // Platinum keeps no reserve, but x is gold's last free agent: platinum work waits for d1.
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(1))) == [])
        #expect(offers(try r.handle(.enqueue(tiered("g", "gold")), at: t(2))) == ["g→x"])
    }

    // MARK: Shielding

    @Test(arguments: [(Duration.zero, ["p→o1"]), (.seconds(60), ["p→d1"])])
    func demandingTieredWorkPrefersAnUnshieldedAgentOnceOpen(_ fallback: Duration, _ expected: [String]) throws {
        var r = try Self.floor([Self.platinum(fallback: fallback)])
        try r.handle(.login("d1"), at: t(0))
        try r.handle(.setShielded("d1", true), at: t(0))
        try r.handle(.login("o1"), at: t(1))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum", demanding: true)), at: t(2))) == expected)
    }

    // MARK: Reconfigure and restore

    @Test func aReloadRemovingTheDedicatedAgentOpensTheWork() throws {
        var config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: Self.agents, tiers: [Self.platinum(fallback: .seconds(60), ["d1"])])
        var r = try checkedRouter(config)
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("o1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(1))) == [])
        config.agents.removeAll { $0.id == "d1" }
        #expect(offers(try r.handle(.reconfigure(config), at: t(2))) == ["p→o1"])
    }

    @Test func invalidTiersAreRefusedAndChangeNothing() throws {
        let config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: Self.agents, tiers: [Self.platinum()])
        var r = try checkedRouter(config)
        var bad = config
        bad.tiers.append(Self.platinum())
        #expect(throws: RoutingError.invalidConfiguration(field: "tiers.name", value: "platinum", reason: "duplicate tier name")) {
            try r.handle(.reconfigure(bad), at: t(1))
        }
        bad.tiers = [Self.platinum(reserve: -1)]
        #expect(throws: RoutingError.invalidConfiguration(field: "tiers[platinum].reserve", value: "-1", reason: "must be 0 or more")) {
            try r.handle(.reconfigure(bad), at: t(1))
        }
        #expect(r.configuration == config)
        #expect(throws: RoutingError.self) { try Router(configuration: bad) }
    }

    @Test func aReloadAddingATierStartsItsDedicatedPhaseAndRemovingItOpensTheWork() throws {
        let config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: Self.agents)
        var r = try checkedRouter(config)
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.enqueue(tiered("p", "platinum")), at: t(1))
        var tiered = config
        tiered.tiers = [Self.platinum(fallback: .seconds(60))]
        #expect(offers(try r.handle(.reconfigure(tiered), at: t(2))) == [])
        #expect(offers(try r.handle(.login("o1"), at: t(3))) == [])
        #expect(offers(try r.handle(.reconfigure(config), at: t(4))) == ["p→o1"])
    }

    @Test func aReloadRededicatingAgentsRoutesTheWaitingWork() throws {
        var config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: Self.agents, tiers: [Self.platinum(fallback: .seconds(60))])
        var r = try checkedRouter(config)
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(0))
        try r.handle(.login("o1"), at: t(0))
        #expect(offers(try r.handle(.enqueue(tiered("p", "platinum")), at: t(1))) == [])
        config.tiers[0].dedicatedAgents = ["o1"]
        #expect(offers(try r.handle(.reconfigure(config), at: t(2))) == ["p→o1"])
    }

    @Test func aRestoredInteractionKeepsItsTierAndItsFallbackFromTheEnqueue() throws {
        var r = try Self.floor([Self.platinum(fallback: .seconds(60), boost: 20)])
        try r.handle(.login("d1", state: .notReady(reason: "break")), at: t(100))
        try r.handle(.login("o1"), at: t(100))
        var restored = tiered("p", "platinum")
        #expect(offers(try r.handle(.restoreWaiting(restored, enqueuedAt: t(50), queueEnteredAt: t(50)), at: t(100))) == [])
        #expect(offers(try r.handle(.advance, at: t(109))) == [])
        #expect(offers(try r.handle(.advance, at: t(110))) == ["p→o1"])
        restored.id = "late"
        // A fallback already over: anyone at once.
        #expect(offers(try r.handle(.restoreWaiting(restored, enqueuedAt: t(0), queueEnteredAt: t(0)), at: t(111))) == [])
        #expect(offers(try r.handle(.login("o2"), at: t(112))) == ["late→o2"])
    }

    // MARK: Reloads and restores, at random

    /// Random streams on a tiered floor where reloads keep reshaping the tiers (dedicated agents,
    /// boosts, fallbacks, reserves, tiers added and removed, agents leaving and rejoining the roster)
    /// and restores bring back tiered work: the router checks every index and rule after each command.
    @Test(arguments: [61, 62, 63, 64] as [UInt64])
    func reloadsReshapingTheTiersKeepEveryIndexExact(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let base = DifferentialTests.configuration(&rng, stages: true, ringAll: seed % 2 == 0, tiers: true)
        var config = base
        var r = try checkedRouter(config)
        var now: Int64 = 0
        var ids: [InteractionID] = []
        var offered = 0
        var reloads = 0
        for step in 0..<2000 {
            now += Int64(rng.next(below: 4_000)) * 1_000_000
            let at = Instant(nanoseconds: now)
            _ = try? r.handle(.advance, at: at)
            let agentID = AgentID("a\(rng.next(below: 12))")
            let someID = ids.isEmpty ? InteractionID("none") : ids[ids.count - 1 - rng.next(below: min(ids.count, 30))]
            let status = r.interaction(someID)?.status
            let command: RoutingCommand
            switch rng.next(below: 100) {
            case 0..<28, 90..<93:
                let queue = config.queues[rng.next(below: config.queues.count)]
                let channel = queue.channels.sorted { $0.index < $1.index }[rng.next(below: queue.channels.count)]
                var request = InteractionRequest(id: InteractionID("i\(step)"), queue: queue.id, channel: channel, priority: rng.next(below: 4) * 25)
                request.tier = [nil, "platinum", "gold", "silver", "bronze"][rng.next(below: 5)]
                request.demanding = rng.next(below: 4) == 0
                ids.append(request.id)
                if rng.next(below: 100) < 90 {
                    command = .enqueue(request)
                } else {
                    let enqueuedAt = Instant(nanoseconds: now - Int64(rng.next(below: 90)) * 1_000_000_000)
                    command = .restoreWaiting(request, enqueuedAt: enqueuedAt, queueEnteredAt: enqueuedAt)
                }
            case 28..<45:
                if case .offered(let to)? = status, !to.isEmpty {
                    let by = to[rng.next(below: to.count)]
                    command = rng.next(below: 4) == 0 ? .reject(someID, by: by) : .accept(someID, by: by)
                } else {
                    command = .login(agentID)
                }
            case 45..<57:
                if case .active(let by)? = status { command = .complete(someID, by: by) } else { command = .setState(agentID, .available) }
            case 57..<60:
                command = .cancel(someID)
            case 60..<62:
                command = .transfer(someID, to: config.queues[rng.next(below: config.queues.count)].id)
            case 62..<72:
                command = .login(agentID)
            case 72..<77:
                command = .logout(agentID)
            case 77..<87:
                command = .setState(agentID, rng.next(below: 3) != 0 ? .available : .notReady(reason: "break"))
            default:
                // A reload: the tiers regenerated, or one changed, and now and then an agent leaves or rejoins.
                reloads += 1
                switch rng.next(below: 4) {
                case 0:
                    var fresh = rng
                    config.tiers = DifferentialTests.configuration(&fresh, stages: true, tiers: true).tiers.map { tier in
                        var tier = tier
                        tier.dedicatedAgents = Set(base.agents.map(\.id).filter { _ in rng.next(below: 3) == 0 })
                        return tier
                    }
                case 1 where !config.tiers.isEmpty:
                    let k = rng.next(below: config.tiers.count)
                    config.tiers[k].priorityBoost = [0, 20, 60][rng.next(below: 3)]
                    config.tiers[k].fallback = .seconds([0, 10, 45][rng.next(below: 3)])
                    config.tiers[k].reserve = rng.next(below: 3)
                    config.tiers[k].dedicatedAgents.formSymmetricDifference([agentID])
                case 2 where !config.tiers.isEmpty:
                    config.tiers.removeLast()
                default:
                    if let k = config.agents.firstIndex(where: { $0.id == agentID }) {
                        config.agents.remove(at: k)
                    } else if let profile = base.agents.first(where: { $0.id == agentID }) {
                        config.agents.append(profile)
                    }
                }
                command = .reconfigure(config)
            }
            if let effects = try? r.handle(command, at: at) { offered += offers(effects).count }
        }
        #expect(offered > 60)
        #expect(reloads > 50)
    }
}
