import Testing
@testable import SwitchboardMessages

@Suite struct MessageEncoderTests {
    @Test func encodesOfferAsDocumented() {
        let offer = ServerMessage.offer(
            WireInteraction(id: "c-1", channel: "chat", queue: "support", priority: 50, customerId: "cust-9", attributes: [("topic", .string("refund"))], waitedMs: 1200),
            expiresInMs: 15000
        )
        #expect(MessageEncoder.encodeString(offer) == #"{"type":"offer","interaction":{"id":"c-1","channel":"chat","queue":"support","priority":50,"customerId":"cust-9","attributes":{"topic":"refund"},"waitedMs":1200},"expiresInMs":15000}"#)
    }

    @Test func encodesErrorWithRefAndCode() {
        let message = ServerMessage.error(ProtocolError(.forbidden, "enqueue is for sources", ref: "r7"))
        #expect(MessageEncoder.encodeString(message) == #"{"type":"error","ref":"r7","code":"forbidden","message":"enqueue is for sources"}"#)
    }

    @Test func encodesWelcomeForAgentsWithResumedWork() {
        let message = ServerMessage.welcome(role: .agent, agentId: "alice", serverTimeMs: 1_700_000_000_000, resumed: [])
        #expect(MessageEncoder.encodeString(message) == #"{"type":"welcome","role":"agent","agentId":"alice","protocol":1,"serverTime":1700000000000,"interactions":[]}"#)
    }

    @Test func encodesStatsWithNullServiceLevelBeforeAnswers() {
        let message = ServerMessage.stats(
            queues: [WireQueueStats(name: "q", waiting: 1, longestWaitMs: 10, available: 0, busy: 2, offered: 3, answered: 0, abandoned: 0, serviceLevel: nil, asaMs: 0)],
            agents: [WireAgentStatus(id: "a", state: "busy", load: ["voice": 1, "chat": 2])]
        )
        #expect(MessageEncoder.encodeString(message) == #"{"type":"stats","queues":[{"name":"q","waiting":1,"longestWaitMs":10,"available":0,"busy":2,"offered":3,"answered":0,"abandoned":0,"serviceLevel":null,"asaMs":0}],"agents":[{"id":"a","state":"busy","load":{"chat":2,"voice":1}}]}"#)
    }

    @Test func everyEncodedMessageParsesAsJSON() throws {
        let messages: [ServerMessage] = [
            .ok(ref: "1", fields: [("interactionId", .string("x")), ("position", .number(3))]),
            .revoked(interactionId: "x", reason: "timeout"),
            .interaction(interactionId: "x", event: .agentLost, agentId: "a", queue: "q", reason: nil, atMs: 5),
            .agentState(WireAgentStatus(id: "a", state: "not_ready", reason: "no_answer")),
        ]
        for message in messages {
            let value = try JSONParser.parse(MessageEncoder.encode(message))
            #expect(value["type"] != nil)
        }
    }
}
