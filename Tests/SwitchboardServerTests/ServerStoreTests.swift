import Foundation
import SwitchboardConfig
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import SwitchboardTransport
import Testing
@testable import SwitchboardServer

/// The server with its durable store, over real sockets: acknowledgements wait for the disk, a
/// restart brings the floor back, and a store that cannot write makes the server refuse new work.
@Suite(.serialized)
struct ServerStoreTests {
    static func databasePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-store-\(UUID().uuidString).sqlite").path
    }

    /// Removes the database file and its WAL and shared-memory files.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func openStore(_ path: String, _ configure: (inout StoreConfiguration) -> Void = { _ in }) throws -> Store {
        var configuration = StoreConfiguration()
        configuration.syncEveryCommit = false
        configure(&configuration)
        return try Store(path: path, configuration: configuration, logger: quietLogger)
    }

    /// The row as another process would see it now, without waiting for anything pending.
    static func committedRow(_ id: String, path: String) async throws -> InteractionRow? {
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let reader = try Store(path: path, configuration: configuration, logger: quietLogger)
        defer { Task { await reader.close() } }
        return try await reader.interaction(id: id)
    }

    @Test func enqueueAndAcceptAreAnsweredOnlyOnceTheirRowsAreOnDisk() async throws {
        let path = Self.databasePath()
        defer { Self.removeDatabase(path) }
        // A slow group commit: an answer sent before the commit would find no row.
        let store = try Self.openStore(path) { $0.commitIntervalMs = 150 }
        let bed = try await TestBed(store: store)
        let source = try await bed.login("gw-token")
        try await source.send(#"{"type":"enqueue","ref":"e","interaction":{"id":"d1","channel":"voice","queue":"sales","attributes":{"topic":"billing"}}}"#)
        try await source.expect(#""ref":"e""#, #""type":"ok""#)
        let queued = try #require(try await Self.committedRow("d1", path: path))
        #expect(queued.state == .queued)
        #expect(queued.source == "gw")
        #expect(queued.attributes.contains("billing"))

        let agent = try await bed.login("a1-token")
        try await agent.expect(#""type":"offer""#, "d1")
        try await agent.send(#"{"type":"accept","ref":"acc","interactionId":"d1"}"#)
        try await agent.expect(#""ref":"acc""#, #""type":"ok""#)
        let active = try #require(try await Self.committedRow("d1", path: path))
        #expect(active.state == .active)
        #expect(active.agentId == "a1")

        try await agent.send(#"{"type":"complete","ref":"c","interactionId":"d1","disposition":"solved"}"#)
        try await agent.expect(#""ref":"c""#, #""type":"ok""#)
        let done = try #require(try await Self.committedRow("d1", path: path))
        #expect(done.state == .completed)
        #expect(done.disposition == "solved")

        let metrics = try await HTTPProbe.get("/metrics", port: bed.server.port, loop: bed.clients.next())
        #expect(metrics.contains("switchboard_store_accepting_work 1"))
        let committed = metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_store_committed_events_total ") }
        #expect((committed?.split(separator: " ").last).flatMap { Int($0) } ?? 0 >= 5)
        await bed.stop()
    }

    @Test func aRestartBringsBackWaitingWorkInOrderAndActiveWorkToItsAgent() async throws {
        let path = Self.databasePath()
        defer { Self.removeDatabase(path) }
        let first = try await TestBed(store: try Self.openStore(path))
        let source = try await first.login("gw-token")
        for id in ["w1", "w2", "w3"] {
            try await source.send(#"{"type":"enqueue","ref":"\#(id)","interaction":{"id":"\#(id)","channel":"voice","queue":"sales"}}"#)
            try await source.expect(#""ref":"\#(id)""#, #""type":"ok""#)
        }
        let a1 = try await first.login("a1-token")
        try await a1.expect(#""type":"offer""#, "w1")
        try await a1.send(#"{"type":"state","ref":"nr","state":"not_ready","reason":"lunch"}"#)
        try await a1.expect(#""ref":"nr""#)
        try await a1.send(#"{"type":"accept","ref":"acc","interactionId":"w1"}"#)
        try await a1.expect(#""ref":"acc""#, #""type":"ok""#)
        await first.stop()

        let second = try await TestBed(store: try Self.openStore(path))
        #expect(second.server.recovery?.waiting == 2)
        #expect(second.server.recovery?.held == 1)
        // a1 comes back within the grace: its call is still its own.
        let again = try await second.raw()
        try await again.send(#"{"type":"hello","token":"a1-token"}"#)
        let welcome = try await again.expect("welcome")
        #expect(welcome.contains(#""id":"w1""#))
        // a2 gets the waiting calls in their original order.
        let a2 = try await second.login("a2-token")
        try await a2.expect(#""type":"offer""#, "w2")
        // The source's re-sent enqueue is recognised, not duplicated.
        let source2 = try await second.login("gw-token")
        try await source2.send(#"{"type":"enqueue","ref":"re","interaction":{"id":"w3","channel":"voice","queue":"sales"}}"#)
        #expect(try await source2.expect(#""ref":"re""#).contains(#""status":"waiting""#))
        // The recovered call completes normally and its source hears it.
        try await again.send(#"{"type":"complete","ref":"c","interactionId":"w1"}"#)
        try await again.expect(#""ref":"c""#, #""type":"ok""#)
        try await source2.expect(#""event":"completed""#, "w1")
        await second.stop()

        let rows = try await Self.committedRow("w1", path: path)
        #expect(rows?.state == .completed)
    }

    @Test func aStoreThatCannotWriteMakesTheServerRefuseNewWorkUntilThereIsRoomAgain() async throws {
        let path = Self.databasePath()
        defer { Self.removeDatabase(path) }
        let store = try Self.openStore(path) { $0.maximumSizeBytes = 256 * 1_024 }
        let bed = try await TestBed({ $0.queues[1].maxSize = 10_000 }, store: store)
        let source = try await bed.login("gw-token")
        let bulky = String(repeating: "x", count: 4_000)
        var refusal = ""
        for n in 0..<200 {
            try await source.send(#"{"type":"enqueue","ref":"b\#(n)","interaction":{"id":"b\#(n)","channel":"chat","queue":"chat","attributes":{"notes":"\#(bulky)"}}}"#)
            let answer = try await source.expect(#""ref":"b\#(n)""#)
            if answer.contains(#""type":"error""#) {
                refusal = answer
                break
            }
        }
        #expect(refusal.contains(#""code":"unavailable""#))
        #expect(!store.isAcceptingWork)
        try await source.send(#"{"type":"enqueue","ref":"small","interaction":{"id":"small","channel":"chat","queue":"chat"}}"#)
        let refused = try await source.expect(#""ref":"small""#)
        #expect(refused.contains(#""code":"unavailable""#) && refused.contains("disk_full"))

        // The operator makes room: the server retries on its own and takes work again.
        try await store.setMaximumSize(bytes: nil)
        var accepted = false
        for attempt in 0..<60 where !accepted {
            try await Task.sleep(for: .milliseconds(500))
            try await source.send(#"{"type":"enqueue","ref":"r\#(attempt)","interaction":{"id":"after-\#(attempt)","channel":"chat","queue":"chat"}}"#)
            accepted = try await source.expect(#""ref":"r\#(attempt)""#).contains(#""type":"ok""#)
        }
        #expect(accepted)
        await bed.stop()
    }

    @Test func theReportFromTheStoreMatchesTheLiveStatisticsOfTheSamePeriod() async throws {
        let path = Self.databasePath()
        defer { Self.removeDatabase(path) }
        let store = try Self.openStore(path)
        let started = Int64(Date().timeIntervalSince1970 * 1000) - 1
        let bed = try await TestBed({ $0.queues[0].serviceLevelSeconds = 0.2 }, store: store)
        let source = try await bed.login("gw-token")
        let agent = try await bed.login("a1-token")
        // Four calls: three answered (one of them after a wait beyond the 0.2 s threshold), one abandoned.
        // The first is a complaint (demanding by the default wellbeing rules); the third is escalated.
        for n in 0..<4 {
            let attributes = n == 0 ? #","attributes":{"kind":"complaint"}"# : ""
            try await source.send(#"{"type":"enqueue","ref":"k\#(n)","interaction":{"id":"k\#(n)","channel":"voice","queue":"sales"\#(attributes)}}"#)
            try await source.expect(#""ref":"k\#(n)""#, #""type":"ok""#)
        }
        try await source.send(#"{"type":"cancel","ref":"x","interactionId":"k3"}"#)
        try await source.expect(#""ref":"x""#, #""type":"ok""#)
        try await agent.expect(#""type":"offer""#, "k0")
        for n in 0..<3 {
            if n == 2 { try await Task.sleep(for: .milliseconds(300)) }
            try await agent.send(#"{"type":"accept","ref":"a\#(n)","interactionId":"k\#(n)"}"#)
            try await agent.expect(#""ref":"a\#(n)""#, #""type":"ok""#)
            let disposition = n == 2 ? #","disposition":"escalated""# : ""
            try await agent.send(#"{"type":"complete","ref":"c\#(n)","interactionId":"k\#(n)"\#(disposition)}"#)
            // The next offer follows the ok of the complete.
            var answered = false
            var offered = n == 2
            while !(answered && offered), let text = try await agent.receive() {
                if text.contains(#""ref":"c\#(n)""#) { answered = text.contains(#""type":"ok""#) }
                if text.contains(#""type":"offer""#) && text.contains("k\(n + 1)") { offered = true }
            }
            #expect(answered && offered)
        }
        // A short coaching break, for the not-ready time by reason.
        try await agent.send(#"{"type":"state","ref":"nr","state":"not_ready","reason":"coaching"}"#)
        try await agent.expect(#""ref":"nr""#, #""type":"ok""#)
        try await Task.sleep(for: .milliseconds(150))
        try await agent.send(#"{"type":"state","ref":"av","state":"available"}"#)
        try await agent.expect(#""ref":"av""#, #""type":"ok""#)
        let live = try #require(await bed.server.hub.routerSnapshot.statistics(for: "sales"))
        await bed.stop()

        let now = Int64(Date().timeIntervalSince1970 * 1000) + 1
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let reader = try Store(path: path, configuration: configuration, logger: quietLogger)
        let report = try await reader.report(ReportQuery(from: started, to: now, queue: "sales", serviceLevelThresholdsMs: ["sales": 200], now: now,
                                                         demandingDispositions: ["escalated"]))
        let marked = try await [reader.interaction(id: "k0"), reader.interaction(id: "k1")].map { $0?.demanding }
        await reader.close()
        let sales = try #require(report.queues.first { $0.queue == "sales" })
        #expect(sales.offered == live.offered)
        #expect(sales.answered == live.answered)
        #expect(sales.abandoned == live.abandoned)
        #expect(sales.answeredWithinThreshold == live.answeredWithinServiceLevel)
        #expect((live.offered, live.answered, live.abandoned) == (4, 3, 1))
        let liveASA = Double(live.totalAnswerWait.components.seconds) * 1000 + Double(live.totalAnswerWait.components.attoseconds) / 1e15
        let storeASA = try #require(sales.averageSpeedOfAnswerMs) * Double(sales.answered)
        // Two clocks (monotonic for routing, wall for the log), read a moment apart: within a few ms per answer.
        #expect(abs(liveASA - storeASA) < 15)
        let a1 = try #require(report.agents.first { $0.agentId == "a1" })
        #expect(a1.handled == 3)
        // The server's mark at enqueue is stored with the contact; the disposition counts after the fact.
        #expect(marked == [true, false])
        #expect((a1.demandingHandled, a1.longestDemandingStreak) == (2, 1))
        // The agent's line is logged as it changes (busy while handling), so occupancy is real.
        #expect(a1.handlingMs > 0 && a1.availableMs > 0)
        #expect((a1.occupancyPercent ?? 0) > 0)
        #expect((a1.notReadyMs["coaching"] ?? 0) >= 100)
    }

    @Test func workWhoseQueueOrAgentWasRemovedWhileDownIsEndedOrRequeuedNeverLost() async throws {
        let path = Self.databasePath()
        defer { Self.removeDatabase(path) }
        let first = try await TestBed(store: try Self.openStore(path))
        let source = try await first.login("gw-token")
        for (id, channel, queue) in [("c1", "chat", "chat"), ("s1", "voice", "sales")] {
            try await source.send(#"{"type":"enqueue","ref":"\#(id)","interaction":{"id":"\#(id)","channel":"\#(channel)","queue":"\#(queue)"}}"#)
            try await source.expect(#""ref":"\#(id)""#, #""type":"ok""#)
        }
        let a1 = try await first.login("a1-token")
        try await a1.expect(#""type":"offer""#, "s1")
        try await a1.send(#"{"type":"accept","ref":"acc","interactionId":"s1"}"#)
        try await a1.expect(#""ref":"acc""#, #""type":"ok""#)
        await first.stop()

        let second = try await TestBed({ config in
            config.queues.removeAll { $0.name == "chat" }
            config.agents.removeAll { $0.id == "a1" }
        }, store: try Self.openStore(path))
        #expect(second.server.recovery?.ended == 1)
        #expect(second.server.recovery?.requeued == 1)
        let a2 = try await second.login("a2-token")
        try await a2.expect(#""type":"offer""#, "s1")
        await second.stop()

        let ended = try #require(try await Self.committedRow("c1", path: path))
        #expect(ended.state == .ended)
        #expect(ended.finalReason == "not_restorable")
        // a2 left at shutdown with the offer pending: the call waits again.
        #expect(try await Self.committedRow("s1", path: path)?.state == .queued)
    }

    @Test func newInteractionsAreRefusedWhileTheStoreIsTooFarBehind() async throws {
        let path = Self.databasePath()
        defer { Self.removeDatabase(path) }
        // A slow group commit and a tiny backlog limit: the second enqueue finds the first still pending
        // (slow enough that a busy machine delaying the client's second send does not let it commit first).
        let store = try Self.openStore(path) { $0.commitIntervalMs = 3_000 }
        var config = testConfiguration()
        config.server.host = "127.0.0.1"
        config.server.port = 0
        var settings = HubSettings(config)
        settings.maxPendingStoreEvents = 0
        let server = try await SwitchboardServer.start(configuration: config, source: .embedded, hubSettings: settings,
                                                       store: store, logger: quietLogger)
        let group = try EventLoopGroup(threads: 1, logger: quietLogger)
        let source = try await TransportClient.connect(WebSocketClient(group: group, logger: quietLogger), port: server.port)
        try await source.send(#"{"type":"hello","token":"gw-token"}"#)
        _ = try await source.expect("welcome")
        try await source.send(#"{"type":"enqueue","ref":"1","interaction":{"id":"p1","channel":"voice","queue":"sales"}}"#)
        try await source.send(#"{"type":"enqueue","ref":"2","interaction":{"id":"p2","channel":"voice","queue":"sales"}}"#)
        let refused = try await source.expect(#""ref":"2""#)
        #expect(refused.contains(#""code":"unavailable""#) && refused.contains("behind"))
        // Once the writer caught up, work is taken again.
        try await Task.sleep(for: .milliseconds(3_300))
        try await source.send(#"{"type":"enqueue","ref":"3","interaction":{"id":"p3","channel":"voice","queue":"sales"}}"#)
        #expect(try await source.expect(#""ref":"3""#).contains(#""type":"ok""#))
        await server.shutdown(grace: .milliseconds(500))
        await group.shutdown()
    }
}
