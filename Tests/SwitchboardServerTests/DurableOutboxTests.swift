import SwitchboardMessages
import Testing
@testable import SwitchboardServer

/// Replies that acknowledge durable work wait for the disk; everything behind them keeps its order.
@Suite struct DurableOutboxTests {
    func texts(_ link: RecordingLink) -> [String] {
        link.drain().map { text in
            if text.contains(#""type":"ok""#) { return "ok" }
            if text.contains(#""type":"error""#) { return "error" }
            return text.contains("welcome") ? "welcome" : "other"
        }
    }

    @Test func anAnswerWaitsForItsCommitAndLaterMessagesWaitBehindIt() {
        var outbox = DurableOutbox()
        let source = RecordingLink()
        let other = RecordingLink()
        outbox.send(.ok(ref: "e1", fields: []), to: source, whenDurable: 5, onFailure: ProtocolError(.unavailable, "lost"))
        outbox.send(.welcome(role: .source, agentId: nil, serverTimeMs: 0, resumed: []), to: source)
        outbox.send(.welcome(role: .source, agentId: nil, serverTimeMs: 0, resumed: []), to: other)
        #expect(texts(source) == [])
        #expect(texts(other) == ["welcome"])
        outbox.committed(through: 4)
        #expect(texts(source) == [])
        outbox.committed(through: 5)
        #expect(texts(source) == ["ok", "welcome"])
        #expect(outbox.heldConnections == 0)
    }

    @Test func anAnswerAlreadyDurableLeavesAtOnce() {
        var outbox = DurableOutbox()
        let link = RecordingLink()
        outbox.committed(through: 9)
        outbox.send(.ok(ref: nil, fields: []), to: link, whenDurable: 9, onFailure: ProtocolError(.unavailable, "lost"))
        #expect(texts(link) == ["ok"])
    }

    @Test func aFailedBatchTurnsItsAnswersIntoErrorsAndLaterOnesStillWait() {
        var outbox = DurableOutbox()
        let link = RecordingLink()
        let lost = ProtocolError(.unavailable, "lost")
        outbox.send(.ok(ref: "a", fields: []), to: link, whenDurable: 3, onFailure: lost)
        outbox.send(.ok(ref: "b", fields: []), to: link, whenDurable: 7, onFailure: lost)
        outbox.failed(after: 2, through: 4)
        #expect(texts(link) == ["error"])
        outbox.committed(through: 7)
        #expect(texts(link) == ["ok"])
    }

    @Test func aClosedConnectionsHeldMessagesAreDropped() {
        var outbox = DurableOutbox()
        let link = RecordingLink()
        outbox.send(.ok(ref: nil, fields: []), to: link, whenDurable: 2, onFailure: ProtocolError(.unavailable, "lost"))
        outbox.forget(link)
        outbox.committed(through: 2)
        #expect(texts(link) == [])
        #expect(outbox.heldConnections == 0)
    }

    @Test func aConnectionWaitsAgainAfterItsQueueWasReleasedAndOnlyWaitingOnesCount() {
        var outbox = DurableOutbox()
        let agent = RecordingLink()
        let source = RecordingLink()
        let lost = ProtocolError(.unavailable, "lost")
        for round in 1...3 {
            let ticket = Int64(round * 10)
            outbox.send(.ok(ref: "a\(round)", fields: []), to: agent, whenDurable: ticket, onFailure: lost)
            outbox.send(.welcome(role: .agent, agentId: "a", serverTimeMs: 0, resumed: []), to: agent)
            outbox.send(.ok(ref: "s\(round)", fields: []), to: source, whenDurable: ticket + 1, onFailure: lost)
            #expect(outbox.heldConnections == 2)
            outbox.committed(through: ticket)
            #expect(texts(agent) == ["ok", "welcome"])
            #expect(texts(source) == [])
            #expect(outbox.heldConnections == 1)
            outbox.committed(through: ticket + 1)
            #expect(texts(source) == ["ok"])
            #expect(outbox.heldConnections == 0)
            // Nothing waits now: later messages leave at once.
            outbox.send(.welcome(role: .agent, agentId: "a", serverTimeMs: 0, resumed: []), to: agent)
            #expect(texts(agent) == ["welcome"])
        }
        outbox.send(.ok(ref: "last", fields: []), to: agent, whenDurable: 99, onFailure: lost)
        outbox.forget(agent)
        #expect(outbox.heldConnections == 0)
        outbox.committed(through: 99)
        #expect(texts(agent) == [])
    }

    @Test func anOfferWaitsBehindTheAnswerOfTheAcceptBeforeIt() {
        var outbox = DurableOutbox()
        let agent = RecordingLink()
        let lost = ProtocolError(.unavailable, "lost")
        outbox.send(.ok(ref: "acc", fields: []), to: agent, whenDurable: 4, onFailure: lost)
        // The customer hung up and the freed line got a new call: the agent must hear the accept's
        // answer and the hang-up first, or it would see two calls at once.
        outbox.send(.interaction(interactionId: "i1", event: .completed, agentId: "a1", queue: nil, reason: "cancelled", atMs: 0), to: agent)
        let offer = WireInteraction(id: "i2", channel: "voice", queue: "sales", priority: 0, waitedMs: 0)
        outbox.send(.offer(offer, expiresInMs: 20_000), to: agent)
        #expect(agent.drain().isEmpty)
        outbox.committed(through: 4)
        let all = agent.drain()
        #expect(all.count == 3 && all[0].contains(#""ref":"acc""#) && all[1].contains(#""interactionId":"i1""#) && all[2].contains(#""type":"offer""#))
    }

    @Test func aReservedAnswerKeepsItsPlaceAheadOfLaterMessagesAndDurableAnswers() {
        var outbox = DurableOutbox()
        let supervisor = RecordingLink()
        let other = RecordingLink()
        let lost = ProtocolError(.unavailable, "lost")
        let reservation = outbox.reserve(for: supervisor)
        outbox.send(.welcome(role: .supervisor, agentId: nil, serverTimeMs: 0, resumed: []), to: supervisor)
        outbox.send(.ok(ref: "d", fields: []), to: supervisor, whenDurable: 4, onFailure: lost)
        outbox.send(.welcome(role: .supervisor, agentId: nil, serverTimeMs: 0, resumed: []), to: other)
        #expect(texts(other) == ["welcome"])
        // The disk is ahead of the read: nothing leaves before the reserved answer.
        outbox.committed(through: 4)
        #expect(texts(supervisor) == [])
        outbox.fill(reservation, with: .error(ProtocolError(.notFound, "history")))
        #expect(texts(supervisor) == ["error", "welcome", "ok"])
        #expect(outbox.heldConnections == 0)
        outbox.send(.welcome(role: .supervisor, agentId: nil, serverTimeMs: 0, resumed: []), to: supervisor)
        #expect(texts(supervisor) == ["welcome"])
    }

    @Test func aReservedAnswerFilledBeforeTheDiskWaitsForTheAnswerAheadOfIt() {
        var outbox = DurableOutbox()
        let link = RecordingLink()
        let lost = ProtocolError(.unavailable, "lost")
        outbox.send(.ok(ref: "a", fields: []), to: link, whenDurable: 2, onFailure: lost)
        let reservation = outbox.reserve(for: link)
        outbox.fill(reservation, with: .welcome(role: .agent, agentId: "a", serverTimeMs: 0, resumed: []))
        #expect(texts(link) == [])
        outbox.committed(through: 2)
        #expect(texts(link) == ["ok", "welcome"])
    }

    @Test func aReservationOfAClosedConnectionIsIgnored() {
        var outbox = DurableOutbox()
        let link = RecordingLink()
        let reservation = outbox.reserve(for: link)
        outbox.forget(link)
        outbox.fill(reservation, with: .ok(ref: nil, fields: []))
        #expect(texts(link) == [])
        #expect(outbox.heldConnections == 0)
        // Nothing reserved any more: another connection's messages leave at once.
        let other = RecordingLink()
        outbox.send(.ok(ref: nil, fields: []), to: other)
        #expect(texts(other) == ["ok"])
    }
}
