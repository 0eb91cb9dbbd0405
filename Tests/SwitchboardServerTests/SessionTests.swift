import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

/// Sessions over a recording link: the hello handshake, tokens and the admin reload, no sockets.
struct SessionTests {
    func context(helloTimeout: Duration = .seconds(10), reloader: Bool = false, maxInFlight: Int = 4_096) throws -> SessionContext {
        let config = testConfiguration()
        let hub = try RoutingHub(configuration: config, logger: quietLogger)
        let credentials = CredentialStore(config.credentials)
        let reload = reloader
            ? ConfigReloader(source: .embedded, hub: hub, credentials: credentials, logger: quietLogger) : nil
        return SessionContext(hub: hub, credentials: credentials, reloader: reload, helloTimeout: helloTimeout,
                              maxMessagesInFlight: maxInFlight, logger: quietLogger)
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
        let session = Session(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"a1-token"}"#)
        let texts = try await waitFor(link, "welcome")
        #expect(texts.first?.hasPrefix(#"{"type":"welcome","role":"agent","agentId":"a1","protocol":1,"serverTime":"#) == true)
        #expect(link.closeCode == nil)
    }

    @Test func anUnknownTokenIsUnauthorizedThenClosed() async throws {
        let link = RecordingLink()
        let session = Session(link: link, context: try context())
        session.receive(text: #"{"type":"hello","ref":"h","token":"wrong"}"#)
        let texts = try await waitFor(link, "unauthorized")
        #expect(texts == [#"{"type":"error","ref":"h","code":"unauthorized","message":"unknown token"}"#])
        #expect(link.closeCode == 1008)
    }

    @Test func anAgentMissingFromTheRosterIsRefused() async throws {
        let link = RecordingLink()
        let session = Session(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"ghost-token"}"#)
        _ = try await waitFor(link, "unauthorized")
        #expect(link.closeCode == 1008)
    }

    @Test func noHelloInTimeClosesWith1008() async throws {
        let link = RecordingLink()
        _ = Session(link: link, context: try context(helloTimeout: .milliseconds(50)))
        for _ in 0..<300 where link.closeCode == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(link.closeCode == 1008)
    }

    @Test func requestsAreAnsweredInOrder() async throws {
        let link = RecordingLink()
        let session = Session(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"gw-token"}"#)
        for i in 0..<20 {
            session.receive(text: #"{"type":"position","ref":"\#(i)","interactionId":"none"}"#)
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
        let session = Session(link: link, context: ctx)
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

    @Test func reloadWithoutAReloaderIsUnavailable() async throws {
        let link = RecordingLink()
        let session = Session(link: link, context: try context())
        session.receive(text: #"{"type":"hello","token":"admin-token"}"#)
        session.receive(text: #"{"type":"reload","ref":"r"}"#)
        let texts = try await waitFor(link, #""ref":"r""#)
        #expect(texts.with(#""code":"unavailable""#).count == 1)
    }

    @Test func closingDetachesTheAgent() async throws {
        let link = RecordingLink()
        let ctx = try context()
        let session = Session(link: link, context: ctx)
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
        let session = Session(link: link, context: try context(maxInFlight: 8))
        session.receive(text: #"{"type":"hello","token":"gw-token"}"#)
        for n in 0..<2_000 {
            session.receive(text: #"{"type":"position","ref":"p\#(n)","interactionId":"none"}"#)
        }
        for _ in 0..<300 where link.closeCode == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(link.closeCode == 1008)
        // Far fewer answers than requests: the rest were never queued.
        #expect(link.messages.count < 2_000)
        session.connectionClosed()
    }
}
