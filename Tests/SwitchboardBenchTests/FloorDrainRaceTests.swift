import SwitchboardBench
import SwitchboardMessages
import Testing

/// The drain's `cancel` of a waiting interaction can cross an agent's `accept`: the server then assigns
/// it and ends it at once, telling the agent, so the agent must not complete it itself.
@Suite struct FloorDrainRaceTests {
    static let scenario = """
        name: race
        count: 1
        drain_seconds: 5
        queues:
          - {name: sales, channels: [chat]}
        agents:
          - {group: a, count: 1}
        arrivals: {rate_per_second: 100}
        mix:
          - {channel: chat, queue: sales, handle: 1}
        """

    func frame(_ message: ServerMessage) -> String { MessageEncoder.encodeString(message) }

    func decoded(_ outgoing: [Outgoing]) throws -> [(connection: Int, ref: String?, message: ClientMessage)] {
        try outgoing.map { out in
            let envelope = try MessageDecoder.decode(Array(out.text.utf8))
            return (out.connection, envelope.ref, envelope.message)
        }
    }

    @Test func anAcceptCrossingTheDrainsCancelIsLeftForTheServerToEnd() throws {
        let floor = Floor(scenario: try ScenarioParser.parse(yaml: Self.scenario), runId: "r")
        _ = floor.start(now: 0)
        _ = floor.receive(frame(.welcome(role: .agent, agentId: "a-001", serverTimeMs: 0, resumed: [])), on: 0, now: 0.01)
        _ = floor.receive(frame(.welcome(role: .source, agentId: nil, serverTimeMs: 0, resumed: [])), on: 1, now: 0.01)
        _ = floor.receive(frame(.ok(ref: "s", fields: [])), on: 0, now: 0.02)
        // The one arrival reaches the count: the drain starts at once and the customer still waiting leaves.
        let sent = try decoded(floor.advance(to: 10))
        guard case .enqueue(let request)? = sent.first?.message, let id = request.id else {
            Issue.record("expected an enqueue first, got \(sent)")
            return
        }
        #expect(sent.contains { $0.ref == "x:\(id)" })
        // The offer was already on its way; the agent accepts and the server confirms before it sees the cancel.
        let answer = try decoded(floor.receive(frame(.offer(WireInteraction(id: id, channel: "chat", queue: "sales", priority: 50, waitedMs: 5), expiresInMs: 10_000)), on: 0, now: 10.001))
        #expect(answer.map(\.ref) == ["a:\(id)"])
        let afterOk = try decoded(floor.receive(frame(.ok(ref: "a:\(id)", fields: [])), on: 0, now: 10.002))
        #expect(!afterOk.contains { $0.ref == "c:\(id)" }, "completed an interaction the drain's cancel ends: \(afterOk)")
        // The cancel then ends it: the agent hears so, the source gets the terminal event.
        _ = floor.receive(frame(.interaction(interactionId: id, event: .completed, agentId: nil, queue: nil, reason: "cancelled", atMs: 0)), on: 0, now: 10.003)
        _ = floor.receive(frame(.interaction(interactionId: id, event: .completed, agentId: "a-001", queue: nil, reason: "drain", atMs: 0)), on: 1, now: 10.003)
        #expect(floor.isFinished)
        let result = floor.result(startedAt: "now")
        #expect(result.correctnessPassed, "\(result.violationExamples)")
        #expect(result.protocolErrors.isEmpty)
    }
}
