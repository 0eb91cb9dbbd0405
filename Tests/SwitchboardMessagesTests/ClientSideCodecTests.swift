import SwitchboardMessages
import SwitchboardRouter
import Testing

/// The client side of the protocol must agree with the server side: what the client encoder writes,
/// the server decoder reads back unchanged, and what the server encoder writes, the client decoder reads.
@Suite struct ClientSideCodecTests {
    func roundTrip(_ message: ClientMessage, ref: String? = "r1") throws -> ClientEnvelope {
        try MessageDecoder.decode(Array(ClientMessageEncoder.encodeString(message, ref: ref).utf8))
    }

    @Test func everyClientMessageSurvivesTheServerDecoder() throws {
        let messages: [ClientMessage] = [
            .hello(token: "agent-alice-demo"),
            .state(.notReady, reason: "lunch"),
            .state(.available, reason: nil),
            .accept(interactionId: "c-1", reason: nil),
            .reject(interactionId: "c-1", reason: "busy"),
            .complete(interactionId: "c-1", disposition: "resolved"),
            .transfer(interactionId: "c-1", queue: "support"),
            .enqueue(EnqueueRequest(id: "c-9", channel: .chat, queue: "support", skills: ["billing": 5, "english": 3], priority: 70,
                                    customerId: "cust-1", tier: "gold", preferredAgent: "alice", attributes: [("topic", .string("refund"))])),
            .enqueue(EnqueueRequest(channel: .voice, queue: "sales")),
            .cancel(interactionId: "c-9", reason: "patience"),
            .position(interactionId: "c-9"),
            .subscribe(topics: [.queues, .agents]),
            .setAgent(AgentChange(agentId: "bob", skills: ["technical": 7], capacity: ["chat": 2], state: .notReady, reason: "coaching")),
            .reload,
        ]
        for message in messages {
            #expect(try roundTrip(message) == ClientEnvelope(ref: "r1", message: message))
        }
        #expect(try roundTrip(.reload, ref: nil).ref == nil)
    }

    @Test func skillsAreWrittenInSortedOrder() {
        let text = ClientMessageEncoder.encodeString(.enqueue(EnqueueRequest(id: "x", channel: .email, queue: "q", skills: ["z": 1, "a": 2])))
        #expect(text == #"{"type":"enqueue","interaction":{"id":"x","channel":"email","queue":"q","skills":{"a":2,"z":1}}}"#)
    }

    @Test func everyServerMessageSurvivesTheClientDecoder() throws {
        let offer = WireInteraction(id: "c-1", channel: "chat", queue: "support", priority: 50, customerId: "cust-9",
                                    attributes: [("topic", .string("refund"))], waitedMs: 1200)
        let messages: [ServerMessage] = [
            .welcome(role: .agent, agentId: "alice", serverTimeMs: 1_764_057_600_000, resumed: [offer]),
            .welcome(role: .source, agentId: nil, serverTimeMs: 5, resumed: []),
            .ok(ref: "7", fields: [("interactionId", .string("c-1")), ("position", .number(3))]),
            .error(ProtocolError(.conflict, "offer expired", ref: "a:c-1")),
            .agentState(WireAgentStatus(id: "alice", state: "not_ready", reason: "no_answer", load: ["chat": 1])),
            .offer(offer, expiresInMs: 15_000),
            .revoked(interactionId: "c-1", reason: "timeout"),
            .interaction(interactionId: "c-1", event: .agentLost, agentId: "alice", queue: "support", reason: nil, atMs: 42),
            .stats(queues: [WireQueueStats(name: "support", waiting: 4, longestWaitMs: 31_000, available: 2, busy: 6, offered: 120,
                                           answered: 110, abandoned: 3, serviceLevel: 0.84, asaMs: 12_400)],
                   agents: [WireAgentStatus(id: "bob", state: "busy", load: ["chat": 2])]),
        ]
        for message in messages {
            #expect(try ServerMessageDecoder.decode(MessageEncoder.encodeString(message)) == message)
        }
    }

    @Test func unknownMembersAreIgnoredAndMissingOnesNamed() throws {
        let revoked = try ServerMessageDecoder.decode(#"{"type":"revoked","interactionId":"c-1","reason":"taken","extra":[1,2]}"#)
        #expect(revoked == .revoked(interactionId: "c-1", reason: "taken"))
        #expect(throws: ServerMessageDecoder.DecodeError("missing field interaction.queue")) {
            try ServerMessageDecoder.decode(#"{"type":"offer","interaction":{"id":"c-1","channel":"chat"}}"#)
        }
        #expect(throws: ServerMessageDecoder.DecodeError("field type: unknown message type \"gossip\"")) {
            try ServerMessageDecoder.decode(#"{"type":"gossip"}"#)
        }
        #expect(throws: ServerMessageDecoder.DecodeError.self) { try ServerMessageDecoder.decode("[1,") }
    }
}
