import SwitchboardBench
import Testing

@Suite struct CorrectnessCheckerTests {
    let alice = AgentSpec(id: "alice", group: "g", skills: ["english": 5, "billing": 2], capacity: ["chat": 2, "voice": 1], totalCapacity: 2)
    let bob = AgentSpec(id: "bob", group: "g", skills: ["english": 8], capacity: ["chat": 3])

    func checker() -> CorrectnessChecker {
        var checker = CorrectnessChecker(agents: [alice, bob])
        checker.enqueued("c-1", channel: "chat", requirements: ["english": 3])
        checker.enqueued("c-2", channel: "chat", requirements: ["english": 3])
        checker.enqueued("c-3", channel: "chat", requirements: ["english": 3])
        return checker
    }

    @Test func cleanLifecyclePasses() {
        var c = checker()
        c.offered("c-1", channel: "chat", to: "alice")
        c.accepted("c-1", by: "alice")
        c.sourceEvent("c-1", event: "queued", agentId: nil)
        c.sourceEvent("c-1", event: "assigned", agentId: "alice")
        c.released("c-1", by: "alice")
        c.sourceEvent("c-1", event: "completed", agentId: "alice")
        c.sourceEvent("c-2", event: "abandoned", agentId: nil)
        c.sourceEvent("c-3", event: "ended", agentId: nil)
        c.finish()
        #expect(c.passed)
        #expect(c.violations.isEmpty)
    }

    @Test func doubleAssignmentAcrossAgentsIsCaught() {
        var c = checker()
        c.offered("c-1", channel: "chat", to: "alice")
        c.offered("c-1", channel: "chat", to: "bob")
        c.accepted("c-1", by: "alice")
        c.accepted("c-1", by: "bob")
        #expect(c.counts[.doubleAssignment] == 1)
        #expect(c.violations.first?.agentId == "bob")
    }

    @Test func secondAssignedEventWithoutRequeueIsCaught() {
        var c = checker()
        c.sourceEvent("c-1", event: "assigned", agentId: "alice")
        c.sourceEvent("c-1", event: "assigned", agentId: "bob")
        #expect(c.counts[.doubleAssignment] == 1)
    }

    @Test func reassignmentAfterAgentLostIsAllowed() {
        var c = checker()
        c.sourceEvent("c-1", event: "assigned", agentId: "alice")
        c.sourceEvent("c-1", event: "agent_lost", agentId: "alice")
        c.sourceEvent("c-1", event: "assigned", agentId: "bob")
        #expect(c.passed)
    }

    @Test func capacityBreachOnAChannelIsCaught() {
        var c = checker()
        c.offered("c-1", channel: "chat", to: "alice")
        c.offered("c-2", channel: "chat", to: "alice")
        #expect(c.passed)
        c.released("c-1", by: "alice")
        c.offered("c-3", channel: "chat", to: "alice")
        #expect(c.passed)
        c.offered("c-1", channel: "chat", to: "alice")
        #expect(c.counts[.capacity] == 1)
        #expect(c.violations.first?.detail.contains("capacity 2") == true)
    }

    @Test func totalCapacityBreachIsCaught() {
        var c = checker()
        c.enqueued("v-1", channel: "voice", requirements: [:])
        c.offered("c-1", channel: "chat", to: "alice")
        c.offered("c-2", channel: "chat", to: "alice")
        c.offered("v-1", channel: "voice", to: "alice")
        #expect(c.counts[.capacity] == 1)
        #expect(c.violations.first?.detail.contains("total capacity 2") == true)
    }

    @Test func offerBesideActiveExclusiveWorkIsCaught() {
        var c = CorrectnessChecker(agents: [bob])
        c.enqueued("v-1", channel: "voice", requirements: [:])
        c.enqueued("c-1", channel: "chat", requirements: [:])
        c.offered("v-1", channel: "voice", to: "bob")
        c.accepted("v-1", by: "bob")
        c.offered("c-1", channel: "chat", to: "bob")
        #expect(c.counts[CorrectnessChecker.Violation.Kind.capacity] == 1)
    }

    @Test func offerBelowTheRequiredLevelIsCaught() {
        var c = checker()
        c.enqueued("b-1", channel: "chat", requirements: ["billing": 4, "english": 3])
        c.offered("b-1", channel: "chat", to: "alice")
        #expect(c.counts[.skills] == 1)
        #expect(c.violations.first?.detail == "billing needs 4, agent has 2")
    }

    @Test func duplicateTerminalEventIsCaught() {
        var c = checker()
        c.sourceEvent("c-1", event: "completed", agentId: "alice")
        c.sourceEvent("c-1", event: "completed", agentId: "alice")
        c.sourceEvent("c-1", event: "assigned", agentId: "alice")
        #expect(c.counts[.duplicateTerminal] == 1)
        #expect(c.counts[.eventAfterTerminal] == 1)
    }

    @Test func interactionWithoutTerminalEventIsCaughtAtTheEnd() {
        var c = checker()
        c.sourceEvent("c-1", event: "completed", agentId: "alice")
        c.sourceEvent("c-2", event: "abandoned", agentId: nil)
        #expect(c.passed)
        c.finish()
        #expect(c.counts[.missingTerminal] == 1)
        #expect(c.violations.map(\.interactionId) == ["c-3"])
    }

    @Test func acceptConfirmedAfterRevokeIsCaught() {
        var c = checker()
        c.offered("c-1", channel: "chat", to: "alice")
        c.revoked("c-1", from: "alice")
        c.accepted("c-1", by: "alice")
        #expect(c.counts[.acceptAfterRevoke] == 1)
    }

    @Test func refusedInteractionOwesNoTerminalEvent() {
        var c = checker()
        c.forget("c-1")
        c.sourceEvent("c-2", event: "completed", agentId: nil)
        c.sourceEvent("c-3", event: "completed", agentId: nil)
        c.finish()
        #expect(c.passed)
    }
}
