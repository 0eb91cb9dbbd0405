import Foundation
import GRDB
import Testing
import SwitchboardRouter
@testable import SwitchboardStore

/// The writer writes each interaction and agent row once per batch: however events are split into
/// batches, the file must be the one that writing every event in its own batch gives.
@Suite struct BatchEquivalenceTests {
    @Test func anySplitIntoBatchesGivesTheSameFileAsOneEventPerBatch() async throws {
        let script = BatchScript.events
        let reference = try await BatchScript.dump(after: script.map { [$0] })
        #expect(reference.events.count == script.count + BatchScript.preamble.count - 4)  // three ignored enqueues, one raise
        #expect(!reference.interactions.isEmpty && !reference.agents.isEmpty && !reference.sessions.isEmpty && reference.alerts.count == 2)

        let whole = try await BatchScript.dump(after: [script])
        // Compared through the first difference, so that a failure names one row, not two whole files.
        #expect(whole.firstDifference(from: reference) == nil, "one batch")

        var random = SplitMix64(seed: 0x5EED_BA7C)
        for round in 0..<12 {
            var chunks: [[StoreEvent]] = []
            var rest = script[...]
            while !rest.isEmpty {
                let size = Int(random.next() % 9) + 1
                chunks.append(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            let split = try await BatchScript.dump(after: chunks)
            #expect(split.firstDifference(from: reference) == nil, "round \(round), batches \(chunks.map(\.count))")
        }
    }

    @Test func aSecondWriterOverTheSameFileContinuesFromItsRows() async throws {
        // The writer's caches start from the file: a reopened store must treat finished, live and
        // known agents exactly as the store that wrote them would have.
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let cut = BatchScript.events.count / 2
        var store = try openStore(path)
        try await store.append(BatchScript.preamble)
        try await store.append(Array(BatchScript.events[..<cut]))
        await store.close()
        store = try openStore(path)
        try await store.append(Array(BatchScript.events[cut...]))
        await store.close()
        let reopened = try BatchScript.Dump(path: path)
        let reference = try await BatchScript.dump(after: BatchScript.events.map { [$0] })
        #expect(reopened.firstDifference(from: reference) == nil)
    }
}

/// A scripted mix of every kind of event, with the awkward cases: duplicate enqueues, events about
/// unknown and finished ids, transfers, overflows, agent-wide wrap-up ends, logins and logouts.
enum BatchScript {
    static func enqueue(_ id: String, _ at: Int64, queue: String = "support", enqueuedAt: Int64? = nil) -> StoreEvent {
        .enqueued(NewInteraction(id: id, source: "pbx", queue: queue, channel: "voice", priority: 1, customerId: "c-\(id)",
                                 attributes: #"{"lang":"en","note":"a \"quoted\" line\n"}"#, requirements: #"{"billing":2}"#,
                                 enqueuedAt: enqueuedAt), at: at)
    }

    static func on(_ kind: StoreEvent.Kind, _ id: String, _ at: Int64, agent: String? = nil, queue: String? = nil,
                   reason: String? = nil, disposition: String? = nil) -> StoreEvent {
        .interaction(kind, id, at: at, agentId: agent, queue: queue, reason: reason, disposition: disposition)
    }

    /// Committed first, in its own batch: a finished interaction, a waiting one, a known agent.
    static let preamble: [StoreEvent] = [
        .agentLogin("a1", at: 1),
        .agentState("a1", "available", at: 2),
        enqueue("done", 3),
        on(.offered, "done", 4, agent: "a1"),
        on(.accepted, "done", 5, agent: "a1"),
        on(.completed, "done", 6, agent: "a1", disposition: "resolved"),
        on(.wrapUpEnded, "done", 7, agent: "a1"),
        enqueue("old", 8, queue: "billing"),
    ]

    static let events: [StoreEvent] = [
        enqueue("i1", 100), enqueue("i2", 101), enqueue("i3", 102, queue: "sales"), enqueue("i4", 103),
        enqueue("i5", 104, enqueuedAt: 50),
        enqueue("i1", 105, queue: "other"),  // duplicate: ignored
        enqueue("done", 106),  // a finished id: ignored
        .agentLogin("a2", at: 107), .agentState("a2", "available", at: 108),
        on(.offered, "i1", 110, agent: "a1"), on(.rejected, "i1", 111, agent: "a1"),
        on(.offered, "i1", 112, agent: "a2"), on(.offerTimeout, "i1", 113, agent: "a2"),
        on(.offered, "i1", 114, agent: "a1"), on(.accepted, "i1", 115, agent: "a1"),
        .agentState("a1", "active", at: 115),
        on(.offered, "i2", 116, agent: "a2"), on(.accepted, "i2", 117, agent: "a2"), .agentState("a2", "active", at: 117),
        on(.completed, "i2", 120, agent: "a2", disposition: "sold"), .agentState("a2", "wrap_up", at: 120),
        StoreEvent(kind: .wrapUpEnded, at: 125, agentId: "a2"),  // the agent's wrap-up ends: i2 completes
        .agentState("a2", "available", at: 125),
        StoreEvent(kind: .wrapUpEnded, at: 126, agentId: "a2"),  // nothing left to wrap up: logged only
        on(.transferred, "i1", 130, agent: "a1", queue: "billing"), .agentState("a1", "available", at: 130),
        on(.overflowed, "i3", 131, queue: "vip"), on(.offered, "i3", 132, agent: "a2"),
        on(.overflowed, "i3", 133, queue: "vip2"),
        on(.offered, "i3", 134, agent: "a2"), on(.revoked, "i3", 135, agent: "a2", reason: "agent_busy"),
        on(.cancelled, "i4", 136, reason: "customer_left"), on(.abandoned, "i5", 137),
        on(.offered, "i1", 140, agent: "a2"), on(.accepted, "i1", 141, agent: "a2"),
        on(.cancelled, "i1", 142, agent: "a2", reason: "customer_left"),  // answered: the agent still completes it
        on(.completed, "i1", 150, agent: "a2"), on(.wrapUpEnded, "i1", 151, agent: "a2"),
        on(.accepted, "ghost", 152, agent: "a1"), on(.completed, "ghost", 153),  // unknown id
        on(.offered, "done", 154, agent: "a2"), on(.completed, "done", 155, agent: "a2"),  // finished id
        on(.offered, "old", 156, agent: "a1"), on(.accepted, "old", 157, agent: "a1"),
        on(.agentLost, "old", 160, agent: "a1", queue: "billing", reason: "reconnect_grace_expired"),
        on(.requeued, "old", 161, queue: "billing"), on(.ended, "old", 162, reason: "shutdown"),
        on(.requeued, "old", 163),  // after the end: logged only
        .agentLogin("a3", at: 170), .agentLogin("a1", at: 171),
        .agentLogout("a2", reason: "break", at: 172), .agentLogin("a2", at: 173),
        .agentState("a2", "not_ready", reason: "lunch", at: 174), .agentLogout("a3", at: 175),
        .agentState("a4", "available", at: 176),  // an agent never logged in
        enqueue("i6", 180), on(.cancelled, "i6", 181), enqueue("i6", 182),  // re-enqueue of a just-finished id
        enqueue("i7", 183), on(.offered, "i7", 184, agent: "a1"), on(.accepted, "i7", 185, agent: "a1"),
        on(.completed, "i7", 186, agent: "a1"),  // left in wrap-up
        enqueue("i8", 187, queue: "sales"), on(.offered, "i8", 188, agent: "a2"),  // left offered
        .agentLogout("a4", reason: "shift_end", at: 189),
        // Alerts: raised, raised again (ignored), acknowledged twice, cleared twice, about an unknown id.
        .alertRaised(AlertRow(id: "al-1", kind: "topic_surge", severity: "warning", subject: #"{"topic":"billing"}"#,
                              message: "surge", raisedAt: 190), at: 190),
        .alertRaised(AlertRow(id: "al-2", kind: "repeat_contact", severity: "info", message: "again", raisedAt: 191), at: 191),
        .alertRaised(AlertRow(id: "al-1", kind: "topic_surge", severity: "critical", message: "again", raisedAt: 192), at: 192),
        .alertAcknowledged("al-1", by: "sup-1", note: "looking", at: 193), .alertCleared("al-2", at: 194),
        .alertAcknowledged("al-1", by: "sup-2", at: 195), .alertCleared("al-2", at: 196), .alertCleared("al-9", at: 197),
    ]

    /// Writes the preamble in one batch, then `batches` one `append` each, and dumps the file.
    static func dump(after batches: [[StoreEvent]]) async throws -> Dump {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append(preamble)
        for batch in batches { try await store.append(batch) }
        let before = store.statistics.commits
        await store.close()
        #expect(before == batches.count + 1)  // each append was a batch of its own
        return try Dump(path: path)
    }

    /// Every row of the tables the writer keeps, in a stable order.
    struct Dump: Equatable {
        var interactions: [[DatabaseValue]]
        var events: [[DatabaseValue]]
        var agents: [[DatabaseValue]]
        var sessions: [[DatabaseValue]]
        var alerts: [[DatabaseValue]]

        init(path: String) throws {
            func rows(_ db: Database, _ sql: String) throws -> [[DatabaseValue]] {
                try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) }
            }
            (interactions, events, agents, sessions, alerts) = try readAfresh(path) { db in
                (try rows(db, "SELECT * FROM interactions ORDER BY seq"),
                 try rows(db, "SELECT * FROM events ORDER BY seq"),
                 try rows(db, "SELECT * FROM agents ORDER BY agent_id"),
                 try rows(db, "SELECT * FROM agent_sessions ORDER BY id"),
                 try rows(db, "SELECT * FROM alerts ORDER BY id"))
            }
        }

        /// The first row that differs, or `nil` when the dumps are equal.
        func firstDifference(from other: Dump) -> String? {
            for (name, mine, theirs) in [("interactions", interactions, other.interactions), ("events", events, other.events),
                                         ("agents", agents, other.agents), ("agent_sessions", sessions, other.sessions),
                                         ("alerts", alerts, other.alerts)] {
                if mine.count != theirs.count { return "\(name): \(mine.count) rows, expected \(theirs.count)" }
                for (index, (a, b)) in zip(mine, theirs).enumerated() where a != b {
                    return "\(name) row \(index): \(a), expected \(b)"
                }
            }
            return nil
        }
    }
}
