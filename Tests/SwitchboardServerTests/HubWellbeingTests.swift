import OrderedCollections
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

/// The wellbeing guard in the routing owner: a streak of demanding contacts shields the agent for a
/// cool-down (demanding work goes to someone else while anyone else can take it), raises
/// `agent_strain`, and a recovery pause sets the agent not ready until it ends.
struct HubWellbeingTests {
    typealias Floor = HubSignalsTests.Floor

    static func complaint(_ floor: inout Floor, _ id: String, at ms: Int) -> [String] {
        floor.enqueue(id, customer: "C-\(id)", extra: #","attributes":{"kind":"complaint"}"#, at: ms)
    }

    @Test func aStreakOfDemandingContactsShieldsTheAgentAndRaisesStrain() throws {
        var floor = try Floor {
            $0.wellbeing.streak = 2
            $0.wellbeing.coolDownMinutes = 10
            $0.customers.memory = false
        }
        floor.open(agents: [1])
        for (index, id) in ["k1", "k2"].enumerated() {
            let lines = Self.complaint(&floor, id, at: index * 1_000)
            #expect(HubSignalsTests.offer(lines, to: 1) != nil)
            floor.handle(id, by: 1, at: index * 1_000 + 10)
        }
        #expect(floor.core.alerts.raised.values.contains { $0.kind == .agentStrain })
        // a2 logs in later (a1 idled longer), yet the next complaint goes to a2: a1 is cooling down.
        floor.step(.attach(2, .agent(id: "a2"), ref: nil), at: 5_000)
        let third = Self.complaint(&floor, "k3", at: 6_000)
        #expect(HubSignalsTests.offer(third, to: 2) != nil)
        // Ordinary work still goes to a1 (longest idle).
        let plain = floor.enqueue("p1", customer: "P", at: 6_100)
        #expect(HubSignalsTests.offer(plain, to: 1) != nil)
    }

    /// The streak's `agent_strain` is raised once (the supervisor sees one `raised`), and cleared once
    /// when the cool-down ends; a calm contact meanwhile does not clear the cool-down's shield.
    @Test func agentStrainIsRaisedAndClearedOnce() throws {
        var floor = try Floor {
            $0.wellbeing.streak = 2
            $0.wellbeing.coolDownMinutes = 1
            $0.wellbeing.demandingPerHour = 0
            $0.wellbeing.occupancyCeiling = 1
            $0.wellbeing.continuousBusyMinutes = 0
            $0.customers.memory = false
        }
        floor.open(agents: [1])
        var seen: [String] = []
        for (index, id) in ["k1", "k2"].enumerated() {
            seen += HubSignalsTests.alerts(Self.complaint(&floor, id, at: index * 1_000))
            floor.send(1, #"{"type":"accept","ref":"k","interactionId":"\#(id)"}"#, at: index * 1_000 + 10)
            seen += HubSignalsTests.alerts(floor.send(1, #"{"type":"complete","ref":"d","interactionId":"\#(id)"}"#, at: index * 1_000 + 11))
        }
        #expect(seen.count == 1 && seen[0].contains(#""kind":"agent_strain""#) && seen[0].contains(#""state":"raised""#), "\(seen)")
        #expect(seen.first?.contains(#""reasons":["streak"]"#) == true, "\(seen)")
        var later: [String] = []
        for ms in stride(from: 2_000, through: 120_000, by: 5_000) { later += HubSignalsTests.alerts(floor.step(.timer, at: ms)) }
        #expect(later.count == 1 && later[0].contains(#""state":"cleared""#), "\(later)")
        #expect(floor.core.router.agent(AgentID("a1"))?.shielded == false)
        #expect(!floor.core.alerts.raised.values.contains { $0.kind == .agentStrain })
    }

    /// An agent ends its recovery pause early by choosing available; the pause's end then changes nothing.
    @Test func anAgentEndsItsRecoveryPauseEarly() throws {
        var floor = try Floor {
            $0.wellbeing.streak = 2
            $0.wellbeing.recoveryPauseMinutes = 5
            $0.customers.memory = false
        }
        floor.open(agents: [1], supervisor: false)
        for (index, id) in ["k1", "k2"].enumerated() {
            _ = Self.complaint(&floor, id, at: index * 1_000)
            floor.handle(id, by: 1, at: index * 1_000 + 10)
        }
        #expect(floor.core.router.workload(of: AgentID("a1"))?.state == .notReady(reason: "recovery"))
        floor.send(1, #"{"type":"state","ref":"s","state":"available"}"#, at: 30_000)
        #expect(floor.core.router.workload(of: AgentID("a1"))?.state == .available)
        floor.send(1, #"{"type":"state","ref":"s","state":"not_ready","reason":"lunch"}"#, at: 60_000)
        floor.step(.timer, at: 1_011 + 300_000)
        #expect(floor.core.router.workload(of: AgentID("a1"))?.state == .notReady(reason: "lunch"), "the pause's end does not override the agent's choice")
        #expect(floor.core.signals.recoveryUntil.isEmpty)
    }

    @Test func aShieldedAgentStillGetsDemandingWorkWhenNobodyElseCan() throws {
        var floor = try Floor {
            $0.wellbeing.streak = 2
            $0.customers.memory = false
        }
        floor.open(agents: [1], supervisor: false)
        for (index, id) in ["k1", "k2"].enumerated() {
            _ = Self.complaint(&floor, id, at: index * 1_000)
            floor.handle(id, by: 1, at: index * 1_000 + 10)
        }
        let third = Self.complaint(&floor, "k3", at: 6_000)
        #expect(HubSignalsTests.offer(third, to: 1) != nil, "routing prefers, never strands work")
    }

    @Test func aRecoveryPauseSetsTheAgentNotReadyUntilItEnds() throws {
        var floor = try Floor {
            $0.wellbeing.streak = 2
            $0.wellbeing.recoveryPauseMinutes = 1
            $0.customers.memory = false
        }
        floor.open(agents: [1], supervisor: false)
        var last: [String] = []
        for (index, id) in ["k1", "k2"].enumerated() {
            _ = Self.complaint(&floor, id, at: index * 1_000)
            floor.send(1, #"{"type":"accept","ref":"k","interactionId":"\#(id)"}"#, at: index * 1_000 + 10)
            last = floor.send(1, #"{"type":"complete","ref":"d","interactionId":"\#(id)"}"#, at: index * 1_000 + 11)
        }
        #expect(last.contains { $0.contains(#""state":"not_ready","reason":"recovery""#) })
        let back = floor.step(.timer, at: 1_011 + 60_000)
        #expect(back.contains { $0.contains(#""agentId":"a1","state":"available""#) })
    }

    /// An agent whose stage comes from a start date moves on at midnight: on its 30th day a new agent
    /// becomes learning, is no longer shielded and may take a queue that requires learning agents.
    @Test func aStartDateMovesTheAgentToTheNextStageAtMidnight() throws {
        let day = Int(HubCore.dayMs)
        let today = CalendarDate(epochMilliseconds: 0)
        var floor = try Floor(today: today) {
            $0.agentSettings.tenure = TenureSettings(learningAfterDays: 30, experiencedAfterDays: 90)
            $0.agents[0].startDate = CalendarDate(daysSinceEpoch: -29)
            $0.queues[0].minimumStage = .learning
            $0.customers.memory = false
        }
        floor.open(agents: [1], supervisor: false)
        #expect(floor.core.router.profile(of: AgentID("a1"))?.stage == .new)
        #expect(floor.core.router.agent(AgentID("a1"))?.shielded == true)
        let early = floor.enqueue("s1", customer: nil, at: day - 1_000)
        #expect(HubSignalsTests.offer(early, to: 1) == nil, "a new agent does not get a queue that requires learning")
        let after = floor.step(.timer, at: day + 1)
        #expect(HubSignalsTests.offer(after, to: 1) != nil, "after midnight the waiting work goes to the agent, now learning")
        #expect(floor.core.router.profile(of: AgentID("a1"))?.stage == .learning)
        #expect(floor.core.router.agent(AgentID("a1"))?.shielded == false)
        floor.step(.timer, at: 2 * day + 1)
        #expect(floor.core.router.profile(of: AgentID("a1"))?.stage == .learning, "learning until day 90")
    }

    /// A reload changes the guard live: a streak of 3 becomes 2, and the next complaint after two in a
    /// row goes to someone else; turned off, nobody is shielded any more.
    @Test func aReloadChangesTheGuardLive() throws {
        var floor = try Floor {
            $0.wellbeing.streak = 3
            $0.customers.memory = false
        }
        floor.open(agents: [1], supervisor: false)
        for (index, id) in ["k1", "k2"].enumerated() {
            _ = Self.complaint(&floor, id, at: index * 1_000)
            floor.handle(id, by: 1, at: index * 1_000 + 10)
        }
        #expect(floor.core.router.agent(AgentID("a1"))?.shielded == false, "two of three: no cool-down yet")
        var config = floor.core.currentConfiguration
        config.wellbeing.streak = 2
        var actions: [HubAction] = []
        let outcome = floor.core.reconfigure(to: config, in: HubContext(now: .milliseconds(3_000), wallMilliseconds: 3_000, store: StoreCondition()),
                                             into: &actions)
        guard case .applied = outcome else { Issue.record("reload refused: \(outcome)"); return }
        // One more complaint (a1 is the only agent, so it takes it, shielded or not): a1 is cooling down.
        _ = Self.complaint(&floor, "k3", at: 4_000)
        floor.handle("k3", by: 1, at: 4_010)
        #expect(floor.core.router.agent(AgentID("a1"))?.shielded == true, "a streak of 2 now starts a cool-down")
        floor.step(.attach(2, .agent(id: "a2"), ref: nil), at: 5_000)
        let fourth = Self.complaint(&floor, "k4", at: 6_000)
        #expect(HubSignalsTests.offer(fourth, to: 2) != nil, "the complaint goes to a2 while a1 cools down")

        config.wellbeing.enabled = false
        let off = floor.core.reconfigure(to: config, in: HubContext(now: .milliseconds(7_000), wallMilliseconds: 7_000, store: StoreCondition()),
                                         into: &actions)
        guard case .applied = off else { Issue.record("reload refused: \(off)"); return }
        #expect(floor.core.router.agent(AgentID("a1"))?.shielded == false, "the guard off ends every cool-down")
    }

    /// An agent whose stage is written keeps it, whatever its start date would say (the validator
    /// refuses both; here the written stage alone is set).
    @Test func aWrittenStageDoesNotMoveAtMidnight() throws {
        var floor = try Floor(today: CalendarDate(epochMilliseconds: 0)) {
            $0.agents[0].stage = .new
            $0.customers.memory = false
        }
        floor.open(agents: [1], supervisor: false)
        floor.step(.timer, at: Int(HubCore.dayMs) * 400)
        #expect(floor.core.router.profile(of: AgentID("a1"))?.stage == .new)
    }
}

/// Tiers watched by the routing owner: a tier's interaction past its target wait raises `vip_waiting`,
/// and a tier with work but none of its dedicated agents logged in raises `no_dedicated_agent`.
struct HubTierAlertTests {
    typealias Floor = HubSignalsTests.Floor

    @Test func vipWaitingAndNoDedicatedAgentAreRaisedAndClearedOnce() throws {
        var floor = try Floor {
            $0.tiers = [TierDefinition(name: "gold", agents: ["a2"], targetWaitSeconds: 5)]
            $0.customers.memory = false
        }
        floor.open()
        let arrival = HubSignalsTests.alerts(floor.enqueue("g1", customer: nil, extra: #","tier":"gold""#, at: 1_000))
        #expect(arrival.count == 1)
        #expect(arrival.first?.contains(#""kind":"no_dedicated_agent","severity":"warning","subject":{"tier":"gold""#) == true)
        #expect(HubSignalsTests.alerts(floor.step(.timer, at: 5_999)).isEmpty)
        let late = HubSignalsTests.alerts(floor.step(.timer, at: 6_000))
        #expect(late.count == 1)
        #expect(late.first?.contains(#""kind":"vip_waiting","severity":"critical","subject":{"interactionId":"g1","tier":"gold""#) == true)
        // The dedicated agent logs in: no_dedicated_agent clears; it takes the call: vip_waiting clears.
        let login = floor.step(.attach(2, .agent(id: "a2"), ref: nil), at: 7_000)
        #expect(HubSignalsTests.alerts(login).contains { $0.contains(#""kind":"no_dedicated_agent""#) && $0.contains(#""state":"cleared""#) })
        let accepted = floor.send(2, #"{"type":"accept","ref":"k","interactionId":"g1"}"#, at: 7_100)
        #expect(HubSignalsTests.alerts(accepted).contains { $0.contains(#""kind":"vip_waiting""#) && $0.contains(#""state":"cleared""#) })
        #expect(floor.core.alerts.raised.isEmpty)
        #expect(floor.core.counters.alertsRaised == 2 && floor.core.counters.alertsCleared == 2)
    }

    /// The last dedicated agent logging out while the tier's work waits raises `no_dedicated_agent`;
    /// logging out with nothing of the tier waiting raises nothing.
    @Test func theLastDedicatedAgentLeavingWhileTheTierWaitsRaisesNoDedicatedAgent() throws {
        var floor = try Floor {
            $0.tiers = [TierDefinition(name: "gold", agents: ["a2"], fallbackSeconds: 60, targetWaitSeconds: 600)]
            $0.customers.memory = false
        }
        floor.open(agents: [2])
        floor.send(2, #"{"type":"state","ref":"s","state":"not_ready","reason":"lunch"}"#, at: 500)
        // a2 is logged in (not ready): gold work waits for it, no alert.
        #expect(HubSignalsTests.alerts(floor.enqueue("g1", customer: nil, extra: #","tier":"gold""#, at: 1_000)).isEmpty)
        let left = HubSignalsTests.alerts(floor.step(.detach(2), at: 2_000))
        #expect(left.count == 1 && left.first?.contains(#""kind":"no_dedicated_agent""#) == true && left.first?.contains(#""state":"raised""#) == true,
                "\(left)")
        let back = HubSignalsTests.alerts(floor.step(.attach(3, .agent(id: "a2"), ref: nil), at: 4_000))
        #expect(back.contains { $0.contains(#""kind":"no_dedicated_agent""#) && $0.contains(#""state":"cleared""#) }, "\(back)")
        // Answered: a later logout with nothing of the tier waiting raises nothing.
        floor.send(3, #"{"type":"state","ref":"s","state":"available"}"#, at: 4_100)
        floor.send(3, #"{"type":"accept","ref":"k","interactionId":"g1"}"#, at: 4_200)
        #expect(HubSignalsTests.alerts(floor.step(.detach(3), at: 5_000)).isEmpty)
        #expect(floor.core.signals.unansweredByTier.isEmpty && floor.core.signals.unansweredTier.isEmpty)
    }
}
