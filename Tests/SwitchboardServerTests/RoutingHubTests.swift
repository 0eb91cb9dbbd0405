import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSocket
import Testing
@testable import SwitchboardServer

/// The routing owner driven directly (no sockets): requests in, messages out.
struct RoutingHubTests {
    func request(_ hub: RoutingHub, _ principal: Principal, _ link: RecordingLink, _ json: String) async throws {
        let envelope = try MessageDecoder.decode(json)
        await hub.handle(envelope, from: link)
    }

    func enqueue(_ hub: RoutingHub, _ source: RecordingLink, id: String, queue: String = "sales", channel: String = "voice", extra: String = "") async throws {
        try await request(hub, .source(name: "gw"), source,
                          #"{"type":"enqueue","ref":"\#(id)","interaction":{"id":"\#(id)","channel":"\#(channel)","queue":"\#(queue)"\#(extra)}}"#)
    }

    /// Waits (up to 15 s, longer on a loaded machine) until `link` received a message containing every fragment.
    func eventually(_ link: RecordingLink, _ fragments: String...) async throws {
        for _ in 0..<1500 {
            let texts = link.messages.map(MessageEncoder.encodeString)
            if texts.contains(where: { t in fragments.allSatisfy { t.contains($0) } }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no message with \(fragments) in \(link.messages.map(MessageEncoder.encodeString))")
    }

    @Test func enqueueAnswersWithPlaceThenOffersToTheEligibleAgent() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let agent = RecordingLink(), source = RecordingLink()
        #expect(await hub.attach(.source(name: "gw"), link: source) == nil)
        try await enqueue(hub, source, id: "c1")
        let reply = source.drain()
        #expect(reply.first?.contains(#""type":"welcome""#) == true)
        #expect(reply.with(#""type":"ok""#, #""ref":"c1""#, #""interactionId":"c1""#, #""position":1"#).count == 1)
        #expect(reply.with(#""event":"queued""#, #""queue":"sales""#).count == 1)

        #expect(await hub.attach(.agent(id: "a2"), link: agent) == nil)
        let pushed = agent.drain()
        #expect(pushed.with(#""type":"welcome""#, #""agentId":"a2""#, #""interactions":[]"#).count == 1)
        #expect(pushed.with(#""type":"offer""#, #""id":"c1""#, #""expiresInMs":"#).count == 1)
        #expect(source.drain().with(#""event":"offered""#, #""agentId":"a2""#).count == 1)

        try await request(hub, .agent(id: "a2"), agent, #"{"type":"accept","ref":"k","interactionId":"c1"}"#)
        let afterAccept = agent.drain()
        #expect(afterAccept.first == #"{"type":"ok","ref":"k"}"#)
        #expect(afterAccept.with(#""type":"agent_state""#, #""state":"busy""#).count == 1)
        #expect(source.drain().with(#""event":"assigned""#).count == 1)

        try await request(hub, .agent(id: "a2"), agent, #"{"type":"complete","ref":"d","interactionId":"c1"}"#)
        #expect(agent.drain().first == #"{"type":"ok","ref":"d"}"#)
        #expect(source.drain().with(#""event":"completed""#, #""agentId":"a2""#).count == 1)
    }

    @Test func skillsDecideWhoGetsTheOffer() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a1 = RecordingLink(), a3 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.agent(id: "a3"), link: a3)
        _ = await hub.attach(.agent(id: "a1"), link: a1)
        _ = await hub.attach(.source(name: "gw"), link: source)
        try await enqueue(hub, source, id: "b1", extra: #","skills":{"billing":6}"#)
        #expect(a1.drain().with(#""type":"offer""#, #""id":"b1""#).count == 1)
        #expect(a3.drain().with(#""type":"offer""#).isEmpty)
        try await enqueue(hub, source, id: "s1", queue: "chat", channel: "chat", extra: #","skills":{"spanish":5}"#)
        #expect(a3.drain().with(#""type":"offer""#, #""id":"s1""#).count == 1)
    }

    @Test func rejectKeepsThePlaceAndOffersTheNextAgent() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a1 = RecordingLink(), a2 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a1"), link: a1)
        try await enqueue(hub, source, id: "r1")
        #expect(a1.drain().with(#""type":"offer""#, #""id":"r1""#).count == 1)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await request(hub, .agent(id: "a1"), a1, #"{"type":"reject","ref":"x","interactionId":"r1"}"#)
        #expect(a1.drain().first == #"{"type":"ok","ref":"x"}"#)
        #expect(a2.drain().with(#""type":"offer""#, #""id":"r1""#).count == 1)
    }

    @Test func offerTimeoutRevokesAndSetsTheAgentNotReady() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(offerTimeout: 0.2), logger: quietLogger)
        let a1 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a1"), link: a1)
        try await enqueue(hub, source, id: "t1")
        try await eventually(a1, #""type":"revoked""#, #""interactionId":"t1""#, #""reason":"timeout""#)
        try await eventually(a1, #""type":"agent_state""#, #""state":"not_ready""#, #""reason":"no_answer""#)
        try await request(hub, .source(name: "gw"), source, #"{"type":"position","ref":"p","interactionId":"t1"}"#)
        try await eventually(source, #""ref":"p""#, #""status":"waiting""#, #""position":1"#)
    }

    @Test func cancelWhileQueuedAndWhileOffered() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a1 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        try await enqueue(hub, source, id: "q1")
        try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","ref":"c","interactionId":"q1","reason":"hung_up"}"#)
        let queued = source.drain()
        #expect(queued.with(#""ref":"c""#, #""type":"ok""#).count == 1)
        #expect(queued.with(#""event":"abandoned""#, #""reason":"hung_up""#).count == 1)

        _ = await hub.attach(.agent(id: "a1"), link: a1)
        try await enqueue(hub, source, id: "q2")
        #expect(a1.drain().with(#""type":"offer""#, #""id":"q2""#).count == 1)
        try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","ref":"c2","interactionId":"q2"}"#)
        #expect(a1.drain().with(#""type":"revoked""#, #""reason":"cancelled""#).count == 1)
        #expect(source.drain().with(#""event":"abandoned""#).count == 1)
        try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","ref":"c3","interactionId":"q2"}"#)
        #expect(source.drain().with(#""code":"conflict""#, #""ref":"c3""#).count == 1)
        try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","ref":"c4","interactionId":"nope"}"#)
        #expect(source.drain().with(#""code":"not_found""#, #""ref":"c4""#).count == 1)
    }

    @Test func aCustomerLeavingDuringHandlingEndsTheAgentsWork() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(wrapUp: 30), logger: quietLogger)
        let a2 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await enqueue(hub, source, id: "h1")
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"accept","interactionId":"h1"}"#)
        _ = a2.drain()
        try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","ref":"c","interactionId":"h1"}"#)
        let pushed = a2.drain()
        #expect(pushed.with(#""type":"interaction""#, #""interactionId":"h1""#, #""event":"completed""#, #""reason":"cancelled""#).count == 1)
        #expect(pushed.with(#""type":"agent_state""#, #""state":"wrap_up""#).count == 1)
        #expect(source.drain().with(#""event":"completed""#).count == 1)
    }

    @Test func agentRequestsAboutAnEndedInteractionAreConflictsAndUnknownOnesNotFound() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a2 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await enqueue(hub, source, id: "e1")
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"accept","interactionId":"e1"}"#)
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"complete","ref":"c1","interactionId":"e1"}"#)
        #expect(a2.drain().with(#""type":"ok""#, #""ref":"c1""#).count == 1)
        for (ref, type) in [("c2", "complete"), ("r", "reject"), ("a", "accept")] {
            try await request(hub, .agent(id: "a2"), a2, #"{"type":"\#(type)","ref":"\#(ref)","interactionId":"e1"}"#)
            #expect(a2.drain().with(#""ref":"\#(ref)""#, #""code":"conflict""#, "already ended").count == 1, "\(type)")
        }
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"transfer","ref":"t","interactionId":"e1","queue":"sales"}"#)
        #expect(a2.drain().with(#""ref":"t""#, #""code":"conflict""#).count == 1)
        for (ref, type) in [("c3", "complete"), ("r2", "reject"), ("a2", "accept")] {
            try await request(hub, .agent(id: "a2"), a2, #"{"type":"\#(type)","ref":"\#(ref)","interactionId":"never"}"#)
            #expect(a2.drain().with(#""ref":"\#(ref)""#, #""code":"not_found""#).count == 1, "\(type)")
        }
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"transfer","ref":"t2","interactionId":"never","queue":"sales"}"#)
        #expect(a2.drain().with(#""ref":"t2""#, #""code":"not_found""#).count == 1)
    }

    @Test func reEnqueueWithTheSameIdIsIdempotent() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let source = RecordingLink(), other = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        try await enqueue(hub, source, id: "x1")
        try await enqueue(hub, source, id: "x1")
        let texts = source.drain()
        #expect(texts.with(#""type":"ok""#, #""interactionId":"x1""#, #""position":1"#).count == 2)
        #expect(texts.with(#""event":"queued""#).count == 1)
        #expect(await hub.routerSnapshot.statistics(for: "sales")?.waiting == 1)
        _ = await hub.attach(.source(name: "other"), link: other)
        try await request(hub, .source(name: "other"), other,
                          #"{"type":"enqueue","ref":"o","interaction":{"id":"x1","channel":"voice","queue":"sales"}}"#)
        #expect(other.drain().with(#""code":"conflict""#).count == 1)
    }

    @Test func aFullQueueIsUnavailableAndUnknownQueueNotFound() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        for i in 0..<3 { try await enqueue(hub, source, id: "f\(i)", queue: "chat", channel: "chat") }
        #expect(source.drain().with(#""ref":"f2""#, #""code":"unavailable""#).count == 1)
        try await enqueue(hub, source, id: "n1", queue: "nowhere")
        #expect(source.drain().with(#""ref":"n1""#, #""code":"not_found""#).count == 1)
        try await enqueue(hub, source, id: "v1", queue: "sales", channel: "chat")
        #expect(source.drain().with(#""ref":"v1""#, #""code":"bad_request""#).count == 1)
    }

    @Test func queueDefaultPriorityAppliesAndHigherPriorityIsServedFirst() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let source = RecordingLink(), a2 = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        try await enqueue(hub, source, id: "low", extra: #","priority":10"#)
        try await enqueue(hub, source, id: "high", extra: #","priority":90"#)
        try await request(hub, .source(name: "gw"), source, #"{"type":"position","ref":"p","interactionId":"low"}"#)
        #expect(source.drain().with(#""ref":"p""#, #""position":2"#).count == 1)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        #expect(a2.drain().with(#""type":"offer""#).first?.contains(#""id":"high""#) == true)
        try await enqueue(hub, source, id: "dflt", queue: "chat", channel: "chat")
        #expect(await hub.routerSnapshot.interaction("dflt")?.priority == 10)
    }

    @Test func disconnectRevokesOffersAndReconnectResumesActiveWork() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a2 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await enqueue(hub, source, id: "d1")
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"accept","interactionId":"d1"}"#)
        await hub.detach(a2)
        #expect(await hub.routerSnapshot.interaction("d1")?.status == .active("a2"))
        let back = RecordingLink()
        #expect(await hub.attach(.agent(id: "a2"), link: back) == nil)
        #expect(back.drain().with(#""type":"welcome""#, #""interactions":[{"id":"d1""#).count == 1)
        try await request(hub, .agent(id: "a2"), back, #"{"type":"complete","ref":"z","interactionId":"d1"}"#)
        #expect(source.drain().with(#""event":"completed""#).count == 1)
    }

    @Test func aChosenNotReadyStateSurvivesAQuickReconnectOnly() async throws {
        // A grace long enough that a loaded machine never lets it pass between detach and attach;
        // the expiry half waits for the grace to be observed as over instead of sleeping a fixed time.
        let hub = try RoutingHub(configuration: testConfiguration(grace: 2), logger: quietLogger)
        let a2 = RecordingLink()
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"state","state":"not_ready","reason":"lunch"}"#)
        await hub.detach(a2)
        let back = RecordingLink()
        _ = await hub.attach(.agent(id: "a2"), link: back)
        #expect(await hub.routerSnapshot.agent("a2")?.state == .notReady(reason: "lunch"))
        await hub.detach(back)
        let detachedAt = ContinuousClock.now
        try await Task.sleep(for: .seconds(2.2))
        while await hub.routerSnapshot.agent("a2")?.state != .offline, ContinuousClock.now - detachedAt < .seconds(30) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await hub.routerSnapshot.agent("a2")?.state == .offline)
        _ = await hub.attach(.agent(id: "a2"), link: RecordingLink())
        #expect(await hub.routerSnapshot.agent("a2")?.state == .available)
        await hub.stop()
    }

    @Test func aDisconnectedAgentsOfferGoesBackInPlace() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a2 = RecordingLink(), a1 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await enqueue(hub, source, id: "o1")
        await hub.detach(a2)
        #expect(await hub.routerSnapshot.interaction("o1")?.status == .waiting)
        _ = await hub.attach(.agent(id: "a1"), link: a1)
        #expect(a1.drain().with(#""type":"offer""#, #""id":"o1""#).count == 1)
    }

    @Test func graceExpiryRequeuesAheadAndTellsTheSource() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(grace: 0.2), logger: quietLogger)
        let a2 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await enqueue(hub, source, id: "g1")
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"accept","interactionId":"g1"}"#)
        try await enqueue(hub, source, id: "g2")
        await hub.detach(a2)
        try await eventually(source, #""interactionId":"g1""#, #""event":"agent_lost""#, #""agentId":"a2""#)
        try await request(hub, .source(name: "gw"), source, #"{"type":"position","ref":"p","interactionId":"g1"}"#)
        #expect(source.drain().with(#""ref":"p""#, #""position":1"#).count == 1)
        let a1 = RecordingLink()
        _ = await hub.attach(.agent(id: "a1"), link: a1)
        #expect(a1.drain().with(#""type":"offer""#).first?.contains(#""id":"g1""#) == true)
    }

    @Test func aSecondLoginReplacesTheFirstConnection() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let first = RecordingLink(), second = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: first)
        try await enqueue(hub, source, id: "p1")
        _ = await hub.attach(.agent(id: "a2"), link: second)
        #expect(first.closeCode == 1008)
        #expect(second.drain().with(#""type":"offer""#, #""id":"p1""#).count == 1)
        await hub.detach(first)
        #expect(await hub.routerSnapshot.agent("a2")?.state == .available)
    }

    @Test func transferMovesActiveWorkToAnotherQueue() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let a2 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a2"), link: a2)
        try await enqueue(hub, source, id: "m1")
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"transfer","ref":"t0","interactionId":"m1","queue":"chat"}"#)
        #expect(a2.drain().with(#""ref":"t0""#, #""code":"conflict""#).count == 1)
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"accept","interactionId":"m1"}"#)
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"transfer","ref":"t1","interactionId":"m1","queue":"nowhere"}"#)
        #expect(a2.drain().with(#""ref":"t1""#, #""code":"not_found""#).count == 1)
        var config = testConfiguration()
        config.queues.append(QueueDefinition(name: "tier2", channels: [.voice], agingPointsPerSecond: 0))
        #expect(await hub.reconfigure(to: config) != .refused([]))
        try await request(hub, .agent(id: "a2"), a2, #"{"type":"transfer","ref":"t2","interactionId":"m1","queue":"tier2"}"#)
        #expect(a2.drain().with(#""ref":"t2""#, #""type":"ok""#).count == 1)
        #expect(source.drain().with(#""event":"transferred""#, #""queue":"tier2""#).count == 1)
    }

    @Test func supervisorsSeeStatsAndChangeAgentsLive() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let sup = RecordingLink(), a3 = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.supervisor(name: nil), link: sup)
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "a3"), link: a3)
        try await request(hub, .supervisor(name: nil), sup, #"{"type":"subscribe","ref":"s","topics":["queues","agents"]}"#)
        let first = sup.drain()
        #expect(first.with(#""type":"ok""#, #""ref":"s""#).count == 1)
        // The subscription's snapshot (a periodic push may follow it on a slow machine).
        #expect(first.with(#""type":"stats""#, #""name":"sales""#, #""id":"a3","state":"available""#).count >= 1)
        try await enqueue(hub, source, id: "e1")
        try await eventually(sup, #""type":"stats""#, #""name":"sales","waiting":1"#)
        // a3 gains english: the waiting call is offered to it.
        try await request(hub, .supervisor(name: nil), sup,
                          #"{"type":"set_agent","ref":"g","agentId":"a3","skills":{"english":4},"capacity":{"voice":1}}"#)
        #expect(sup.drain().with(#""type":"ok""#, #""ref":"g""#).count == 1)
        #expect(a3.drain().with(#""type":"offer""#, #""id":"e1""#).count == 1)
        try await request(hub, .supervisor(name: nil), sup, #"{"type":"set_agent","ref":"h","agentId":"ghost","state":"available"}"#)
        #expect(sup.drain().with(#""ref":"h""#, #""code":"not_found""#).count == 1)
        try await request(hub, .supervisor(name: nil), sup, #"{"type":"set_agent","ref":"i","agentId":"a1","state":"available"}"#)
        #expect(sup.drain().with(#""ref":"i""#, #""code":"conflict""#).count == 1)
    }

    @Test func statsArePushedAtLeastEveryIntervalWhileSubscribed() async throws {
        var settings = HubSettings(testConfiguration())
        settings.statsMinInterval = .milliseconds(20)
        settings.statsMaxInterval = .milliseconds(60)
        let hub = try RoutingHub(configuration: testConfiguration(), settings: settings, logger: quietLogger)
        let sup = RecordingLink()
        _ = await hub.attach(.supervisor(name: nil), link: sup)
        let subscribed = ContinuousClock.now
        try await request(hub, .supervisor(name: nil), sup, #"{"type":"subscribe","topics":["queues"]}"#)
        try await Task.sleep(for: .milliseconds(400))
        let pushes = sup.drain().with(#""type":"stats""#)
        // A loaded machine may sleep longer than asked: bound the count by the time that really passed.
        let elapsed = ContinuousClock.now - subscribed
        // Nothing changed: one push on subscribe, then about one per 60 ms (never one per 20 ms).
        #expect(pushes.count >= 3)
        #expect(pushes.count <= 2 + Int(elapsed / .milliseconds(20)))
        #expect(pushes.allSatisfy { !$0.contains(#""agents""#) })
        await hub.detach(sup)
        _ = sup.drain()  // a push may have been sent between the count above and the detach
        try await Task.sleep(for: .milliseconds(150))
        #expect(sup.drain().isEmpty)
        await hub.stop()
    }

    @Test func reloadRefusesToDropAQueueHoldingWorkWithoutATarget() async throws {
        let hub = try RoutingHub(configuration: testConfiguration(), logger: quietLogger)
        let source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        try await enqueue(hub, source, id: "w1", queue: "chat", channel: "chat")
        var smaller = testConfiguration()
        smaller.queues.removeAll { $0.name == "chat" }
        guard case .refused(let problems) = await hub.reconfigure(to: smaller) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(problems.first?.contains("chat") == true)
        #expect(await hub.routerSnapshot.interaction("w1")?.queue == "chat")
        var moved = smaller
        moved.queues.append(QueueDefinition(name: "chat2", channels: [.chat]))
        moved.reload.removedQueueTargets = ["chat": "chat2"]
        guard case .applied(let summary) = await hub.reconfigure(to: moved) else {
            Issue.record("expected the reload to apply")
            return
        }
        #expect(summary.queuesRemoved == ["chat"])
        #expect(summary.queuesAdded == ["chat2"])
        #expect(await hub.routerSnapshot.interaction("w1")?.queue == "chat2")
    }
}

struct InProcessLoadTests {
    @Test func twoHundredAgentsAndTwoThousandInteractionsInProcess() async throws {
        let config = LoadScenario.configuration()
        let hub = try RoutingHub(configuration: config, logger: quietLogger)
        var settings = ConnectionContext(hub: hub, credentials: CredentialStore(config.credentials), reloader: nil,
                                         policy: ConnectionPolicy(limits: config.server.limits), limits: config.server.limits, logger: quietLogger)
        // The clients' steps run on the cooperative pool, which a busy test run can hold up for long:
        // the hello deadline (a loop timer) must not close them meanwhile.
        settings.helloTimeout = .seconds(600)
        let context = settings
        let loop = try EventLoop(index: 91, readBufferSize: 16, logger: quietLogger)
        loop.start()
        let report = try await LoadScenario.run { try await LoopbackClient(context: context, loop: loop) }
        #expect(report.violations.isEmpty, "\(report.violations.prefix(10))")
        #expect(report.enqueued == LoadScenario.interactionCount)
        #expect(report.terminal.count == LoadScenario.interactionCount)
        #expect(report.terminal.values.allSatisfy { $0 == 1 })
        #expect(report.offers >= LoadScenario.interactionCount * 9 / 10)
        await hub.stop()
        await loop.shutdown()
    }
}
