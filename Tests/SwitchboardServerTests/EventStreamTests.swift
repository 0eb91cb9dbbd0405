import Foundation
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import SwitchboardTransport
import SwitchboardWebSocket
import Testing
@testable import SwitchboardServer

/// A server with a store on a free loopback port, for the event stream's tests.
final class EventStreamBed: Sendable {
    let directory: URL
    let store: Store
    let bed: TestBedWithSettings

    init(settings: EventStreamSettings = EventStreamSettings(), smallSocketBuffers: Bool = false) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = StoreConfiguration()
        configuration.syncEveryCommit = false
        store = try Store(path: directory.appendingPathComponent("events.sqlite").path, configuration: configuration, logger: quietLogger)
        bed = try await TestBedWithSettings(store: store, eventStream: settings,
                                            socketOptions: smallSocketBuffers ? ConnectionOptions(sendBufferSize: 4096) : nil)
    }

    var port: Int { bed.server.port }

    func login(_ token: String) async throws -> TransportClient { try await bed.login(token) }

    /// The store's events of `scope`, in order, once everything handed in is committed.
    func stored(_ scope: EventScope) async throws -> [LoggedEvent] {
        try await store.flush()
        return try await store.readEvents(after: 0, through: Int64.max, limit: 1_000_000).events.filter(scope.includes)
    }

    func stop() async {
        await bed.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// ``TestBed`` with hub settings and socket options of the test's choosing.
final class TestBedWithSettings: Sendable {
    let server: SwitchboardServer
    let clients: EventLoopGroup
    let client: WebSocketClient

    init(configuration: SwitchboardConfiguration = testConfiguration(), store: Store?, eventStream: EventStreamSettings,
         socketOptions: ConnectionOptions?) async throws {
        var config = configuration
        config.server.host = "127.0.0.1"
        config.server.port = 0
        config.server.limits.eventLoopThreads = 2
        var settings = HubSettings(config)
        settings.eventStream = eventStream
        server = try await SwitchboardServer.start(configuration: config, source: .embedded, hubSettings: settings, store: store,
                                                   socketOptions: socketOptions, logger: quietLogger)
        clients = try EventLoopGroup(threads: 1, logger: quietLogger)
        client = WebSocketClient(group: clients, logger: quietLogger)
    }

    func login(_ token: String) async throws -> TransportClient {
        let client = try await TransportClient.connect(client, port: server.port)
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
    /// Reads `event` messages until one has `seq` `last` (others are skipped); returns the events.
    func events(through last: Int, within seconds: Double = 15) async throws -> [WireEvent] {
        var events: [WireEvent] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while events.last.map({ $0.seq < last }) ?? (last > 0) {
            guard ContinuousClock.now < deadline else { throw ScenarioError("events up to seq \(last) not received; got \(events.map(\.seq))") }
            let text = try await expect(#""type":"event""#, within: seconds)
            guard case .event(let event) = try ServerMessageDecoder.decode(text) else { continue }
            events.append(event)
        }
        return events
    }
}

@Suite(.serialized)
struct EventStreamTests {
    static func enqueue(_ id: String, queue: String = "sales", ref: String = "e") -> String {
        #"{"type":"enqueue","ref":"\#(ref)","interaction":{"id":"\#(id)","channel":"\#(queue == "sales" ? "voice" : "chat")","queue":"\#(queue)"}}"#
    }

    @Test func supervisorSubscribingSinceZeroGetsTheLogThenLiveEventsWithTheirSeq() async throws {
        let bed = try await EventStreamBed()
        let source = try await bed.login("gw-token")
        try await source.send(Self.enqueue("c-1"))
        try await source.expect(#""type":"ok""#, #""interactionId":"c-1""#)
        let agent = try await bed.login("a1-token")  // takes c-1 at once: offered
        _ = try await agent.expect(#""type":"offer""#)

        let supervisor = try await bed.login("sup-token")
        try await supervisor.send(#"{"type":"subscribe","since":0,"ref":"s"}"#)
        let ok = try await supervisor.expect(#""ref":"s""#)
        guard case .ok(_, let fields) = try ServerMessageDecoder.decode(ok),
              case .number(let newest)? = fields.first(where: { $0.key == "lastSeq" })?.value
        else { throw ScenarioError("not an ok with lastSeq: \(ok)") }
        #expect(ok.contains(#""since":0"#))
        let replayed = try await supervisor.events(through: Int(newest))
        #expect(replayed.first?.seq == 1 && replayed.first?.kind == "enqueued" && replayed.first?.interactionId == "c-1")

        // Live: the accept and completion arrive as they commit, numbered on from the replay.
        try await agent.send(#"{"type":"accept","ref":"a","interactionId":"c-1"}"#)
        try await agent.expect(#""ref":"a""#)
        try await agent.send(#"{"type":"complete","ref":"c","interactionId":"c-1","disposition":"sold"}"#)
        try await agent.expect(#""ref":"c""#)
        let stored = try await bed.stored(.all)
        let live = try await supervisor.events(through: Int(stored.last!.seq))
        let all = replayed + live
        #expect(all.map(\.seq) == stored.map { Int($0.seq) }, "every event once, in order, with the store's numbers")
        #expect(all.map(\.kind) == stored.map(\.kind.rawValue))
        let completed = all.first { $0.kind == "completed" }
        #expect(completed?.disposition == "sold" && completed?.agentId == "a1" && completed?.queue == "sales")
        let text = MessageEncoder.encodeString(.event(all[0]))
        #expect(text.hasPrefix(#"{"type":"event","seq":1,"kind":"enqueued","at":"#))
        #expect(text.contains(#""agentId":null"#), "every member present, absent ones null: \(text)")

        // Resuming from the middle gets exactly the rest.
        let middle = all[all.count / 2].seq
        let again = try await bed.login("admin-token")
        try await again.send(#"{"type":"subscribe","since":\#(middle),"ref":"r"}"#)
        try await again.expect(#""ref":"r""#, #""type":"ok""#)
        let rest = try await again.events(through: all.last!.seq)
        #expect(rest.map(\.seq) == all.filter { $0.seq > middle }.map(\.seq))
        await bed.stop()
    }

    @Test func aSourceSeesOnlyItsOwnInteractionsEvents() async throws {
        let bed = try await EventStreamBed()
        let mine = try await bed.login("gw-token")
        let other = try await bed.login("gw2-token")
        try await mine.send(Self.enqueue("m-1"))
        try await mine.expect(#""interactionId":"m-1""#)
        try await other.send(Self.enqueue("o-1"))
        try await other.expect(#""interactionId":"o-1""#)
        let agent = try await bed.login("a2-token")
        _ = try await agent.expect(#""type":"offer""#)

        let consumer = try await bed.login("gw-token")
        try await consumer.send(#"{"type":"subscribe","since":0,"ref":"s"}"#)
        try await consumer.expect(#""ref":"s""#, #""type":"ok""#)
        try await mine.send(#"{"type":"cancel","ref":"x","interactionId":"m-1","reason":"hung_up"}"#)
        try await mine.expect(#""ref":"x""#)
        try await other.send(#"{"type":"cancel","ref":"x","interactionId":"o-1"}"#)
        try await other.expect(#""ref":"x""#)

        let expected = try await bed.stored(.source("gw"))
        let received = try await consumer.events(through: Int(expected.last!.seq))
        #expect(received.map(\.seq) == expected.map { Int($0.seq) })
        #expect(Set(received.compactMap(\.interactionId)) == ["m-1"])
        #expect(received.allSatisfy { !$0.kind.hasPrefix("agent_") })
        let kinds = received.map { "\($0.kind) \($0.reason ?? "-")" }
        #expect(received.contains { $0.kind == "cancelled" && $0.reason == "hung_up" }, "\(kinds)")
        await bed.stop()
    }

    @Test func refusalsNameTheProblem() async throws {
        let bed = try await EventStreamBed()
        let agent = try await bed.login("a1-token")
        try await agent.send(#"{"type":"subscribe","since":0,"ref":"1"}"#)
        #expect(try await agent.expect(#""ref":"1""#).contains(#""code":"forbidden""#))

        let supervisor = try await bed.login("sup-token")
        try await supervisor.send(#"{"type":"subscribe","ref":"2"}"#)
        let missing = try await supervisor.expect(#""ref":"2""#)
        #expect(missing.contains(#""code":"bad_request""#) && missing.contains("missing field topics") && missing.contains("since"), "\(missing)")
        try await supervisor.send(#"{"type":"subscribe","since":0,"topics":["queues"],"ref":"2b"}"#)
        let both = try await supervisor.expect(#""ref":"2b""#)
        #expect(both.contains(#""code":"bad_request""#) && both.contains("not both"), "\(both)")
        try await supervisor.send(#"{"type":"subscribe","since":-1,"ref":"3"}"#)
        #expect(try await supervisor.expect(#""ref":"3""#).contains(#""code":"bad_request""#))
        try await supervisor.send(#"{"type":"subscribe","since":500,"ref":"4"}"#)
        let beyond = try await supervisor.expect(#""ref":"4""#)
        #expect(beyond.contains(#""code":"conflict""#) && beyond.contains("past the newest event of this store"), "\(beyond)")

        // Retention removed the log's start: a consumer from before it hears which seq is the oldest kept.
        for n in 1...3 {
            let source = try await bed.login("gw-token")
            try await source.send(Self.enqueue("r-\(n)", queue: "chat"))
            try await source.expect(#""type":"ok""#)
            try await source.send(#"{"type":"cancel","ref":"x","interactionId":"r-\#(n)"}"#)
            try await source.expect(#""ref":"x""#)
        }
        try await bed.store.flush()
        _ = try await bed.store.purgeEvents(olderThan: Int64(Date().timeIntervalSince1970 * 1000) + 60_000)
        let oldest = try await bed.store.eventLogBounds().oldest!
        #expect(oldest > 1)
        try await supervisor.send(#"{"type":"subscribe","since":0,"ref":"5"}"#)
        let gone = try await supervisor.expect(#""ref":"5""#)
        #expect(gone.contains(#""code":"conflict""#) && gone.contains("the oldest kept is seq \(oldest)"), "\(gone)")
        try await supervisor.send(#"{"type":"subscribe","since":\#(oldest - 1),"ref":"6"}"#)
        try await supervisor.expect(#""ref":"6""#, #""type":"ok""#)
        #expect(try await supervisor.events(through: Int(oldest)).map(\.seq) == [Int(oldest)])
        await bed.stop()

        // Without a store there are no sequence numbers to resume by.
        let plain = try await TestBed()
        let lead = try await plain.login("sup-token")
        try await lead.send(#"{"type":"subscribe","since":0,"ref":"7"}"#)
        let refused = try await lead.expect(#""ref":"7""#)
        #expect(refused.contains(#""code":"unavailable""#) && refused.contains("needs the store"), "\(refused)")
        await plain.stop()
    }

    /// Reads the upgrade's HTTP head, then server frames from a raw socket until a close frame;
    /// returns the text messages and the close frame's code and reason.
    static func readUntilClose(_ socket: RawClient) -> (texts: [String], close: (code: Int, reason: String)?) {
        var bytes: [UInt8] = []
        var texts: [String] = []
        var start = -1  // until the upgrade's HTTP head has gone by
        while true {
            let more = socket.read(atLeast: 1)
            if more.isEmpty { return (texts, nil) }
            bytes += more
            if start < 0 {
                guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }) else { continue }
                start = end + 4
            }
            while bytes.count - start >= 2 {
                let opcode = bytes[start] & 0x0F
                var length = Int(bytes[start + 1] & 0x7F)
                var header = 2
                if length == 126 {
                    guard bytes.count - start >= 4 else { break }
                    length = Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
                    header = 4
                } else if length == 127 {
                    guard bytes.count - start >= 10 else { break }
                    length = (2..<10).reduce(0) { $0 << 8 | Int(bytes[start + $1]) }
                    header = 10
                }
                guard bytes.count - start >= header + length else { break }
                let payload = Array(bytes[(start + header)..<(start + header + length)])
                start += header + length
                if opcode == 0x1 { texts.append(String(decoding: payload, as: UTF8.self)) }
                if opcode == 0x8 {
                    let code = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : 0
                    return (texts, (code, String(decoding: payload.dropFirst(2), as: UTF8.self)))
                }
            }
        }
    }

    static func clientFrame(_ text: String) -> [UInt8] {
        var frame: [UInt8] = []
        let payload = Array(text.utf8)
        payload.withUnsafeBytes { FrameEncoder.encode(opcode: .text, payload: $0, maskingKey: .random(), into: &frame) }
        return frame
    }

    @Test func aConsumerTooSlowIsCutNamingItsLastSeqAndResumesFromIt() async throws {
        let bed = try await EventStreamBed(settings: EventStreamSettings(consumerBufferEvents: 20, replayPageRows: 16, sendWindowBytes: 4096),
                                           smallSocketBuffers: true)
        // A supervisor whose program stopped reading: small socket buffers, nothing read after the upgrade.
        let slow = try RawClient(port: bed.port, receiveBufferSize: 4096)
        slow.send(WebSocketHandshake.makeClientRequest(host: "127.0.0.1", path: "/v1/ws").bytes)
        slow.send(Self.clientFrame(#"{"type":"hello","token":"sup-token"}"#))
        slow.send(Self.clientFrame(#"{"type":"subscribe","since":0,"ref":"s"}"#))

        let source = try await bed.login("gw-token")
        let feed = try #require(bed.bed.server.hub.events)
        var round = 0
        var subscribed = false
        while !(subscribed && feed.consumerCount == 0) {  // until the slow consumer's stream is cut
            subscribed = subscribed || feed.consumerCount > 0
            round += 1
            guard round <= 1_000 else { throw ScenarioError("the slow consumer was never cut off") }
            try await source.send(Self.enqueue("s-\(round)", ref: "e\(round)"))
            try await source.expect(#""ref":"e\#(round)""#)
            try await source.send(#"{"type":"cancel","ref":"x\#(round)","interactionId":"s-\#(round)"}"#)
            try await source.expect(#""ref":"x\#(round)""#)
        }
        // Read on a thread of its own: a blocking read must not hold a cooperative thread the
        // server (and the tests running beside this one) need.
        nonisolated(unsafe) let socket = slow
        let rest = await withCheckedContinuation { (continuation: CheckedContinuation<(texts: [String], close: (code: Int, reason: String)?), Never>) in
            Thread { continuation.resume(returning: Self.readUntilClose(socket)) }.start()
        }
        let stopped = rest.texts.compactMap { try? ServerMessageDecoder.decode($0) }.compactMap { message -> (WireStreamStop, Int, String)? in
            if case .eventsStopped(let reason, let lastSeq, let text) = message { return (reason, lastSeq, text) }
            return nil
        }.first
        let sent = rest.texts.compactMap { try? ServerMessageDecoder.decode($0) }.compactMap { message -> Int? in
            if case .event(let event) = message { return event.seq }
            return nil
        }
        guard let (reason, lastSeq, text) = stopped else {
            throw ScenarioError("no events_stopped before the close; \(rest.texts.count) messages, close \(String(describing: rest.close))")
        }
        #expect(reason == .slowConsumer)
        #expect(text.contains("resume with subscribe since \(lastSeq)"), "\(text)")
        #expect(rest.close?.code == 1008 && rest.close?.reason == "slow_consumer; resume with since \(lastSeq)")
        let stored = try await bed.stored(.all)  // alert events (seq too) are not part of the stream
        #expect(sent == stored.map { Int($0.seq) }.filter { $0 <= lastSeq }, "every event up to the last seq named was sent, once, in order")

        // It resumes from the seq it was given and gets exactly the rest.
        let resumed = try await bed.login("sup-token")
        try await resumed.send(#"{"type":"subscribe","since":\#(lastSeq),"ref":"r"}"#)
        try await resumed.expect(#""ref":"r""#, #""type":"ok""#)
        let after = try await resumed.events(through: Int(stored.last!.seq))
        #expect(sent + after.map(\.seq) == stored.map { Int($0.seq) })
        slow.close()
        await bed.stop()
    }

    @Test func theFeedServesAnyTransportThroughAnAsyncStream() async throws {
        // What an HTTP handler (Server-Sent Events) uses: the same stream, the same rules.
        let directory = try TemporaryStoreDirectory()
        let store = try Store(path: directory.path, logger: quietLogger)
        let feed = EventFeed(store: store, settings: EventStreamSettings(consumerBufferEvents: 4, replayPageRows: 2))
        try await store.append([.agentLogin("a1", at: 1), .agentState("a1", "available", at: 2), .agentLogin("a2", at: 3)])

        let stream = try await feed.open(scope: .all, since: 1)
        #expect(stream.newestAtOpen == 3)
        var iterator = stream.events.makeAsyncIterator()
        #expect(try await iterator.next()?.seq == 2)
        #expect(try await iterator.next()?.seq == 3)
        try await store.append([.agentLogout("a2", at: 4)])
        let live = try await iterator.next()
        #expect(live?.seq == 4 && live?.kind == .agentLogout)

        // A batch larger than the mailbox is taken whole; one more batch while four still wait
        // overflows it.
        try await store.append((5...9).map { .agentState("a1", "busy", at: Int64($0)) })
        #expect(!stream.overflowed)
        try await store.append([.agentState("a1", "available", at: 10)])
        #expect(stream.overflowed)
        do {
            _ = try await iterator.next()
            Issue.record("a consumer past its buffer must be cut off")
        } catch let error as EventStreamError {
            #expect(error.code == .slowConsumer && error.lastSeq == 4)
            #expect(error.description.contains("resume with subscribe since 4"))
        }
        stream.close()
        #expect(feed.consumerCount == 0)

        do {
            _ = try await feed.open(scope: .all, since: 11)
            Issue.record("a since past the log's end must be refused")
        } catch {
            #expect(error.code == .beyondNewest && error.newest == 10)
        }
        feed.close()
        await store.close()
    }
}

/// A database path in a fresh directory, removed with the value.
final class TemporaryStoreDirectory {
    let url: URL
    var path: String { url.appendingPathComponent("store.sqlite").path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
