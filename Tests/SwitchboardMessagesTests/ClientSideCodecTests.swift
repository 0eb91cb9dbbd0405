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
            .subscribe(topics: [.alerts]),
            .subscribe(topics: [.queues, .agents, .alerts]),
            .customer(customerId: "C-17", limit: 20, before: "1765100000123.42"),
            .customer(customerId: "C-17", limit: nil, before: nil),
            .ackAlert(id: "a-lq2x9c-17", note: "calling the team lead"),
            .ackAlert(id: "a-lq2x9c-17", note: nil),
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

    @Test func newClientMessagesAreWrittenAsDocumented() {
        #expect(ClientMessageEncoder.encodeString(.customer(customerId: "C-17", limit: 20, before: "k"), ref: "h")
            == #"{"type":"customer","ref":"h","customerId":"C-17","limit":20,"before":"k"}"#)
        #expect(ClientMessageEncoder.encodeString(.customer(customerId: "C-17", limit: nil, before: nil))
            == #"{"type":"customer","customerId":"C-17"}"#)
        #expect(ClientMessageEncoder.encodeString(.ackAlert(id: "a-1", note: "calling the team lead"))
            == #"{"type":"ack_alert","id":"a-1","note":"calling the team lead"}"#)
        #expect(ClientMessageEncoder.encodeString(.ackAlert(id: "a-1", note: nil)) == #"{"type":"ack_alert","id":"a-1"}"#)
    }

    @Test func everyServerMessageSurvivesTheClientDecoder() throws {
        let offer = WireInteraction(id: "c-1", channel: "chat", queue: "support", priority: 50, customerId: "cust-9",
                                    attributes: [("topic", .string("refund"))], waitedMs: 1200)
        let repeatCustomer = WireCustomer(contacts: 3, byChannel: [("voice", 2), ("chat", 1)], isRepeat: true, reason: "same_topic",
                                          topic: "billing", lastAgent: "alice", lastDisposition: "resolved", lastChannel: "chat",
                                          secondsSinceLastContact: 3600)
        var remembered = offer
        remembered.customer = repeatCustomer
        var firstContact = offer
        firstContact.customer = WireCustomer(contacts: 1, byChannel: [("chat", 1)])
        let raised = WireAlert(id: "a-lq2x9c-17", kind: "topic_surge", severity: .warning,
                               subject: [("topic", .string("billing")), ("count", .number(41)), ("expected", .number(6.5))],
                               message: "41 contacts about billing in 15 min (usually 6.5)", atMs: 1_765_100_000_123, raisedAtMs: 1_765_100_000_123)
        var acknowledged = raised
        acknowledged.acknowledgedBy = "sup-1"
        acknowledged.acknowledgedAtMs = 1_765_100_060_000
        var cleared = acknowledged
        cleared.state = .cleared
        cleared.atMs = 1_765_100_900_000
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
            .offer(remembered, expiresInMs: 15_000),
            .offer(firstContact, expiresInMs: 15_000),
            .welcome(role: .agent, agentId: "alice", serverTimeMs: 7, resumed: [remembered, offer, firstContact]),
            .alert(raised),
            .alert(acknowledged),
            .alert(cleared),
            .alert(WireAlert(id: "a-2", kind: "some_later_kind", severity: .critical, message: "", atMs: 1, raisedAtMs: 1)),
        ]
        for message in messages {
            #expect(try ServerMessageDecoder.decode(MessageEncoder.encodeString(message)) == message)
        }
    }

    /// `ServerMessage ==` compares encodings; this checks the decoded values themselves, member by member.
    @Test func theClientDecoderReadsEveryCustomerAndAlertMember() throws {
        let offer = try ServerMessageDecoder.decode(#"""
            {"type":"offer","interaction":{"id":"c-1","channel":"voice","queue":"support","priority":60,"customerId":"C-17",
             "customer":{"contacts":3,"byChannel":{"voice":2,"chat":1},"repeat":true,"reason":"same_topic","topic":"billing",
                         "lastAgent":"alice","lastDisposition":"resolved","lastChannel":"chat","secondsSinceLastContact":3600},
             "attributes":{},"waitedMs":0},"expiresInMs":15000}
            """#)
        guard case .offer(let interaction, _) = offer, let customer = interaction.customer else {
            Issue.record("expected an offer with a customer, got \(offer)")
            return
        }
        #expect(customer.contacts == 3)
        #expect(customer.byChannel.map(\.channel) == ["voice", "chat"])
        #expect(customer.byChannel.map(\.count) == [2, 1])
        #expect(customer.isRepeat)
        #expect(customer.reason == "same_topic")
        #expect(customer.topic == "billing")
        #expect(customer.lastAgent == "alice")
        #expect(customer.lastDisposition == "resolved")
        #expect(customer.lastChannel == "chat")
        #expect(customer.secondsSinceLastContact == 3600)

        let alert = try ServerMessageDecoder.decode(#"""
            {"type":"alert","id":"a-lq2x9c-17","kind":"topic_surge","severity":"warning",
             "subject":{"topic":"billing","count":41,"expected":6.5},"message":"41 contacts about billing in 15 min (usually 6.5)",
             "at":1765100900000,"state":"cleared","raisedAt":1765100000123,"acknowledgedBy":"sup-1","acknowledgedAt":1765100060000}
            """#)
        guard case .alert(let body) = alert else {
            Issue.record("expected an alert, got \(alert)")
            return
        }
        #expect(body.id == "a-lq2x9c-17")
        #expect(body.kind == "topic_surge")
        #expect(body.severity == .warning)
        #expect(JSONValue.object(body.subject) == .object([("topic", .string("billing")), ("count", .number(41)), ("expected", .number(6.5))]))
        #expect(body.message == "41 contacts about billing in 15 min (usually 6.5)")
        #expect(body.atMs == 1_765_100_900_000)
        #expect(body.state == .cleared)
        #expect(body.raisedAtMs == 1_765_100_000_123)
        #expect(body.acknowledgedBy == "sup-1")
        #expect(body.acknowledgedAtMs == 1_765_100_060_000)
    }

    @Test func aCustomerOrAlertTheClientCannotReadIsNamed() {
        #expect(throws: ServerMessageDecoder.DecodeError("field interaction.customer: expected an object, got a string")) {
            try ServerMessageDecoder.decode(#"{"type":"offer","interaction":{"id":"c-1","channel":"chat","queue":"q","customer":"C-17"}}"#)
        }
        #expect(throws: ServerMessageDecoder.DecodeError("field interactions[0].customer: expected an object, got an array")) {
            try ServerMessageDecoder.decode(#"{"type":"welcome","role":"agent","interactions":[{"id":"c-1","channel":"chat","queue":"q","customer":[]}]}"#)
        }
        #expect(throws: ServerMessageDecoder.DecodeError("field severity: unknown severity \"fatal\"")) {
            try ServerMessageDecoder.decode(#"{"type":"alert","id":"a","kind":"k","severity":"fatal","state":"raised"}"#)
        }
        #expect(throws: ServerMessageDecoder.DecodeError("field state: unknown state \"snoozed\"")) {
            try ServerMessageDecoder.decode(#"{"type":"alert","id":"a","kind":"k","severity":"info","state":"snoozed"}"#)
        }
        #expect(throws: ServerMessageDecoder.DecodeError("missing field id")) {
            try ServerMessageDecoder.decode(#"{"type":"alert","kind":"k","severity":"info","state":"raised"}"#)
        }
    }

    @Test func aNullCustomerIsNone() throws {
        let offer = try ServerMessageDecoder.decode(#"{"type":"offer","interaction":{"id":"c-1","channel":"chat","queue":"q","customer":null}}"#)
        guard case .offer(let interaction, _) = offer else {
            Issue.record("expected an offer, got \(offer)")
            return
        }
        #expect(interaction.customer == nil)
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
