import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

/// One-shot calls (the REST API's writes) and the pure live reads, on the hub core as a value.
struct HubCoreQueryTests {
    let tables = HubCoreTests()

    func step(_ core: inout HubCore, _ input: HubInput, at ms: Int) -> [String] {
        var actions: [HubAction] = []
        core.step(input, in: HubContext(now: .milliseconds(Int64(ms)), wallMilliseconds: ms, store: StoreCondition()), into: &actions)
        return HubCoreTests.render(actions)
    }

    static func enqueue(_ id: String) -> HubRequest {
        .source(.enqueue(EnqueueRequest(id: id, channel: .voice, queue: "sales")))
    }

    @Test func aCallIsAnsweredOnItsOwnConnectionAndJoinsNoRegistry() throws {
        var core = try tables.makeCore { $0.server.limits.maxConnectionsPerSource = 1 }
        _ = step(&core, .attach(10, .source(name: "gw"), ref: nil), at: 0)
        // The source's one session is open: a call counts against no connection limit.
        let lines = step(&core, .call(900, .source(name: "gw"), Self.enqueue("c1"), ref: nil), at: 1)
        let toCall = lines.filter { $0.hasPrefix("→ 900") }
        #expect(toCall == [#"→ 900 when durable {"type":"ok","interactionId":"c1","status":"waiting","position":1,"estimatedWaitMs":null}"#])
        #expect(lines.contains { $0.hasPrefix("record enqueued c1") })
        #expect(core.connections.principals[900] == nil)
        #expect(core.connections.sources["gw"] == [10])
        // A refusal goes to the call's connection too.
        let refused = step(&core, .call(901, .source(name: "gw2"), Self.enqueue("c1"), ref: nil), at: 2)
        #expect(refused == [#"→ 901 {"type":"error","code":"conflict","message":"interaction id 'c1' is in use by another source"}"#])
        #expect(core.connections.principals[901] == nil)
    }

    @Test func replaysAreTheSourcesKnownIds() throws {
        var core = try tables.makeCore()
        _ = step(&core, .call(900, .source(name: "gw"), Self.enqueue("c1"), ref: nil), at: 1)
        _ = step(&core, .call(901, .source(name: "gw"), Self.enqueue("c2"), ref: nil), at: 2)
        _ = step(&core, .call(902, .source(name: "gw"), .source(.cancel(interactionId: "c2", reason: nil)), ref: nil), at: 3)
        let table: [(id: String?, source: String, replay: Bool)] = [
            ("c1", "gw", true), ("c1", "gw2", false), ("c2", "gw", true), ("c9", "gw", false), (nil, "gw", false),
        ]
        for row in table {
            #expect(core.isReplay(EnqueueRequest(id: row.id, channel: .voice, queue: "sales"), source: row.source) == row.replay, "\(row)")
        }
    }

    @Test func interactionViewsFollowAnInteractionThroughItsLifeWithTheRightsOfEachRole() throws {
        var core = try tables.makeCore()
        let now = Instant.milliseconds(10)
        _ = step(&core, .call(900, .source(name: "gw"), Self.enqueue("c1"), ref: nil), at: 1)
        _ = step(&core, .call(901, .source(name: "gw"), Self.enqueue("c2"), ref: nil), at: 2)
        _ = step(&core, .call(902, .source(name: "gw"), Self.enqueue("c3"), ref: nil), at: 3)
        _ = step(&core, .call(903, .source(name: "gw"), .source(.cancel(interactionId: "c3", reason: "customer left")), ref: nil), at: 4)

        let table: [(id: String, principal: Principal, expected: Result<InteractionView, ProtocolError>)] = [
            ("c1", .source(name: "gw"), .success(InteractionView(id: "c1", status: .waiting, queue: "sales", position: 1, estimatedWaitMs: nil))),
            ("c2", .supervisor(name: nil), .success(InteractionView(id: "c2", status: .waiting, queue: "sales", position: 2, estimatedWaitMs: nil))),
            ("c3", .admin(name: nil), .success(InteractionView(id: "c3", status: .abandoned, estimatedWaitMs: 0, reason: "customer left"))),
            ("c1", .source(name: "gw2"), .failure(ProtocolError(.notFound, "unknown interaction 'c1'"))),
            ("c1", .agent(id: "a1"), .failure(ProtocolError(.forbidden, "agents may not read interactions through this API"))),
            ("zz", .supervisor(name: nil), .failure(ProtocolError(.notFound, "unknown interaction 'zz'"))),
        ]
        for row in table {
            #expect(core.interactionView(row.id, for: row.principal, now: now) == row.expected, "\(row.id) as \(row.principal)")
        }

        // An agent logs in: c1 is offered, then accepted; c2 moves up.
        _ = step(&core, .attach(1, .agent(id: "a1"), ref: nil), at: 20)
        #expect(core.interactionView("c1", for: .source(name: "gw"), now: now) == .success(InteractionView(id: "c1", status: .offered, queue: "sales")))
        _ = step(&core, HubCoreTests.request(1, #"{"type":"accept","interactionId":"c1"}"#), at: 21)
        #expect(core.interactionView("c1", for: .source(name: "gw"), now: now)
                == .success(InteractionView(id: "c1", status: .assigned, queue: "sales", agentId: "a1")))
        if case .success(let c2) = core.interactionView("c2", for: .source(name: "gw"), now: now) {
            #expect(c2.status == .waiting && c2.position == 1)
        } else {
            Issue.record("c2 not readable")
        }
        _ = step(&core, HubCoreTests.request(1, #"{"type":"complete","interactionId":"c1"}"#), at: 22)
        #expect(core.interactionView("c1", for: .source(name: "gw"), now: now) == .success(InteractionView(id: "c1", status: .completed)))
    }

    @Test func queueAndAgentReadsAreLiveAndUnknownQueuesAreNil() throws {
        var core = try tables.makeCore()
        _ = step(&core, .call(900, .source(name: "gw"), Self.enqueue("c1"), ref: nil), at: 1)
        let now = Instant.milliseconds(5)
        #expect(core.queueStatistics(now: now).map(\.name) == ["sales", "chat"])
        #expect(core.queueStatistics("sales", now: now)?.waiting == 1)
        #expect(core.queueStatistics("sales", now: now)?.longestWaitMs == 4)
        #expect(core.queueStatistics("nope", now: now) == nil)
        #expect(core.agentStatuses(wallMilliseconds: 5).map(\.state) == ["offline", "offline", "offline"])
        _ = step(&core, .attach(1, .agent(id: "a1"), ref: nil), at: 6)
        let a1 = core.agentStatuses(wallMilliseconds: 6).first
        #expect(a1?.id == "a1" && a1?.state == "reserved")
        #expect(core.queueStatistics("sales", now: .milliseconds(6))?.waiting == 0)
    }
}
