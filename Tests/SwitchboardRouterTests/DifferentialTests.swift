import SwitchboardRouter
import SwitchboardTesting
import Testing

/// Feeds the indexed ``Router`` and the scanning ``ReferenceRouter`` the same random stream of
/// events and requires identical effects (and identical errors) at every step.
@Suite struct DifferentialTests {
    static let skillNames = ["sales", "support", "billing", "french", "german", "vip"]

    static let tierNames = ["platinum", "gold", "silver"]

    static func configuration(_ rng: inout SplitMix64, stages: Bool, ringAll: Bool = false, caps: Bool = false,
                              tiers: Bool = false) -> RoutingConfiguration {
        func requirements() -> [String: Int] {
            var result: [String: Int] = [:]
            for _ in 0..<rng.next(below: 3) { result[skillNames[rng.next(below: skillNames.count)]] = 1 + rng.next(below: 5) }
            return result
        }
        let strategies = RoutingStrategy.allCases
        var queues: [QueueConfiguration] = []
        for k in 0..<6 {
            var queue = QueueConfiguration(
                id: QueueID("q\(k)"),
                channels: k % 3 == 2 ? [.voice, .chat] : (k % 3 == 1 ? [.chat] : [.voice]),
                requirements: requirements(),
                strategy: strategies[k % strategies.count],
                agingPointsPerSecond: [0, 0.5, 2][rng.next(below: 3)],
                wrapUp: .seconds(rng.next(below: 3) * 5),
                offerTimeout: .seconds(5 + rng.next(below: 15)),
                parallelOffers: (ringAll ? 2 : 1) + rng.next(below: 2),
                rejectionSkip: .seconds(5 + rng.next(below: 30))
            )
            if rng.next(below: 2) == 0 {
                queue.relaxation = [RelaxationStep(after: .seconds(10 + rng.next(below: 20)), lowerLevelsBy: 2,
                                                   lowerSkill: rng.next(below: 2) == 0 ? nil : skillNames[rng.next(below: skillNames.count)]),
                                    RelaxationStep(after: .seconds(40), dropSkills: Set(skillNames.prefix(3)))]
            }
            if k > 0, rng.next(below: 2) == 0 {
                queue.maxWait = .seconds(30 + rng.next(below: 60))
                // Overflow only toward a queue accepting all our channels: q2 and q5 accept both.
                queue.onMaxWait = k == 2 || k == 5 ? .end(reason: "max_wait") : .overflow(to: k == 2 ? "q5" : "q2")
            }
            if rng.next(below: 3) == 0 { queue.maxSize = 3 + rng.next(below: 6) }
            if stages { queue.minimumStage = [nil, nil, nil, nil, nil, .learning, .learning, .experienced][rng.next(below: 8)] }
            if caps && queue.channels.contains(.chat) { queue.newAgentDemandingChats = [nil, 0, 1, 2, 2][rng.next(below: 5)] }
            queues.append(queue)
        }
        let agents = (0..<12).map { k in
            var skills: [String: Int] = [:]
            for name in skillNames where rng.next(below: 3) != 0 { skills[name] = 1 + rng.next(below: 10) }
            return AgentProfile(id: AgentID("a\(k)"), skills: skills,
                                capacity: [.voice: rng.next(below: 4) == 0 ? 0 : 1, .chat: rng.next(below: 4)],
                                totalCapacity: rng.next(below: 3) == 0 ? 2 : nil,
                                stage: caps ? [.new, .new, .new, .learning, .experienced][rng.next(below: 5)] : stages ? randomStage(&rng) : .experienced)
        }
        var configuration = RoutingConfiguration(queues: queues, agents: agents, randomSeed: rng.next())
        if tiers {
            // Two or three tiers over random subsets of the agents (an agent may serve several, or none),
            // with boosts, fallbacks and reserves including zero.
            configuration.tiers = tierNames.prefix(2 + rng.next(below: 2)).map { name in
                TierConfiguration(name: name, dedicatedAgents: Set(agents.map(\.id).filter { _ in rng.next(below: 4) == 0 }),
                                  priorityBoost: [0, 10, 40][rng.next(below: 3)], fallback: .seconds([0, 5, 20, 60][rng.next(below: 4)]),
                                  reserve: [0, 0, 1, 2][rng.next(below: 4)])
            }
        }
        return configuration
    }

