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

    static let plainOffer = WireInteraction(id: "c-1", channel: "chat", queue: "support", priority: 50, customerId: "C-17", waitedMs: 0)

    @Test func anOfferWithoutCustomerHasNoCustomerMember() throws {
        let value = try JSONParser.parse(MessageEncoder.encode(.offer(Self.plainOffer, expiresInMs: 15_000)))
        #expect(value["interaction"]?["customerId"] == .string("C-17"))
        #expect(value["interaction"]?["customer"] == nil)
    }

    @Test func encodesOfferWithCustomerAsDocumented() {
        var interaction = Self.plainOffer
        interaction.customer = WireCustomer(contacts: 3, byChannel: [("voice", 2), ("chat", 1)], isRepeat: true, reason: "same_topic",
                                            topic: "billing", lastAgent: "alice", lastDisposition: "resolved", lastChannel: "chat",
                                            secondsSinceLastContact: 3600)
        #expect(MessageEncoder.encodeString(.offer(interaction, expiresInMs: 15_000)) == #"{"type":"offer","interaction":{"id":"c-1","channel":"chat","queue":"support","priority":50,"customerId":"C-17","customer":{"contacts":3,"byChannel":{"voice":2,"chat":1},"repeat":true,"reason":"same_topic","topic":"billing","lastAgent":"alice","lastDisposition":"resolved","lastChannel":"chat","secondsSinceLastContact":3600},"attributes":{},"waitedMs":0},"expiresInMs":15000}"#)
    }

    /// A first contact leaves most members unknown: they are still there, as `null`.
    @Test func aCustomerHasEveryMemberNullsIncluded() throws {
        var interaction = Self.plainOffer
        interaction.customer = WireCustomer(contacts: 1, byChannel: [("chat", 1)])
        let value = try JSONParser.parse(MessageEncoder.encode(.offer(interaction, expiresInMs: 15_000)))
        guard case .object(let members)? = value["interaction"]?["customer"] else {
            Issue.record("no customer object in \(value)")
            return
        }
        #expect(members.map(\.key) == ["contacts", "byChannel", "repeat", "reason", "topic", "lastAgent", "lastDisposition",
                                       "lastChannel", "secondsSinceLastContact"])
        #expect(JSONValue.object(members) == .object([
            ("contacts", .number(1)), ("byChannel", .object([("chat", .number(1))])), ("repeat", .bool(false)),
            ("reason", .null), ("topic", .null), ("lastAgent", .null), ("lastDisposition", .null), ("lastChannel", .null),
            ("secondsSinceLastContact", .null),
        ]))
    }

    @Test func welcomeCarriesTheCustomerOfResumedWork() throws {
        var interaction = Self.plainOffer
        interaction.customer = WireCustomer(contacts: 2, byChannel: [("voice", 1), ("chat", 1)], lastChannel: "voice", secondsSinceLastContact: 60)
        let value = try JSONParser.parse(MessageEncoder.encode(.welcome(role: .agent, agentId: "alice", serverTimeMs: 1, resumed: [interaction, Self.plainOffer])))
        guard case .array(let resumed)? = value["interactions"], resumed.count == 2 else {
            Issue.record("expected two resumed interactions in \(value)")
            return
        }
        #expect(resumed[0]["customer"]?["contacts"] == .number(2))
        #expect(resumed[0]["customer"]?["lastChannel"] == .string("voice"))
        #expect(resumed[0]["customer"]?["reason"] == .null)
        #expect(resumed[1]["customer"] == nil)
    }

    @Test func interactionsDifferingOnlyInTheirCustomerAreNotEqual() {
        var remembered = Self.plainOffer
        remembered.customer = WireCustomer(contacts: 2)
        var more = remembered
        more.customer?.byChannel = [("chat", 2)]
        #expect(remembered != Self.plainOffer)
        #expect(remembered != more)
        #expect(remembered == WireInteraction(id: "c-1", channel: "chat", queue: "support", priority: 50, customerId: "C-17", waitedMs: 0,
                                              customer: WireCustomer(contacts: 2)))
    }

    @Test func encodesAlertAsDocumented() {
        let alert = WireAlert(id: "a-lq2x9c-17", kind: "topic_surge", severity: .warning,
                              subject: [("topic", .string("billing")), ("count", .number(41)), ("expected", .number(6.5))],
                              message: "41 contacts about billing in 15 min (usually 6.5)", atMs: 1_765_100_000_123, state: .raised,
                              raisedAtMs: 1_765_100_000_123)
        #expect(MessageEncoder.encodeString(.alert(alert)) == #"{"type":"alert","id":"a-lq2x9c-17","kind":"topic_surge","severity":"warning","subject":{"topic":"billing","count":41,"expected":6.5},"message":"41 contacts about billing in 15 min (usually 6.5)","at":1765100000123,"state":"raised","raisedAt":1765100000123,"acknowledgedBy":null,"acknowledgedAt":null}"#)
    }

    @Test func encodesAnAcknowledgedThenClearedAlert() {
        let alert = WireAlert(id: "a-1", kind: "complaint_waiting", severity: .critical, subject: [("interactionId", .string("c-9"))],
                              message: "complaint c-9 waiting 120 s", atMs: 1_765_100_300_000, state: .cleared, raisedAtMs: 1_765_100_000_000,
                              acknowledgedBy: "sup-1", acknowledgedAtMs: 1_765_100_100_000)
        #expect(MessageEncoder.encodeString(.alert(alert)) == #"{"type":"alert","id":"a-1","kind":"complaint_waiting","severity":"critical","subject":{"interactionId":"c-9"},"message":"complaint c-9 waiting 120 s","at":1765100300000,"state":"cleared","raisedAt":1765100000000,"acknowledgedBy":"sup-1","acknowledgedAt":1765100100000}"#)
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
