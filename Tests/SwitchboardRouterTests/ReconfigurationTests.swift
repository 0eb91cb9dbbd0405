import SwitchboardRouter
import Testing

@Suite struct ReconfigurationTests {
    @Test func changedRequirementsReevaluateWaitingInteractions() throws {
        var config = RoutingConfiguration(queues: [QueueConfiguration(id: "q", requirements: ["sales": 9])], agents: [agent("a1", ["sales": 5])])
        var r = try checkedRouter(config)
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        config.queues[0].requirements = ["sales": 5]
        #expect(offers(try r.handle(.reconfigure(config), at: t(2))) == ["i1→a1"])
    }

    @Test func removedQueueHoldingWorkIsRefusedOrMoved() throws {
        let config = RoutingConfiguration(queues: [QueueConfiguration(id: "old"), QueueConfiguration(id: "new")])
        var r = try checkedRouter(config)
        try r.handle(.enqueue(request("i1", "old")), at: t(1))
        let next = RoutingConfiguration(queues: [QueueConfiguration(id: "new")])
        #expect(throws: RoutingError.queueHoldsWork("old", interactions: 1)) { try r.handle(.reconfigure(next), at: t(2)) }
        #expect(r.statistics(for: "old")?.waiting == 1)
        let effects = try r.handle(.reconfigure(next, movingWorkOfRemovedQueuesTo: "new"), at: t(3))
        #expect(events(effects, of: "i1") == [.transferred(from: "old", to: "new")])
        #expect(r.interaction("i1")?.queue == "new" && r.interaction("i1")?.enqueuedAt == t(1))
    }

    @Test func invalidConfigurationChangesNothing() throws {
        let config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")])
        var r = try checkedRouter(config)
        var bad = config
        bad.queues.append(QueueConfiguration(id: "x", maxWait: .seconds(5), onMaxWait: .overflow(to: "missing")))
        #expect(throws: RoutingError.invalidConfiguration(field: "queues[x].onMaxWait.overflow", value: "missing", reason: "unknown queue")) {
            try r.handle(.reconfigure(bad), at: t(1))
        }
        #expect(r.configuration == config)
    }

    @Test func removedAgentIsLoggedOutAfterItsCurrentWork() throws {
        let config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: [agent("a1")])
        var r = try checkedRouter(config)
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.accept("i1", by: "a1"), at: t(2))
        try r.handle(.reconfigure(RoutingConfiguration(queues: [QueueConfiguration(id: "q")])), at: t(3))
        #expect(r.agent("a1")?.state == .available)
        #expect(offers(try r.handle(.enqueue(request("i2")), at: t(4))) == [])
        let effects = try r.handle(.complete("i1", by: "a1"), at: t(5))
        #expect(effects.contains(.agentStateChanged(agent: "a1", state: .offline)))
        #expect(throws: RoutingError.unknownAgent("a1")) { try r.handle(.login("a1"), at: t(6)) }
    }

    @Test func workWaitingForARemovedAgentGoesToTheOthersOnceItLeaves() throws {
        let config = RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: [agent("a1"), agent("a2")])
        var r = try checkedRouter(config)
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.accept("i1", by: "a1"), at: t(2))
        // i2 waits for a1 (busy) although a2 will be free.
        try r.handle(.enqueue(request("i2", preferred: "a1", fallback: .seconds(60))), at: t(3))
        try r.handle(.reconfigure(RoutingConfiguration(queues: [QueueConfiguration(id: "q")], agents: [agent("a2")])), at: t(4))
        try r.handle(.login("a2"), at: t(5))
        #expect(r.statistics(for: "q")?.waiting == 1)
        // a1 finishes its last work and leaves: i2 stops waiting for it at once, long before the fallback.
        let effects = try r.handle(.complete("i1", by: "a1"), at: t(6))
        #expect(effects.contains(.agentStateChanged(agent: "a1", state: .offline)))
        #expect(offers(effects) == ["i2→a2"])
    }

    @Test func aRemovedAgentThatLogsOutWithNoWorkLeftLeavesTheRoster() throws {
        let queue = QueueConfiguration(id: "q", wrapUp: .seconds(30))
        var r = try checkedRouter(RoutingConfiguration(queues: [queue], agents: [agent("a1")]))
        try r.handle(.login("a1"), at: t(0))
        try r.handle(.enqueue(request("i1")), at: t(1))
        try r.handle(.accept("i1", by: "a1"), at: t(2))
        try r.handle(.reconfigure(RoutingConfiguration(queues: [queue])), at: t(3))
        try r.handle(.complete("i1", by: "a1"), at: t(4))
        // Wrapping up: not gone yet. Logging out ends the wrap-up, and with it the last work.
        #expect(r.agent("a1")?.inRoster == true)
        try r.handle(.logout("a1"), at: t(5))
        #expect(r.agent("a1")?.inRoster == false)
        #expect(throws: RoutingError.unknownAgent("a1")) { try r.handle(.login("a1"), at: t(6)) }
    }
}
