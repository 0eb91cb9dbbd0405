import Foundation
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardTesting
import SwitchboardTransport
import SwitchboardWebSocket
import Testing
@testable import SwitchboardServer

/// What a hostile client, a careless gateway and a new user found, each over real sockets (and, where
/// the rule is the hub's alone, on the hub directly).
@Suite(.serialized)
struct HardeningTests {
    // MARK: A replaced agent connection

    @Test func aReplacedAgentConnectionCanNoLongerActForTheAgent() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let old = RecordingLink(), new = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: old)
        await hub.handle(try MessageDecoder.decode(#"{"type":"enqueue","ref":"e","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#),
                         from: source)
        #expect(old.drain().with(#""type":"offer""#, #""id":"c1""#).count == 1)

        _ = await hub.attach(.agent(id: "a2"), link: new)
        #expect(old.closeCode == WebSocketCloseCode.policyViolation.rawValue)
        #expect(new.drain().with(#""type":"offer""#, #""id":"c1""#).count == 1)

        // Messages the old connection still sends are refused: the offer stays the new connection's.
        for json in [#"{"type":"accept","ref":"x","interactionId":"c1"}"#, #"{"type":"state","ref":"y","state":"not_ready","reason":"lunch"}"#] {
            await hub.handle(try MessageDecoder.decode(json), from: old)
        }
        #expect(old.drain().with(#""type":"error""#, #""code":"conflict""#, "replaced by a newer login").count == 2)
        #expect(await hub.routerSnapshot.agent("a2")?.state == .available)
        #expect(await hub.routerSnapshot.interaction("c1")?.status == .offered(to: ["a2"]))

        await hub.handle(try MessageDecoder.decode(#"{"type":"accept","ref":"k","interactionId":"c1"}"#), from: new)
        #expect(new.drain().first == #"{"type":"ok","ref":"k"}"#)
        await hub.stop()
    }

    @Test func aReplacedConnectionOverTheWireLosesItsAuthority() async throws {
        let bed = try await TestBed()
        let source = try await bed.login("gw-token")
        let old = try await bed.login("a2-token")
        try await source.send(#"{"type":"enqueue","ref":"e","interaction":{"id":"w1","channel":"voice","queue":"sales"}}"#)
        try await old.expect(#""type":"offer""#, #""id":"w1""#)
        let new = try await bed.login("a2-token")
        try await new.expect(#""type":"offer""#, #""id":"w1""#)
        // The old desktop did not notice yet and answers the offer: it must not win it.
        try? await old.send(#"{"type":"accept","ref":"stale","interactionId":"w1"}"#)
        try await new.send(#"{"type":"accept","ref":"fresh","interactionId":"w1"}"#)
        try await new.expect(#""type":"ok""#, #""ref":"fresh""#)
        #expect(try await old.closedCode() == WebSocketCloseCode.policyViolation.rawValue)
        await bed.stop()
    }

    // MARK: Undeclared skills, preferred agents

    @Test func undeclaredSkillsAreRefusedNamingTheSkill() async throws {
        let bed = try await TestBed()
        let source = try await bed.login("gw-token")
        try await source.send(#"{"type":"enqueue","ref":"k","interaction":{"channel":"voice","queue":"sales","skills":{"english":3,"klingon":2}}}"#)
        let reply = try await source.expect(#""ref":"k""#)
        #expect(reply.contains(#""code":"bad_request""#) && reply.contains("interaction.skills.klingon") && reply.contains("unknown skill"))

        let supervisor = try await bed.login("sup-token")
        try await supervisor.send(#"{"type":"set_agent","ref":"s","agentId":"a1","skills":{"english":5,"made-up":3}}"#)
        let refused = try await supervisor.expect(#""ref":"s""#)
        #expect(refused.contains(#""code":"bad_request""#) && refused.contains("skills.made-up"))
        #expect(await bed.server.hub.routerSnapshot.configuration.agents.first { $0.id == "a1" }?.skills["made-up"] == nil)
        await bed.stop()
    }

    @Test func aPreferredAgentMustBeInTheRosterAndCostsNoWaitWhileLoggedOut() async throws {
        let bed = try await TestBed()
        let source = try await bed.login("gw-token")
        try await source.send(#"{"type":"enqueue","ref":"u","interaction":{"channel":"voice","queue":"sales","preferredAgent":"nobody"}}"#)
        let unknown = try await source.expect(#""ref":"u""#)
        #expect(unknown.contains(#""code":"bad_request""#) && unknown.contains("interaction.preferredAgent"))

        // a2 is in the roster but logged out: a1 gets the interaction at once, not after 30 s.
        let a1 = try await bed.login("a1-token")
        try await source.send(#"{"type":"enqueue","ref":"p","interaction":{"id":"p1","channel":"voice","queue":"sales","preferredAgent":"a2"}}"#)
        try await a1.expect(#""type":"offer""#, #""id":"p1""#, within: 5)
        await bed.stop()
    }

    // MARK: Login state

    @Test func agentsLogInNotReadyByDefaultAndComeBackInTheirStateWithinTheGrace() async throws {
        let bed = try await TestBed { $0.agentSettings.loginState = .notReady }
        let source = try await bed.login("gw-token")
        try await source.send(#"{"type":"enqueue","ref":"e","interaction":{"id":"n1","channel":"voice","queue":"sales"}}"#)
        try await source.expect(#""ref":"e""#)

        let agent = try await bed.login("a2-token")
        try await agent.expect(#""type":"agent_state""#, #""state":"not_ready""#, #""reason":"login""#)
        try await agent.send(#"{"type":"state","ref":"r","state":"available"}"#)
        // Only now, by the person's choice, does work arrive.
        try await agent.expect(#""type":"offer""#, #""id":"n1""#)
        try await agent.send(#"{"type":"reject","ref":"x","interactionId":"n1"}"#)
        try await agent.expect(#""ref":"x""#)
        try await agent.send(#"{"type":"state","ref":"b","state":"not_ready","reason":"break"}"#)
        try await agent.expect(#""type":"agent_state""#, #""reason":"break""#)
        await agent.close()

        // Back within the grace: the chosen not-ready reason stays, not "login".
        try await Task.sleep(for: .milliseconds(200))
        let back = try await bed.login("a2-token")
        try await back.expect(#""type":"agent_state""#, #""state":"not_ready""#, #""reason":"break""#)
        await bed.stop()
    }

    @Test func loginStateAvailableIsStillAllowed() async throws {
        let bed = try await TestBed { $0.agentSettings.loginState = .available }
        let agent = try await bed.login("a2-token")
        try await agent.expect(#""type":"agent_state""#, #""state":"available""#)
        await bed.stop()
    }

    // MARK: Credential guessing

    @Test func failedLoginsAreDelayedThenTheAddressIsLockedOut() async throws {
        let bed = try await TestBed { $0.server.limits.failedLoginsBeforeLockout = 6 }
        let clock = ContinuousClock()
        var elapsed: [Duration] = []
        for attempt in 1...6 {
            let client = try await bed.raw()
            let started = clock.now
            try await client.send(#"{"type":"hello","ref":"h\#(attempt)","token":"guess-\#(attempt)"}"#)
            let reply = try await client.expect(#""type":"error""#)
            elapsed.append(clock.now - started)
            #expect(reply.contains(#""code":"unauthorized""#))
            #expect(try await client.closedCode() == WebSocketCloseCode.policyViolation.rawValue)
        }
        // The first three are answered at once, the 4th after 0.25 s, the 5th after 0.5 s, the 6th after 1 s.
        #expect(elapsed[3] >= .milliseconds(240) && elapsed[4] >= .milliseconds(490) && elapsed[5] >= .milliseconds(990))
        #expect(elapsed[0] < .milliseconds(240))

        // Locked out now: even the right token is refused without being checked.
        let locked = try await bed.raw()
        try await locked.send(#"{"type":"hello","ref":"ok","token":"a1-token"}"#)
        let refusal = try await locked.expect(#""type":"error""#)
        #expect(refusal.contains(#""code":"limit_exceeded""#) && refusal.contains("too many failed logins"))
        #expect(bed.server.policy.counts.lockouts == 1)
        #expect(bed.server.policy.counts.failedLogins == 6)

        let metrics = try await HTTPProbe.get("/metrics", port: bed.server.port, loop: bed.clients.next())
        #expect(metrics.contains("switchboard_login_failures_total 6"))
        #expect(metrics.contains("switchboard_login_lockouts_total 1"))
        await bed.stop()
    }

    @Test func aRightTokenIsNeverDelayedByEarlierFailures() async throws {
        let bed = try await TestBed()
        for attempt in 1...5 {
            let client = try await bed.raw()
            try await client.send(#"{"type":"hello","token":"wrong-\#(attempt)"}"#)
            _ = try await client.expect(#""type":"error""#)
        }
        let clock = ContinuousClock()
        let started = clock.now
        _ = try await bed.login("a1-token")
        #expect(clock.now - started < .milliseconds(900))
        await bed.stop()
    }

    // MARK: Per-principal limits

    @Test func aSourceHoldsAtMostItsConnectionLimit() async throws {
        let bed = try await TestBed { $0.server.limits.maxConnectionsPerSource = 2 }
        let first = try await bed.login("gw-token")
        _ = try await bed.login("gw-token")
        let third = try await bed.raw()
        try await third.send(#"{"type":"hello","ref":"3","token":"gw-token"}"#)
        let refused = try await third.expect(#""type":"error""#)
        #expect(refused.contains(#""code":"limit_exceeded""#) && refused.contains("max_connections_per_source"))
        #expect(try await third.closedCode() == WebSocketCloseCode.policyViolation.rawValue)
        // Another source is not affected, and a slot freed is a slot again.
        _ = try await bed.login("gw2-token")
        await first.close()
        try await Task.sleep(for: .milliseconds(200))
        _ = try await bed.login("gw-token")
        await bed.stop()
    }

    @Test func aSupervisorTokenHoldsAtMostItsConnectionLimit() async throws {
        let bed = try await TestBed { $0.server.limits.maxConnectionsPerSupervisor = 1 }
        _ = try await bed.login("sup-token")
        let second = try await bed.raw()
        try await second.send(#"{"type":"hello","token":"sup-token"}"#)
        let refused = try await second.expect(#""type":"error""#)
        #expect(refused.contains(#""code":"limit_exceeded""#) && refused.contains("max_connections_per_supervisor"))
        _ = try await bed.login("admin-token")
        await bed.stop()
    }

    @Test func messagesBeyondTheRateAreRefusedThenTheClientIsCut() async throws {
        let bed = try await TestBed {
            $0.server.limits.sourceMessagesPerSecond = 2
            $0.server.limits.sourceMessageBurst = 4
        }
        let source = try await bed.login("gw-token")
        // Logged in as a source, the connection has the sources' bucket (4): four pass, the rest is refused.
        for n in 1...8 {
            try await source.send(#"{"type":"position","ref":"m\#(n)","interactionId":"none"}"#)
        }
        for n in 1...4 { try await source.expect(#""ref":"m\#(n)""#, #""code":"not_found""#) }
        for n in 5...8 {
            try await source.expect(#""ref":"m\#(n)""#, #""code":"limit_exceeded""#, "source_messages_per_second")
        }
        // One that keeps sending regardless is disconnected.
        for n in 9...20 { try? await source.send(#"{"type":"position","ref":"m\#(n)","interactionId":"none"}"#) }
        #expect(try await source.closedCode() == WebSocketCloseCode.policyViolation.rawValue)
        #expect(bed.server.policy.counts.rateDisconnects == 1)
        await bed.stop()
    }

    @Test func agentsHaveTheirOwnSmallerRate() async throws {
        let bed = try await TestBed {
            $0.server.limits.messagesPerSecond = 1
            $0.server.limits.messageBurst = 3
        }
        // hello is the first of the three.
        let agent = try await bed.login("a1-token")
        for n in 1...4 { try await agent.send(#"{"type":"reject","ref":"r\#(n)","interactionId":"none"}"#) }
        for n in 1...2 { try await agent.expect(#""ref":"r\#(n)""#, #""code":"not_found""#) }
        try await agent.expect(#""ref":"r3""#, #""code":"limit_exceeded""#, "server.limits.messages_per_second")
        await bed.stop()
    }

    // MARK: Connection limits, browsers

    @Test func pastMaxConnectionsOnlyAnAdminMayLogIn() async throws {
        let bed = try await TestBed {
            $0.server.limits.maxConnections = 2
            $0.server.limits.reservedConnections = 2
        }
        _ = try await bed.login("gw-token")
        _ = try await bed.login("a1-token")
        // The server is full: the next connections land in the reserve.
        let agent = try await bed.raw()
        try await agent.send(#"{"type":"hello","ref":"r","token":"a2-token"}"#)
        let refused = try await agent.expect(#""type":"error""#)
        #expect(refused.contains(#""code":"unavailable""#) && refused.contains("max_connections"))
        #expect(try await agent.closedCode() == WebSocketCloseCode.policyViolation.rawValue)
        let admin = try await bed.login("admin-token")
        try await admin.send(#"{"type":"subscribe","ref":"s","topics":["queues"]}"#)
        try await admin.expect(#""type":"ok""#, #""ref":"s""#)
        let metrics = try await HTTPProbe.get("/metrics", port: bed.server.port, loop: bed.clients.next())
        #expect(metrics.contains("switchboard_websockets_open 3"))
        await bed.stop()
    }

    @Test func oneAddressCannotHoldMoreThanItsShareOfUnauthenticatedConnections() async throws {
        let bed = try await TestBed { $0.server.limits.maxUnauthenticatedPerAddress = 3 }
        var idle: [TransportClient] = []
        for _ in 0..<3 { idle.append(try await bed.raw()) }
        // A fourth connection that has not logged in is closed at accept.
        await #expect(throws: (any Error).self) { _ = try await bed.raw() }
        // Logging in frees the place: the address may open another connection.
        try await idle[0].send(#"{"type":"hello","token":"a1-token"}"#)
        try await idle[0].expect("welcome")
        try await Task.sleep(for: .milliseconds(100))
        let next = try await bed.raw()
        try await next.send(#"{"type":"hello","token":"a2-token"}"#)
        try await next.expect("welcome")
        // Logged-in connections do not count: a third and fourth login from the same address are fine.
        _ = try await bed.login("gw-token")
        _ = try await bed.login("sup-token")
        let metrics = try await HTTPProbe.get("/metrics", port: bed.server.port, loop: bed.clients.next())
        #expect(metrics.contains("switchboard_connections_refused_per_address_total 1"))
        await bed.stop()
    }

    @Test func aBrowserFromAnotherOriginIsRefusedBeforeTheUpgrade() async throws {
        let bed = try await TestBed { $0.server.allowedOrigins = ["https://wallboard.example.com"] }
        let url = "ws://127.0.0.1:\(bed.server.port)/v1/ws"
        await #expect(throws: (any Error).self) {
            _ = try await bed.client.connect(url, headers: [("Origin", "https://evil.example.net")])
        }
        let listed = try await bed.client.connect(url, headers: [("Origin", "https://wallboard.example.com")])
        await listed.send(text: #"{"type":"hello","token":"sup-token"}"#)
        #expect(await listed.receive()?.text?.contains("welcome") == true)
        let own = try await bed.client.connect(url, headers: [("Origin", "http://127.0.0.1:\(bed.server.port)")])
        await own.send(text: #"{"type":"hello","token":"a1-token"}"#)
        #expect(await own.receive()?.text?.contains("welcome") == true)
        await bed.stop()
    }

    @Test func aReloadChangesTheConnectionLimitsOfTheRunningServer() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try EmbeddedConfiguration.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        var config = try ConfigLoader.load(contentsOf: path)
        config.server.port = 0
        let server = try await SwitchboardServer.start(configuration: config, source: .file(path: path, origin: .flag), logger: quietLogger)
        let clients = try EventLoopGroup(threads: 1, logger: quietLogger)
        let client = WebSocketClient(group: clients, logger: quietLogger)
        let url = "ws://127.0.0.1:\(server.port)/v1/ws"
        let origin = [(name: "Origin", value: "https://wallboard.example.com")]
        await #expect(throws: (any Error).self) { _ = try await client.connect(url, headers: origin) }

        let edited = EmbeddedConfiguration.yaml
            .replacingOccurrences(of: "  allowed_origins: []", with: "  allowed_origins: [\"https://wallboard.example.com\"]")
            .replacingOccurrences(of: "    max_connections: 10000 ", with: "    max_connections: 1 ")
            .replacingOccurrences(of: "    reserved_connections: 16 ", with: "    reserved_connections: 0 ")
        #expect(edited != EmbeddedConfiguration.yaml)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .applied = await server.reloader.reload(trigger: "test") else {
            Issue.record("the edited file must apply")
            return
        }
        // The browser's origin is now allowed, and it takes the one place left…
        let browser = try await client.connect(url, headers: origin)
        await browser.send(text: #"{"type":"hello","token":"supervisor-demo"}"#)
        #expect(await browser.receive()?.text?.contains("welcome") == true)
        // …so the next connection is refused at accept.
        await #expect(throws: (any Error).self) { _ = try await client.connect(url) }
        await server.shutdown(grace: .milliseconds(300))
        await clients.shutdown()
    }

    @Test func aLoggedInClientMayQueueMoreThanAnUnauthenticatedOne() async throws {
        // A supervisor's first stats can exceed the small pre-login budget; after login it must not be cut.
        var config = testConfiguration()
        config.agents += (0..<400).map { AgentDefinition(id: "bulk-agent-with-a-long-identifier-\($0)", name: "Bulk \($0)", skills: ["english": 5]) }
        let bed = try await TestBed({ $0.server.limits.unauthenticatedOutputBytes = 4_096 }, configuration: config)
        let supervisor = try await bed.login("sup-token")
        try await supervisor.send(#"{"type":"subscribe","ref":"s","topics":["agents"]}"#)
        let stats = try await supervisor.expect(#""type":"stats""#)
        #expect(stats.utf8.count > 4_096)
        await bed.stop()
    }

    // MARK: Waiting caps

    @Test func theServerWideWaitingCapRefusesNewWork() async throws {
        let bed = try await TestBed { $0.routing.maxWaiting = 2 }
        let source = try await bed.login("gw-token")
        for n in 1...2 {
            try await source.send(#"{"type":"enqueue","ref":"e\#(n)","interaction":{"channel":"voice","queue":"sales"}}"#)
            try await source.expect(#""type":"ok""#, #""ref":"e\#(n)""#)
        }
        try await source.send(#"{"type":"enqueue","ref":"e3","interaction":{"channel":"voice","queue":"sales"}}"#)
        let refused = try await source.expect(#""ref":"e3""#)
        #expect(refused.contains(#""code":"unavailable""#) && refused.contains("routing.max_waiting"))
        await bed.stop()
    }
}

/// The login throttle's rule as a table: failures in, delays and lockouts out.
struct LoginThrottleTests {
    @Test func delaysDoubleAfterTheFreeFailuresThenLockOut() {
        var throttle = LoginThrottle(settings: .init(freeFailures: 2, firstDelay: .milliseconds(100), maxDelay: .milliseconds(350),
                                                     failuresBeforeLockout: 6, lockout: .seconds(60)))
        let start = ContinuousClock.now
        let expected: [(Duration, Bool)] = [(.zero, false), (.zero, false), (.milliseconds(100), false), (.milliseconds(200), false),
                                             (.milliseconds(350), false), (.milliseconds(350), true)]
        for (n, (delay, locked)) in expected.enumerated() {
            #expect(throttle.admit("10.0.0.1", now: start) == .check)
            let penalty = throttle.failed("10.0.0.1", now: start + .seconds(n))
            #expect(penalty == LoginThrottle.Penalty(delay: delay, lockedOut: locked), "failure \(n + 1)")
        }
        #expect(throttle.admit("10.0.0.1", now: start + .seconds(10)) == .lockedOut(remaining: .seconds(55)))
        // Another address is untouched; the lockout ends on time.
        #expect(throttle.admit("10.0.0.2", now: start + .seconds(10)) == .check)
        #expect(throttle.admit("10.0.0.1", now: start + .seconds(66)) == .check)
        #expect(throttle.failed("10.0.0.1", now: start + .seconds(66)).delay == .zero)
    }

    @Test func successForgivesAndOldFailuresExpire() {
        var throttle = LoginThrottle(settings: .init(freeFailures: 1, firstDelay: .milliseconds(100), window: .seconds(60)))
        let start = ContinuousClock.now
        _ = throttle.failed("a", now: start)
        #expect(throttle.failed("a", now: start + .seconds(1)).delay == .milliseconds(100))
        throttle.succeeded("a")
        #expect(throttle.failed("a", now: start + .seconds(2)).delay == .zero)
        #expect(throttle.failed("a", now: start + .seconds(100)).delay == .zero)
    }

    @Test func memoryIsBoundedByTheAddressCap() {
        var throttle = LoginThrottle(settings: .init(maxAddresses: 100))
        let start = ContinuousClock.now
        for n in 0..<1_000 { _ = throttle.failed("10.0.\(n / 256).\(n % 256)", now: start + .milliseconds(n)) }
        #expect(throttle.count <= 100)
    }
}

/// The message rate limiter as a table.
struct MessageRateLimiterTests {
    @Test func aBurstPassesThenTheRateThenRefusalsThenDisconnect() {
        let start = ContinuousClock.now
        var limiter = MessageRateLimiter(perSecond: 10, burst: 3, now: start)
        let burst = (0..<3).map { _ in limiter.admit(now: start) }
        #expect(burst == [.allow, .allow, .allow])
        #expect(limiter.admit(now: start) == .refuse)
        // 0.1 s refills one message.
        #expect(limiter.admit(now: start + .milliseconds(100)) == .allow)
        #expect(limiter.admit(now: start + .milliseconds(100)) == .refuse)
        #expect(limiter.admit(now: start + .milliseconds(100)) == .refuse)
        #expect(limiter.admit(now: start + .milliseconds(100)) == .refuse)
        #expect(limiter.admit(now: start + .milliseconds(100)) == .disconnect)
    }

    @Test func aClientWithinTheRateIsNeverRefused() {
        let start = ContinuousClock.now
        var limiter = MessageRateLimiter(perSecond: 100, burst: 1, now: start)
        for n in 0..<1_000 {
            #expect(limiter.admit(now: start + .milliseconds(10 * n)) == .allow)
        }
    }
}

/// A reload names the server settings it cannot apply while running.
struct RestartOnlySettingsTests {
    @Test func reloadableLimitsAreNotReportedAndStartOnlyOnesAre() {
        let old = ServerSettings()
        var new = old
        new.limits.maxConnections = 5
        new.limits.messagesPerSecond = 7
        new.allowedOrigins = ["*"]
        #expect(ConfigReloader.restartOnlyChanges(from: old, to: new).isEmpty)
        new.port = 9000
        new.limits.maxMessageBytes = 4096
        new.limits.agentReconnectGraceSeconds = 5
        #expect(ConfigReloader.restartOnlyChanges(from: old, to: new)
                == ["server.listen.port", "server.limits.max_message_bytes", "server.limits.agent_reconnect_grace_seconds"])
    }
}
