import Logging
import SwitchboardConfig
import SwitchboardHTTP
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import SwitchboardTransport
import Testing
@testable import SwitchboardServer

/// A server on a free loopback port and a loop for its clients.
final class TestBed: Sendable {
    let server: SwitchboardServer
    let clients: EventLoopGroup
    let client: WebSocketClient

    init(_ configure: (inout SwitchboardConfiguration) -> Void = { _ in }, configuration: SwitchboardConfiguration = testConfiguration(),
         source: EffectiveSettings.ConfigSource = .embedded, store: Store? = nil) async throws {
        var config = configuration
        config.server.host = "127.0.0.1"
        config.server.port = 0
        config.server.limits.eventLoopThreads = 2
        configure(&config)
        server = try await SwitchboardServer.start(configuration: config, source: source, store: store, logger: quietLogger)
        clients = try EventLoopGroup(threads: 1, logger: quietLogger)
        client = WebSocketClient(group: clients, logger: quietLogger)
    }

    /// A connected client that has not said hello yet.
    func raw() async throws -> TransportClient {
        try await TransportClient.connect(client, port: server.port)
    }

    /// A client logged in with `token`, its welcome read.
    func login(_ token: String) async throws -> TransportClient {
        let client = try await raw()
        try await client.send(#"{"type":"hello","token":"\#(token)"}"#)
        _ = try await client.expect("welcome")
        return client
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(500))
        await clients.shutdown()
    }
}

extension WireClient {
    /// Reads until a message contains every fragment (failing after `seconds`); returns it.
    @discardableResult
    func expect(_ fragments: String..., within seconds: Double = 15) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                while let text = try await self.receive() {
                    if fragments.allSatisfy({ text.contains($0) }) { return text }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw ScenarioError("no message with \(fragments) within \(seconds) s") }
            return first
        }
    }
}

@Suite(.serialized)
struct EndToEndTests {
    @Test func healthzAnswersOverHTTP() async throws {
        let bed = try await TestBed()

        let loop = bed.clients.next()
        let response = try await HTTPProbe.get("/healthz", port: bed.server.port, loop: loop)
        #expect(response.hasPrefix("HTTP/1.1 200"))
        let missing = try await HTTPProbe.get("/nope", port: bed.server.port, loop: loop)
        #expect(missing.hasPrefix("HTTP/1.1 404"))
        await bed.stop()
    }