    /// New and learning agents now and then, most experienced.
    static func randomStage(_ rng: inout SplitMix64) -> AgentStage {
        [.new, .learning, .experienced, .experienced][rng.next(below: 4)]
    }

    /// How the random stream leans.
    struct Mix {
        /// One enqueue in this many names a preferred agent…
        var preferredOneIn: Int
        /// …waited for while it is logged in one time in this many, else only while it is available.
        var loggedInOneIn: Int
        /// One state or profile change in this many goes to the preferred agent of waiting work.
        var targetPreferredOneIn: Int
        /// One enqueue in this many is demanding (0: none).
        var demandingOneIn = 0
        /// Percent of the steps that shield an agent or end its shield.
        var shieldPercent = 0
        /// Agents of every stage (also after profile changes) and queues with a minimum stage.
        var stages = false
        /// Cancels and transfers lean toward work offered to several agents, which frees them together
        /// (a shielded agent may then leave demanding work to an unshielded one freed with it).
        var freesTogether = false
        /// Only one arrival in this many is kept (the others log an agent in): a quieter floor.
        var arrivalsOneIn = 1
        /// Chat queues cap new agents' demanding chats (at 0 to 2, or not).
        var caps = false
        /// Customer tiers in the configuration, and arrivals of random tiers (unknown names too).
        var tiers = false

