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
}