    @Test func everyErrorCodeAndRoleRuleOverTheWire() async throws {
        let bed = try await TestBed()
        // Bad token: unauthorized, then 1008.
        let stranger = try await bed.raw()
        try await stranger.send(#"{"type":"hello","ref":"h","token":"nope"}"#)
        #expect(try await stranger.expect(#""code":"unauthorized""#).contains(#""ref":"h""#))
        #expect(try await stranger.closedCode() == 1008)

        let source = try await bed.login("gw-token")
        // Malformed: bad_request naming the field, connection stays open.
        try await source.send(#"{"type":"enqueue","ref":"m","interaction":{"channel":"fax","queue":"sales"}}"#)
        #expect(try await source.expect(#""ref":"m""#).contains(#""code":"bad_request""#))
        try await source.send("{oops")
        try await source.expect(#""code":"bad_request""#)
        // Forbidden: an agent message from a source.
        try await source.send(#"{"type":"accept","ref":"f","interactionId":"x"}"#)
        #expect(try await source.expect(#""ref":"f""#).contains(#""code":"forbidden""#))
        // not_found, unavailable, conflict.
        try await source.send(#"{"type":"position","ref":"n","interactionId":"none"}"#)
        #expect(try await source.expect(#""ref":"n""#).contains(#""code":"not_found""#))
        for i in 0..<2 {
            try await source.send(#"{"type":"enqueue","ref":"q\#(i)","interaction":{"id":"q\#(i)","channel":"chat","queue":"chat"}}"#)
            try await source.expect(#""ref":"q\#(i)""#, #""type":"ok""#)
        }
        try await source.send(#"{"type":"enqueue","ref":"full","interaction":{"id":"q2","channel":"chat","queue":"chat"}}"#)
        #expect(try await source.expect(#""ref":"full""#).contains(#""code":"unavailable""#))
        try await source.send(#"{"type":"cancel","interactionId":"q0"}"#)
        try await source.expect(#""event":"abandoned""#)
        try await source.send(#"{"type":"cancel","ref":"again","interactionId":"q0"}"#)
        #expect(try await source.expect(#""ref":"again""#).contains(#""code":"conflict""#))

        // Supervisor may not enqueue; admin may subscribe; agent may not reload.
        let supervisor = try await bed.login("sup-token")
        try await supervisor.send(#"{"type":"reload","ref":"r"}"#)
        #expect(try await supervisor.expect(#""ref":"r""#).contains(#""code":"forbidden""#))
        let agent = try await bed.login("a1-token")
        try await agent.send(#"{"type":"subscribe","ref":"s","topics":["queues"]}"#)
        #expect(try await agent.expect(#""ref":"s""#).contains(#""code":"forbidden""#))

        // A binary frame closes with 1003.
        await agent.sendBinary([1, 2, 3])
        #expect(try await agent.closedCode() == 1003)
        await bed.stop()
    }

    @Test func noHelloInTimeClosesWith1008() async throws {
        let bed = try await TestBed { $0.server.limits.helloTimeoutSeconds = 0.2 }
        let silent = try await bed.raw()
        #expect(try await silent.closedCode() == 1008)
        await bed.stop()
    }

    @Test func skillsAndPriorityDecideOverTheWire() async throws {
        let bed = try await TestBed()
        let source = try await bed.login("gw-token")
        for (id, priority) in [("low", 10), ("high", 90), ("mid", 50)] {
            try await source.send(#"{"type":"enqueue","ref":"\#(id)","interaction":{"id":"\#(id)","channel":"voice","queue":"sales","priority":\#(priority)}}"#)
            try await source.expect(#""ref":"\#(id)""#)
        }
        try await source.send(#"{"type":"enqueue","ref":"b","interaction":{"id":"bill","channel":"voice","queue":"sales","priority":100,"skills":{"billing":6}}}"#)
        try await source.expect(#""ref":"b""#)
        // a2 has no billing: it gets the highest-priority call it can serve.
        let a2 = try await bed.login("a2-token")
        #expect(try await a2.expect(#""type":"offer""#).contains(#""id":"high""#))
        // a1 has billing 7: it gets the billing call first.
        let a1 = try await bed.login("a1-token")
        #expect(try await a1.expect(#""type":"offer""#).contains(#""id":"bill""#))
        await bed.stop()
    }

    @Test func offerTimeoutRejectAndCancelWhileOffered() async throws {
        let bed = try await TestBed({ $0.routing.rejectSkipSeconds = 0.2 }, configuration: testConfiguration(offerTimeout: 1.5))
        let source = try await bed.login("gw-token")
        let a1 = try await bed.login("a1-token")
        try await source.send(#"{"type":"enqueue","interaction":{"id":"t1","channel":"voice","queue":"sales"}}"#)
        try await a1.expect(#""type":"offer""#, #""id":"t1""#)
        try await a1.expect(#""type":"revoked""#, #""interactionId":"t1""#, #""reason":"timeout""#)
        try await a1.expect(#""type":"agent_state""#, #""state":"not_ready""#, #""reason":"no_answer""#)
        // Back in place: a2 gets it; a2 rejects; a1 (available again) gets it.
        let a2 = try await bed.login("a2-token")
        try await a2.expect(#""type":"offer""#, #""id":"t1""#)
        try await a1.send(#"{"type":"state","state":"available"}"#)
        try await a2.send(#"{"type":"reject","ref":"rj","interactionId":"t1"}"#)
        try await a2.expect(#""ref":"rj""#, #""type":"ok""#)
        try await a1.expect(#""type":"offer""#, #""id":"t1""#)
        // The customer hangs up while it is offered.
        try await source.send(#"{"type":"cancel","interactionId":"t1"}"#)
        try await a1.expect(#""type":"revoked""#, #""reason":"cancelled""#)
        try await source.expect(#""interactionId":"t1""#, #""event":"abandoned""#)
        await bed.stop()
    }

    @Test func disconnectAndResumeWithinGraceThenGraceExpiry() async throws {
        let bed = try await TestBed(configuration: testConfiguration(grace: 3))
        let source = try await bed.login("gw-token")
        var a2 = try await bed.login("a2-token")
        try await source.send(#"{"type":"enqueue","interaction":{"id":"g1","channel":"voice","queue":"sales"}}"#)
        try await a2.expect(#""type":"offer""#, #""id":"g1""#)
        try await a2.send(#"{"type":"accept","ref":"a","interactionId":"g1"}"#)
        try await a2.expect(#""ref":"a""#)
        await a2.close()
        _ = try await a2.closedCode()
        // Back within the grace: the interaction is in welcome.
        a2 = try await bed.raw()
        try await a2.send(#"{"type":"hello","token":"a2-token"}"#)
        #expect(try await a2.expect("welcome").contains(#""interactions":[{"id":"g1""#))
        // Gone again, for longer than the grace: the source hears agent_lost, a1 gets the call.
        await a2.close()
        try await source.expect(#""interactionId":"g1""#, #""event":"agent_lost""#, #""agentId":"a2""#)
        let a1 = try await bed.login("a1-token")
        try await a1.expect(#""type":"offer""#, #""id":"g1""#)
        await bed.stop()
    }

    @Test func transferAndSupervisorStatsReflectWhatHappened() async throws {
        var config = testConfiguration()
        config.queues.append(QueueDefinition(name: "tier2", channels: [.voice], agingPointsPerSecond: 0))
        let bed = try await TestBed(configuration: config)
        let supervisor = try await bed.login("sup-token")
        try await supervisor.send(#"{"type":"subscribe","ref":"s","topics":["queues","agents"]}"#)
        try await supervisor.expect(#""type":"stats""#)
        let source = try await bed.login("gw-token")
        let a2 = try await bed.login("a2-token")
        try await source.send(#"{"type":"enqueue","interaction":{"id":"x1","channel":"voice","queue":"sales"}}"#)
        try await a2.expect(#""type":"offer""#, #""id":"x1""#)
        try await a2.send(#"{"type":"accept","interactionId":"x1"}"#)
        try await supervisor.expect(#""name":"sales","waiting":0"#, #""answered":1"#, #""id":"a2","state":"busy""#)
        try await a2.send(#"{"type":"transfer","ref":"t","interactionId":"x1","queue":"tier2"}"#)
        try await a2.expect(#""ref":"t""#, #""type":"ok""#)
        try await source.expect(#""event":"transferred""#, #""queue":"tier2""#)
        // Tier 2 counts it; a2 (free again, no wrap-up) is offered it there.
        try await supervisor.expect(#""name":"tier2""#, #""offered":1,"answered":0,"abandoned":0"#)
        try await a2.expect(#""type":"offer""#, #""id":"x1""#, #""queue":"tier2""#)
        try await source.send(#"{"type":"cancel","interactionId":"x1"}"#)
        try await a2.expect(#""type":"revoked""#, #""reason":"cancelled""#)
        try await supervisor.expect(#""name":"tier2""#, #""offered":1,"answered":0,"abandoned":1"#)
        await bed.stop()
    }

    @Test func anAgentThatStopsAnsweringPingsIsTreatedAsGone() async throws {
        let bed = try await TestBed {
            $0.server.limits.pingIntervalSeconds = 0.1
            $0.server.limits.presenceTimeoutSeconds = 0.4
        }
        let source = try await bed.login("gw-token")
        // An independent client that stops answering pings.
        let a2 = try await TransportClient.connect(bed.client, port: bed.server.port)
        try await a2.send(#"{"type":"hello","token":"a2-token"}"#)
        try await a2.expect("welcome")
        await a2.goSilent()
        _ = try await a2.closedCode()
        // The session reports the drop to the routing owner right after the socket closes.
        for _ in 0..<200 where await bed.server.hub.routerSnapshot.agent("a2")?.state != .offline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await bed.server.hub.routerSnapshot.agent("a2")?.state == .offline)
        // No offer goes to it: the call waits.
        try await source.send(#"{"type":"enqueue","ref":"e","interaction":{"id":"p1","channel":"voice","queue":"sales"}}"#)
        #expect(try await source.expect(#""ref":"e""#).contains(#""status":"waiting""#))
        await bed.stop()
    }

    @Test func shutdownClosesConnectionsWith1001() async throws {
        let bed = try await TestBed()
        let a1 = try await bed.login("a1-token")
        let stopping = Task { await bed.server.shutdown(grace: .seconds(1)) }
        #expect(try await a1.closedCode() == 1001)
        await stopping.value
        await bed.clients.shutdown()
    }

    @Test func twoHundredAgentsAndTwoThousandInteractionsOverSockets() async throws {
        let bed = try await TestBed(configuration: LoadScenario.configuration())
        let port = bed.server.port
        let client = bed.client
        let report = try await LoadScenario.run { try await TransportClient.connect(client, port: port) }
        #expect(report.violations.isEmpty, "\(report.violations.prefix(10))")
        #expect(report.enqueued == LoadScenario.interactionCount)
        #expect(report.terminal.count == LoadScenario.interactionCount)
        #expect(report.terminal.values.allSatisfy { $0 == 1 })
        await bed.stop()
    }
}