        /// Every command, in proportions close to a contact center's.
        static let broad = Mix(preferredOneIn: 4, loggedInOneIn: 2, targetPreferredOneIn: 2, demandingOneIn: 4, shieldPercent: 3, stages: true)
        /// Work that waits for its preferred agent, whose state and profile keep changing: waiting
        /// while it qualifies, released when it stops.
        static let preferredAgents = Mix(preferredOneIn: 1, loggedInOneIn: 3, targetPreferredOneIn: 1)
        /// Much demanding work among agents often shielded (by request or as new), in queues that may
        /// require a stage: demanding work kept from shielded agents while anyone else can take it,
        /// never left waiting for that.
        static let shielding = Mix(preferredOneIn: 6, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 2, shieldPercent: 12, stages: true,
                                     freesTogether: true)
        /// Only demanding work: a shielded agent that frees finds nothing else, so it leaves work to an
        /// unshielded agent freed with it, or takes it.
        static let demandingOnly = Mix(preferredOneIn: 8, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 1, shieldPercent: 15,
                                       stages: true, freesTogether: true, arrivalsOneIn: 3)
        /// Much demanding work, chats most of all, in queues capping new agents: a new agent at its
        /// queue's cap is passed over and the work waits for someone else, until the agent holds fewer.
        static let newAgentCaps = Mix(preferredOneIn: 5, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 2, shieldPercent: 5,
                                      stages: true, caps: true)
        /// The same on a quiet floor with ring-all and only demanding work.
        static let newAgentCapsRingAll = Mix(preferredOneIn: 8, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 1, shieldPercent: 8,
                                             stages: true, freesTogether: true, arrivalsOneIn: 2, caps: true)
        /// Customer tiers: dedicated agents first, fallbacks, presence, the highest tier first for a
        /// freed dedicated agent, reserves; among demanding work, shielding, stages and preferred agents.
        static let tiers = Mix(preferredOneIn: 6, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 4, shieldPercent: 3, stages: true,
                               tiers: true)
        /// The same on a quieter floor with ring-all queues: several dedicated agents ring at once and
        /// free together, which moves the reserves both ways.
        /// Every policy at once: tiers with reserves, new agents capped on demanding chats, shielding,
        /// stages and preferred agents.
        static let tiersAndCaps = Mix(preferredOneIn: 6, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 2, shieldPercent: 5,
                                      stages: true, freesTogether: true, caps: true, tiers: true)
        static let tiersRingAll = Mix(preferredOneIn: 8, loggedInOneIn: 2, targetPreferredOneIn: 3, demandingOneIn: 3, shieldPercent: 5,
                                      stages: true, freesTogether: true, arrivalsOneIn: 2, tiers: true)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func indexedRouterDecidesLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .broad)
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func preferredAgentsAreWaitedForAndReleasedLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .preferredAgents)
    }

    @Test(arguments: [31, 32, 33, 34] as [UInt64])
    func onAQuietFloorWithOnlyDemandingWorkRingAllSparesShieldedAgentsLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .demandingOnly)
    }

    /// Two agents freed in one step, the shielded one first, with demanding work waiting that both
    /// could take (too rare in the random streams): the shielded agent leaves it to the other, then
    /// takes it once that one has chosen other work.
    @Test func aShieldedAgentFreedWithAnUnshieldedOneDecidesLikeTheScanningReference() throws {
        let queues = [QueueConfiguration(id: "chat", channels: [.chat], parallelOffers: 2), QueueConfiguration(id: "q")]
        let agents = [AgentProfile(id: "s", capacity: [.voice: 1, .chat: 1]),
                      AgentProfile(id: "u", skills: ["french": 5], capacity: [.voice: 1, .chat: 1])]
        let config = RoutingConfiguration(queues: queues, agents: agents)
        for withOtherWork in [false, true] {
            var core = try checkedRouter(config)
            var reference = ReferenceRouter(configuration: config)
            var script: [RoutingCommand] = [
                .login("s"), .setShielded("s", true), .login("u"),
                .enqueue(InteractionRequest(id: "i", queue: "chat", channel: .chat)),
                .enqueue(InteractionRequest(id: "d", queue: "q", demanding: true)),
            ]
            if withOtherWork { script.append(.enqueue(InteractionRequest(id: "x", queue: "q", priority: 90, requirements: ["french": 1]))) }
            script += [.cancel("i"), .complete("d", by: "u"), .advance]
            for (k, command) in script.enumerated() {
                let x = Result { () throws(RoutingError) in try core.handle(command, at: .seconds(Int64(k))) }
                let y = Result { () throws(RoutingError) in try reference.handle(command, at: .seconds(Int64(k))) }
                #expect(x == y, "\(command)")
            }
        }
    }

    @Test(arguments: [41, 42, 43, 44, 45, 46, 47, 48] as [UInt64])
    func newAgentsAreCappedOnDemandingChatsLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .newAgentCaps)
    }

    @Test(arguments: [51, 52, 53, 54] as [UInt64])
    func withRingAllAndOnlyDemandingWorkNewAgentsAreCappedLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .newAgentCapsRingAll)
    }

    @Test(arguments: [41, 42, 43, 44, 45, 46, 47, 48] as [UInt64])
    func customerTiersAreRoutedLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .tiers)
    }

    @Test(arguments: [51, 52, 53, 54] as [UInt64])
    func customerTiersWithRingAllAndReservesAreRoutedLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .tiersRingAll)
    }

    @Test(arguments: [61, 62, 63, 64] as [UInt64])
    func tiersAndNewAgentCapsTogetherAreRoutedLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .tiersAndCaps)
    }

    @Test(arguments: [21, 22, 23, 24, 25, 26, 27, 28] as [UInt64])
    func demandingWorkAndShieldedAgentsAreRoutedLikeTheScanningReference(seed: UInt64) throws {
        try compare(seed: seed, mix: .shielding)
    }

    func compare(seed: UInt64, mix: Mix) throws {
        var rng = SplitMix64(seed: seed)
        let config = Self.configuration(&rng, stages: mix.stages, ringAll: mix.freesTogether, caps: mix.caps, tiers: mix.tiers)
        var core = try checkedRouter(config)
        var reference = ReferenceRouter(configuration: config)
        var now: Int64 = 0
        var issued: [InteractionID] = []
        var decisions = 0
        var routed: [InteractionID] = []

        func run(_ f: () throws(RoutingError) -> [RoutingEffect]) -> Result<[RoutingEffect], RoutingError> {
            do throws(RoutingError) { return .success(try f()) } catch { return .failure(error) }
        }

        /// Now and then (as the mix says), the logged-in preferred agent of one of these interactions
        /// still waiting, if any.
        func preferredByWaitingWork(_ ids: [InteractionID]) -> AgentID? {
            guard rng.next(below: mix.targetPreferredOneIn) == 0 else { return nil }
            let preferred = ids.compactMap { id in
                core.interaction(id).flatMap { $0.status == .waiting ? $0.preferredAgent : nil }.flatMap { core.agent($0)?.state == .offline ? nil : $0 }
            }
            return preferred.isEmpty ? nil : preferred[rng.next(below: preferred.count)]
        }

        /// Now and then, one of these interactions offered to several agents at once, if any: taking
        /// it away frees them all in one step, in offer order.
        func ringingAtOnce(_ ids: [InteractionID]) -> InteractionID? {
            guard rng.next(below: 2) == 0 else { return nil }
            let ringing = ids.filter { if case .offered(let to)? = core.interaction($0)?.status { to.count > 1 } else { false } }
            return ringing.isEmpty ? nil : ringing[rng.next(below: ringing.count)]
        }

        /// Sends the same command to both routers; false (and a recorded issue) when they differ.
        func both(_ command: RoutingCommand, at instant: Instant) -> Bool {
            let x = run { () throws(RoutingError) in try core.handle(command, at: instant) }
            let y = run { () throws(RoutingError) in try reference.handle(command, at: instant) }
            if case .success(let e) = x { decisions += e.filter { if case .offer = $0 { true } else { false } }.count }
            guard x == y else {
                Issue.record("seed \(seed), \(command) at \(now / 1_000_000_000)s:\nindexed:   \(x)\nreference: \(y)")
                return false
            }
            return true
        }

        for step in 0..<2500 {
            now += Int64(rng.next(below: 4_000)) * 1_000_000
            let instant = Instant(nanoseconds: now)
            guard both(.advance, at: instant) else { return }
            let agentID = AgentID("a\(rng.next(below: 12))")
            var someID = issued.isEmpty ? InteractionID("none") : issued[rng.next(below: issued.count)]
            // Mostly act on interactions still routed (recent ones), sometimes on any (errors must match too).
            if step % 25 == 0 { routed = issued.filter { core.interaction($0) != nil } }
            let recent = routed
            if !recent.isEmpty, rng.next(below: 5) != 0 { someID = recent[recent.startIndex + rng.next(below: recent.count)] }
            if mix.shieldPercent > 0, rng.next(below: 100) < mix.shieldPercent {
                // Shield toggles change no decision at once, only later ones; an unknown agent is refused.
                var target = rng.next(below: 20) == 0 ? AgentID("nobody") : agentID
                if mix.freesTogether, let ringing = ringingAtOnce(recent), case .offered(let to)? = core.interaction(ringing)?.status {
                    // One of several agents offered the same work at once: when it is taken away, the
                    // agents freed together may differ in shielding.
                    target = to[rng.next(below: to.count)]
                }
                guard both(.setShielded(target, rng.next(below: 2) == 0), at: instant) else { return }
                continue
            }
            let ok: Bool
            switch rng.next(below: 100) {
            case 0..<30 where mix.arrivalsOneIn > 1 && rng.next(below: mix.arrivalsOneIn) != 0:
                // A quiet floor: agents are often ready together, so work rings at several at once.
                ok = both(.login(agentID), at: instant)
            case 0..<30:
                let queue = config.queues[rng.next(below: config.queues.count)]
                let channel = queue.channels.sorted { $0.index < $1.index }[rng.next(below: queue.channels.count)]
                let id = InteractionID("i\(step)")
                issued.append(id)
                routed.append(id)
                var request = InteractionRequest(id: id, queue: queue.id, channel: channel, priority: rng.next(below: 4) * 25)
                if rng.next(below: 8) == 0 { request.requirements = [Self.skillNames[rng.next(below: 6)]: 1 + rng.next(below: 6)] }
                if mix.demandingOneIn > 0 { request.demanding = rng.next(below: mix.demandingOneIn) == 0 }
                if mix.tiers { request.tier = [nil, nil, "platinum", "gold", "silver", "bronze"][rng.next(below: 6)] }
                if rng.next(below: mix.preferredOneIn) == 0 {
                    request.preferredAgent = agentID
                    request.preferredAgentFallback = .seconds(rng.next(below: 40))
                    request.preferredAgentPresence = rng.next(below: mix.loggedInOneIn) == 0 ? .loggedIn : .available
                }
                ok = both(.enqueue(request), at: instant)
            case 30..<50:
                // Accept or reject an offer that is really pending (most of the time).
                var target = agentID
                let offered = recent.filter { if case .offered = core.interaction($0)?.status { true } else { false } }
                if !offered.isEmpty, rng.next(below: 6) != 0 { someID = offered[rng.next(below: offered.count)] }
                if case .offered(let to)? = core.interaction(someID)?.status, !to.isEmpty { target = to[rng.next(below: to.count)] }
                if rng.next(below: 4) == 0 {
                    ok = both(.reject(someID, by: target), at: instant)
                } else {
                    ok = both(.accept(someID, by: target), at: instant)
                }
            case 50..<62:
                var target = agentID
                let active = recent.filter { if case .active = core.interaction($0)?.status { true } else { false } }
                if !active.isEmpty, rng.next(below: 6) != 0 { someID = active[rng.next(below: active.count)] }
                if case .active(let a)? = core.interaction(someID)?.status { target = a }
                ok = both(.complete(someID, by: target), at: instant)
            case 62..<68:
                if mix.freesTogether, let ringing = ringingAtOnce(recent) { someID = ringing }
                ok = both(.cancel(someID), at: instant)
            case 68..<72:
                if mix.freesTogether, let ringing = ringingAtOnce(recent) { someID = ringing }
                let target = config.queues[rng.next(below: config.queues.count)].id
                ok = both(.transfer(someID, to: target), at: instant)
            case 72..<80:
                ok = both(.login(agentID), at: instant)
            case 80..<84:
                ok = both(.logout(agentID), at: instant)
            case 84..<94:
                // Often toggling an agent that waiting work prefers between ready and not ready: not
                // ready releases what waits only while it is available.
                let notReady = AgentState.notReady(reason: ["break", "lunch"][rng.next(below: 2)])
                if let target = preferredByWaitingWork(recent) {
                    ok = both(.setState(target, core.agent(target)?.state == .available ? notReady : .available), at: instant)
                } else {
                    ok = both(.setState(agentID, rng.next(below: 3) != 0 ? .available : notReady), at: instant)
                }
            default:
                // Often changing an agent that waiting work prefers, who may lose what it takes to handle it.
                let target = preferredByWaitingWork(recent).flatMap { id in config.agents.firstIndex { $0.id == id } }
                var profile = config.agents[target ?? rng.next(below: config.agents.count)]
                for name in Self.skillNames where rng.next(below: 3) == 0 {
                    profile.skills[name] = rng.next(below: 2) == 0 ? nil : 1 + rng.next(below: 10)
                }
                profile.capacity[.chat] = rng.next(below: 4)
                if mix.stages, rng.next(below: 2) == 0 { profile.stage = Self.randomStage(&rng) }
                ok = both(.setAgent(profile.id, profile: profile), at: instant)
            }
            guard ok else { return }
        }
        // The stream must exercise real decisions, not only refusals.
        #expect(decisions > 250)
    }
}
