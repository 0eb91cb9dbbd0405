import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSocket
import Testing
@testable import SwitchboardServer

/// A client connection over a recording link, on a loop of its own as the transport runs it (no sockets).
struct DrivenConnection {
    let connection: LoopBound<ClientConnection>

    init(link: any ClientLink, context: ConnectionContext, loop: EventLoop? = nil) async throws {
        let loop = try loop ?? {
            let own = try EventLoop(index: 90, readBufferSize: 16, logger: quietLogger)
            own.start()
            return own
        }()
        connection = await withCheckedContinuation { continuation in
            loop.execute { continuation.resume(returning: LoopBound(ClientConnection(link: link, loop: loop, context: context), loop: loop)) }
        }
    }

    /// Text messages arriving together (one read), in order.
    func receive(text: String...) {
        let connection = connection
        connection.loop.execute { for t in text { connection.value.receive(Array(t.utf8)) } }
    }

    func receive(texts: [String]) {
        let connection = connection
        connection.loop.execute { for t in texts { connection.value.receive(Array(t.utf8)) } }
    }

    func connectionClosed() {
        let connection = connection
        connection.loop.execute { connection.value.closed() }
    }
}

/// Client connections over a recording link: the hello handshake, tokens, the admin reload and the
/// order of answers.
struct ClientConnectionTests {
    // The hello deadline is a loop timer, while the test's own steps run on the cooperative pool,
    // which a busy test run can hold up for many seconds: a long deadline unless a test is about it.
    func context(helloTimeout: Duration = .seconds(600), reloader: Bool = false, maxInFlight: Int = 4_096) throws -> ConnectionContext {
        let config = testConfiguration()
        let hub = try RoutingHub(configuration: config, logger: quietLogger)
        let credentials = CredentialStore(config.credentials)
        let reload = reloader
            ? ConfigReloader(source: .embedded, hub: hub, credentials: credentials, logger: quietLogger) : nil
        var context = ConnectionContext(hub: hub, credentials: credentials, reloader: reload, policy: ConnectionPolicy(limits: config.server.limits),
                                        limits: config.server.limits, logger: quietLogger)
        context.helloTimeout = helloTimeout
        context.maxRequestsInFlight = maxInFlight
        return context
    }

