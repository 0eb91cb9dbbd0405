import Testing
@testable import SwitchboardStore

/// Text holding a NUL character must come back from the file byte for byte: read as a C string,
/// `dup\0a` and `dup\0b` came back as `dup`, and a restart's re-queue of one ended the real `dup`.
@Suite struct EmbeddedNULTests {
    static let ids = ["dup\u{0}a", "dup\u{0}b", "dup"]

    @Test func idsAndTextWithNULSurviveARestartByteForByte() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        do {
            let store = try openStore(path)
            var events: [StoreEvent] = []
            for (offset, id) in Self.ids.enumerated() {
                var interaction = newInteraction(id)
                interaction.customerId = "cust\u{0}\(offset)"
                interaction.tier = "gold\u{0}plus"
                events.append(.enqueued(interaction, at: 1_000 + Int64(offset)))
            }
            // Offered when the store closes: the restart logs a re-queue for each, by id.
            events.append(.interaction(.offered, "dup\u{0}a", at: 2_000, agentId: "a\u{0}1"))
            events.append(.interaction(.offered, "dup\u{0}b", at: 2_001, agentId: "a\u{0}1"))
            events.append(.agentLogin("a\u{0}1", at: 100))
            events.append(.agentState("a\u{0}1", "not_ready", reason: "lunch\u{0}break", at: 200))
            try await store.append(events)
            await store.close()
        }

        let store = try openStore(path)
        let recovered = try await store.recover(now: 9_000)
        #expect(recovered.waiting.map(\.id) == Self.ids)
        #expect(recovered.waiting.map(\.customerId) == ["cust\u{0}0", "cust\u{0}1", "cust\u{0}2"])
        #expect(recovered.waiting.allSatisfy { $0.tier == "gold\u{0}plus" && $0.state == .queued })
        #expect(recovered.agents == [
            AgentRow(agentId: "a\u{0}1", state: "not_ready", reason: "lunch\u{0}break", changedAt: 200, loggedIn: true),
        ])
        // Each row is found by its own id, and the re-queue touched only the two that were offered.
        for id in Self.ids {
            let record = try #require(try await store.interaction(id: id))
            #expect(record.id.utf8.elementsEqual(id.utf8))
            #expect(record.state == .queued)
            #expect((record.firstOfferedAt != nil) == (id != "dup"))
        }
        #expect(try await store.interaction(id: "dup\u{0}") == nil)

        // The reopened writer finds each by its exact id: ending one leaves the others waiting.
        try await store.append([.interaction(.cancelled, "dup\u{0}a", at: 10_000, reason: "left")])
        #expect(try await store.interaction(id: "dup\u{0}a")?.state == .abandoned)
        #expect(try await store.interaction(id: "dup")?.state == .queued)
        #expect(try await store.interaction(id: "dup\u{0}b")?.state == .queued)
        #expect(try await store.recentlyFinished(limit: 10).map(\.id) == ["dup\u{0}a"])
        await store.close()
    }

    @Test func reportsKeepQueueAgentAndReasonNamesWithNUL() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([
            .agentLogin("a\u{0}b", at: 0),
            .agentState("a\u{0}b", "not_ready", reason: "x\u{0}y", at: 0),
            .agentState("a\u{0}b", "available", at: 4_000),
            .enqueued(newInteraction("i1", queue: "q\u{0}a"), at: 1_000),
            .enqueued(newInteraction("i2", queue: "q"), at: 1_000),
            .interaction(.accepted, "i1", at: 5_000, agentId: "a\u{0}b"),
        ])
        let all = try await store.report(ReportQuery(from: 0, to: 10_000, now: 10_000))
        #expect(all.queues.map(\.queue) == ["q", "q\u{0}a"])
        #expect(all.queues.map(\.answered) == [0, 1])
        #expect(all.agents.map(\.agentId) == ["a\u{0}b"])
        #expect(all.agents.first?.notReadyMs == ["x\u{0}y": 4_000])

        let one = try await store.report(ReportQuery(from: 0, to: 10_000, queue: "q\u{0}a", now: 10_000))
        #expect(one.queues.map(\.queue) == ["q\u{0}a"])
        #expect(one.queues.first?.answeredWithinThreshold == 1)
        await store.close()
    }
}
