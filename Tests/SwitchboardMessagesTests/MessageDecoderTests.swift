import Testing
import SwitchboardRouter
@testable import SwitchboardMessages

@Suite struct MessageDecoderTests {
    func decodeError(_ text: String) -> ProtocolError? {
        do {
            _ = try MessageDecoder.decode(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesHelloWithRef() throws {
        let envelope = try MessageDecoder.decode(#"{"type":"hello","token":"t-1","ref":"r1"}"#)
        #expect(envelope == ClientEnvelope(ref: "r1", message: .hello(token: "t-1")))
    }

    /// 2^63 compares equal to `Double(Int.max)`: it must be refused, not trapped on when made an `Int`.
    @Test func integersAtTheEdgeOfIntAreRefusedNotTrappedOn() {
        for number in ["9223372036854775807", "9223372036854775808", "1e19", "-9223372036854775809"] {
            let error = decodeError(#"{"type":"subscribe","since":"# + number + "}")
            #expect(error?.code == .badRequest && error?.message.hasPrefix("field since: expected an integer") == true, "\(number): \(String(describing: error))")
        }
        let limit = decodeError(#"{"type":"customer","customerId":"C-17","limit":1e300}"#)
        #expect(limit?.message.hasPrefix("field limit: expected an integer from 1 to 200") == true)
    }

    @Test func decodesEnqueueWithEveryField() throws {
        let envelope = try MessageDecoder.decode(#"""
        {"type":"enqueue","interaction":{"id":"c-1","channel":"chat","queue":"support","skills":{"billing":5},
         "priority":70,"customerId":"cust-9","tier":"gold","preferredAgent":"alice","attributes":{"topic":"refund","n":2}}}
        """#)
        guard case .enqueue(let request) = envelope.message else {
            Issue.record("expected enqueue, got \(envelope.message)")
            return
        }
        #expect(request.id == "c-1")
        #expect(request.channel == .chat)
        #expect(request.queue == "support")
        #expect(request.skills == ["billing": 5])
        #expect(request.priority == 70)
        #expect(request.customerId == "cust-9")
        #expect(request.tier == "gold")
        #expect(request.preferredAgent == "alice")
        #expect(JSONValue.object(request.attributes) == .object([("topic", .string("refund")), ("n", .number(2))]))
    }

    @Test(arguments: [
        (#"hello"#, "invalid JSON at byte 0: unexpected character"),
        (#"nope"#, "invalid JSON at byte 0: invalid literal"),
        (#"[1]"#, "a message must be a JSON object, got an array"),
        (#"{"ref":"x"}"#, "missing field type (expected a string)"),
        (#"{"type":7}"#, "field type: expected a string, got 7"),
        (#"{"type":"dance"}"#, "unknown message type \"dance\" (expected one of hello, state, accept, reject, complete, transfer, enqueue, cancel, position, subscribe, set_agent, customer, ack_alert, reload)"),
        (#"{"type":"hello"}"#, "missing field token (expected a string)"),
        (#"{"type":"hello","token":""}"#, "field token: must not be empty"),
        (#"{"type":"state","state":"sleeping"}"#, "field state: expected one of \"available\", \"not_ready\", got \"sleeping\""),
        (#"{"type":"state","state":"not_ready"}"#, "missing field reason (required when state is \"not_ready\", e.g. \"break\")"),
        (#"{"type":"accept"}"#, "missing field interactionId (expected a string)"),
        (#"{"type":"enqueue"}"#, "missing field interaction (expected an object)"),
        (#"{"type":"enqueue","interaction":{"queue":"q"}}"#, "missing field interaction.channel (expected one of \"voice\", \"chat\", \"email\", \"sms\", \"callback\", \"video\")"),
        (#"{"type":"enqueue","interaction":{"channel":"fax","queue":"q"}}"#, "field interaction.channel: expected one of \"voice\", \"chat\", \"email\", \"sms\", \"callback\", \"video\", got \"fax\""),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","skills":{"billing":12}}}"#, "field interaction.skills.billing: expected an integer from 1 to 10, got 12"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","priority":2.5}}"#, "field interaction.priority: expected an integer from 0 to 100, got 2.5"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","attributes":[1]}}"#, "field interaction.attributes: expected an object, got an array"),
        (#"{"type":"subscribe","topics":["queues","weather"]}"#, "field topics[1]: expected one of \"queues\", \"agents\", \"alerts\", got \"weather\""),
        (#"{"type":"subscribe","since":-1}"#, "field since: expected an integer from 0 to 9223372036854775807, got -1"),
        (#"{"type":"subscribe","since":1.5}"#, "field since: expected an integer from 0 to 9223372036854775807, got 1.5"),
        (#"{"type":"subscribe","since":0,"topics":["queues"]}"#, "fields since and topics: a subscribe either opens the event stream (since) or names the floor's topics, not both"),
        (#"{"type":"subscribe"}"#, "missing field topics (expected the floor's topics (or since, the last seq received, for the event stream))"),
        (#"{"type":"customer"}"#, "missing field customerId (expected a string)"),
        (#"{"type":"customer","customerId":""}"#, "field customerId: must not be empty"),
        (#"{"type":"customer","customerId":17}"#, "field customerId: expected a string, got 17"),
        (#"{"type":"customer","customerId":"C-17","limit":0}"#, "field limit: expected an integer from 1 to 200, got 0"),
        (#"{"type":"customer","customerId":"C-17","limit":201}"#, "field limit: expected an integer from 1 to 200, got 201"),
        (#"{"type":"customer","customerId":"C-17","limit":2.5}"#, "field limit: expected an integer from 1 to 200, got 2.5"),
        (#"{"type":"customer","customerId":"C-17","limit":"20"}"#, "field limit: expected an integer from 1 to 200, got \"20\""),
        (#"{"type":"customer","customerId":"C-17","limit":true}"#, "field limit: expected an integer from 1 to 200, got true"),
        (#"{"type":"customer","customerId":"C-17","before":42}"#, "field before: expected a string, got 42"),
        (#"{"type":"customer","customerId":"C-17","before":{"at":1}}"#, "field before: expected a string, got an object"),
        (#"{"type":"customer","customerId":"C-17","before":""}"#, "field before: must not be empty"),
        (#"{"type":"ack_alert"}"#, "missing field id (expected a string)"),
        (#"{"type":"ack_alert","note":"seen"}"#, "missing field id (expected a string)"),
        (#"{"type":"ack_alert","id":""}"#, "field id: must not be empty"),
        (#"{"type":"ack_alert","id":"a-1","note":7}"#, "field note: expected a string, got 7"),
        (#"{"type":"set_agent","agentId":"a1"}"#, "set_agent must change at least one of skills, capacity, state"),
        (#"{"type":"set_agent","agentId":"a1","capacity":{"fax":1}}"#, "field capacity.fax: unknown channel (expected one of voice, chat, email, sms, callback, video)"),
    ])
    func reportsTheProblemByField(input: String, message: String) {
        let error = decodeError(input)
        #expect(error?.code == .badRequest)
        #expect(error?.message == message)
    }

    @Test func decodesCustomerWithEveryField() throws {
        let envelope = try MessageDecoder.decode(#"{"type":"customer","ref":"h1","customerId":"C-17","limit":20,"before":"1765100000123.42"}"#)
        #expect(envelope == ClientEnvelope(ref: "h1", message: .customer(customerId: "C-17", limit: 20, before: "1765100000123.42")))
    }

    @Test func decodesCustomerWithDefaultsLeftToTheServer() throws {
        let bare = try MessageDecoder.decode(#"{"type":"customer","customerId":"C-17"}"#)
        #expect(bare.message == .customer(customerId: "C-17", limit: nil, before: nil))
        // `null` is the same as absent, as for every optional field; the first page has `next` null.
        let nulls = try MessageDecoder.decode(#"{"type":"customer","customerId":"C-17","limit":null,"before":null}"#)
        #expect(nulls.message == .customer(customerId: "C-17", limit: nil, before: nil))
    }

    @Test func decodesAckAlertWithAndWithoutNote() throws {
        let noted = try MessageDecoder.decode(#"{"type":"ack_alert","id":"a-lq2x9c-17","note":"calling the team lead"}"#)
        #expect(noted.message == .ackAlert(id: "a-lq2x9c-17", note: "calling the team lead"))
        let bare = try MessageDecoder.decode(#"{"type":"ack_alert","id":"a-lq2x9c-17"}"#)
        #expect(bare.message == .ackAlert(id: "a-lq2x9c-17", note: nil))
    }

    @Test func subscribesToAlertsAloneOrWithOtherTopics() throws {
        #expect(try MessageDecoder.decode(#"{"type":"subscribe","topics":["alerts"]}"#).message == .subscribe(topics: [.alerts]))
        #expect(try MessageDecoder.decode(#"{"type":"subscribe","topics":["queues","alerts","agents","alerts"]}"#).message
            == .subscribe(topics: [.queues, .alerts, .agents]))
    }

    @Test func newMessagesCarryTheirWireTypeNames() {
        #expect(ClientMessage.customer(customerId: "C", limit: nil, before: nil).type == "customer")
        #expect(ClientMessage.ackAlert(id: "a", note: nil).type == "ack_alert")
        #expect(MessageDecoder.knownTypes.contains("customer") && MessageDecoder.knownTypes.contains("ack_alert"))
    }

    @Test func errorsCarryTheRequestRef() {
        let error = decodeError(#"{"type":"accept","ref":"abc"}"#)
        #expect(error?.ref == "abc")
    }

    @Test func ignoresUnknownMembersForForwardCompatibility() throws {
        let envelope = try MessageDecoder.decode(#"{"type":"reload","future":{"x":1}}"#)
        #expect(envelope.message == .reload)
    }
}
