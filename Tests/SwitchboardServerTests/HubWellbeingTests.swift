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