    func waitFor(_ link: RecordingLink, _ fragment: String) async throws -> [String] {
        for _ in 0..<300 {
            let texts = link.messages.map(MessageEncoder.encodeString)
            if texts.contains(where: { $0.contains(fragment) }) { return texts }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no message with \(fragment)")
        return link.messages.map(MessageEncoder.encodeString)
    }

    @Test func aKnownTokenIsWelcomedWithItsRole() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"a1-token"}"#)
        let texts = try await waitFor(link, "welcome")
        #expect(texts.first?.hasPrefix(#"{"type":"welcome","role":"agent","agentId":"a1","protocol":1,"serverTime":"#) == true)
        #expect(link.closeCode == nil)
    }

    @Test func anUnknownTokenIsUnauthorizedThenClosed() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context())
        session.receive(text: #"{"type":"hello","ref":"h","token":"wrong"}"#)
        let texts = try await waitFor(link, "unauthorized")
        #expect(texts == [#"{"type":"error","ref":"h","code":"unauthorized","message":"unknown token"}"#])
        #expect(link.closeCode == 1008)
    }

    @Test func anAgentMissingFromTheRosterIsRefused() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"ghost-token"}"#)
        _ = try await waitFor(link, "unauthorized")
        #expect(link.closeCode == 1008)
    }

    @Test func noHelloInTimeClosesWith1008() async throws {
        let link = RecordingLink()
        let connection = try await DrivenConnection(link: link, context: try context(helloTimeout: .milliseconds(50)))
        for _ in 0..<300 where link.closeCode == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(link.closeCode == 1008)
        withExtendedLifetime(connection) {}
    }

    @Test func requestsAreAnsweredInOrder() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"gw-token"}"#)
        for i in 0..<20 {
            // Every other one is malformed: the connection answers those itself, in their place.
            session.receive(text: i % 2 == 0 ? #"{"type":"position","ref":"\#(i)","interactionId":"none"}"# : #"{"type":"position","ref":"\#(i)"}"#)
        }
        _ = try await waitFor(link, #""ref":"19""#)
        let refs = link.messages.compactMap { message -> String? in
            if case .error(let error) = message { return error.ref }
            return nil
        }
        #expect(refs == (0..<20).map(String.init))
    }

    @Test func adminReloadAnswersWithTheChangeSummary() async throws {
        let link = RecordingLink()
        let ctx = try context(reloader: true)
        let session = try await DrivenConnection(link: link, context: ctx)
        session.receive(text: #"{"type":"hello","token":"admin-token"}"#)
        session.receive(text: #"{"type":"reload","ref":"r"}"#)
        let texts = try await waitFor(link, #""ref":"r""#)
        // The embedded configuration replaces the test one: its queues appear, ours go (they hold no work).
        let reply = try #require(texts.with(#""type":"ok""#, #""ref":"r""#).first)
        #expect(reply.contains(#""queuesAdded":["billing","#))
        #expect(reply.contains(#""queuesRemoved":["chat"]"#))
        // New logins use the reloaded tokens; this connection stays open.
        #expect(ctx.credentials.principal(forToken: "agent-alice-demo") == .agent(id: "alice"))
        #expect(ctx.credentials.principal(forToken: "a1-token") == nil)
        #expect(link.closeCode == nil)
    }

    @Test func messagesAfterAReloadWaitForItsAnswer() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context(reloader: true))
        // One read: the reload runs off the loop, the subscribe behind it must not overtake its answer.
        session.receive(text: #"{"type":"hello","token":"admin-token"}"#, #"{"type":"reload","ref":"r"}"#,
                        #"{"type":"subscribe","ref":"s","topics":["queues"]}"#, #"{"type":"position","ref":"p","interactionId":"x"}"#)
        let texts = try await waitFor(link, #""ref":"p""#)
        let refs = texts.compactMap { text in ["r", "s", "p"].first { text.contains(#""ref":"\#($0)""#) } }
        #expect(refs == ["r", "s", "p"])
        #expect(texts.with(#""ref":"p""#, #""code":"forbidden""#).count == 1)
    }

    @Test func reloadWithoutAReloaderIsUnavailable() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"admin-token"}"#)
        session.receive(text: #"{"type":"reload","ref":"r"}"#)
        let texts = try await waitFor(link, #""ref":"r""#)
        #expect(texts.with(#""code":"unavailable""#).count == 1)
    }

    @Test func closingDetachesTheAgent() async throws {
        let link = RecordingLink()
        let ctx = try context()
        let session = try await DrivenConnection(link: link, context: ctx)
        session.receive(text: #"{"type":"hello","token":"a2-token"}"#)
        _ = try await waitFor(link, "welcome")
        #expect(await ctx.hub.routerSnapshot.agent("a2")?.state == .available)
        session.connectionClosed()
        for _ in 0..<300 where await ctx.hub.routerSnapshot.agent("a2")?.state != .offline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await ctx.hub.routerSnapshot.agent("a2")?.state == .offline)
    }

    @Test func aClientThatSendsFarMoreThanItsAnswersAreHandledIsClosed() async throws {
        let link = RecordingLink()
        let session = try await DrivenConnection(link: link, context: try context(maxInFlight: 8))
        session.receive(text: #"{"type":"hello","token":"gw-token"}"#)
        session.receive(texts: (0..<2_000).map { n in #"{"type":"position","ref":"p\#(n)","interactionId":"none"}"# })
        for _ in 0..<300 where link.closeCode == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(link.closeCode == 1008)
        // Far fewer answers than requests: the rest were never queued.
        #expect(link.messages.count < 2_000)
        session.connectionClosed()
    }
}
