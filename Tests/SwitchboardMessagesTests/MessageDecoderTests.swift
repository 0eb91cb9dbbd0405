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
        (#"{"type":"dance"}"#, "unknown message type \"dance\" (expected one of hello, state, accept, reject, complete, transfer, enqueue, cancel, position, subscribe, set_agent, reload)"),
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
        (#"{"type":"subscribe","topics":["queues","weather"]}"#, "field topics[1]: expected one of \"queues\", \"agents\", got \"weather\""),
        (#"{"type":"set_agent","agentId":"a1"}"#, "set_agent must change at least one of skills, capacity, state"),
        (#"{"type":"set_agent","agentId":"a1","capacity":{"fax":1}}"#, "field capacity.fax: unknown channel (expected one of voice, chat, email, sms, callback, video)"),
    ])
    func reportsTheProblemByField(input: String, message: String) {
        let error = decodeError(input)
        #expect(error?.code == .badRequest)
        #expect(error?.message == message)
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
