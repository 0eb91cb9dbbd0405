import Testing
@testable import SwitchboardMessages

/// Every identifier and free-text field refuses C0, DEL and C1 control characters, naming the field:
/// a NUL once cut `dup\0a` to `dup` in the store, so that two interactions became one.
@Suite struct ControlCharacterTests {
    /// A message with `§` where the tested text goes, and the field the error must name.
    static let fields: [(template: String, field: String)] = [
        (#"{"type":"hello","token":"§"}"#, "field token"),
        (#"{"type":"reload","ref":"§"}"#, "field ref"),
        (#"{"type":"state","state":"not_ready","reason":"§"}"#, "field reason"),
        (#"{"type":"accept","interactionId":"§"}"#, "field interactionId"),
        (#"{"type":"accept","interactionId":"c-1","reason":"§"}"#, "field reason"),
        (#"{"type":"reject","interactionId":"§"}"#, "field interactionId"),
        (#"{"type":"reject","interactionId":"c-1","reason":"§"}"#, "field reason"),
        (#"{"type":"complete","interactionId":"§"}"#, "field interactionId"),
        (#"{"type":"complete","interactionId":"c-1","disposition":"§"}"#, "field disposition"),
        (#"{"type":"transfer","interactionId":"§","queue":"q"}"#, "field interactionId"),
        (#"{"type":"transfer","interactionId":"c-1","queue":"§"}"#, "field queue"),
        (#"{"type":"enqueue","interaction":{"id":"§","channel":"chat","queue":"q"}}"#, "field interaction.id"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"§"}}"#, "field interaction.queue"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","customerId":"§"}}"#, "field interaction.customerId"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","tier":"§"}}"#, "field interaction.tier"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","preferredAgent":"§"}}"#, "field interaction.preferredAgent"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","skills":{"§":3}}}"#, "field interaction.skills"),
        (#"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","attributes":{"§":"v"}}}"#, "field interaction.attributes"),
        (#"{"type":"cancel","interactionId":"§"}"#, "field interactionId"),
        (#"{"type":"cancel","interactionId":"c-1","reason":"§"}"#, "field reason"),
        (#"{"type":"position","interactionId":"§"}"#, "field interactionId"),
        (#"{"type":"subscribe","topics":["queues","§"]}"#, "field topics[1]"),
        (#"{"type":"set_agent","agentId":"§","state":"available"}"#, "field agentId"),
        (#"{"type":"set_agent","agentId":"a1","state":"not_ready","reason":"§"}"#, "field reason"),
        (#"{"type":"set_agent","agentId":"a1","skills":{"§":3}}"#, "field skills"),
        (#"{"type":"set_agent","agentId":"a1","capacity":{"§":1}}"#, "field capacity"),
        (#"{"type":"customer","customerId":"§"}"#, "field customerId"),
        (#"{"type":"customer","customerId":"C-17","before":"§"}"#, "field before"),
        (#"{"type":"ack_alert","id":"§"}"#, "field id"),
        (#"{"type":"ack_alert","id":"a-1","note":"§"}"#, "field note"),
    ]

    /// Text around one control character, as it appears inside a JSON string literal.
    static let controls = [
        #"dup\u0000a"#, #"x\u0001"#, #"\ty"#, #"a\nb"#, #"\u001f"#, "del\u{7F}", "c1\u{80}", "c1\u{85}x", #"\u009f"#,
    ]

    @Test(arguments: fields, controls)
    func refusesControlCharacters(in message: (template: String, field: String), control: String) {
        let text = message.template.replacing("§", with: control)
        do {
            let envelope = try MessageDecoder.decode(text)
            Issue.record("accepted \(text) as \(envelope)")
        } catch {
            #expect(error.code == .badRequest)
            let keys = ["field interaction.skills", "field interaction.attributes", "field skills", "field capacity"]
            let expected = keys.contains(message.field)
                ? "\(message.field): control characters are not allowed in keys"
                : "\(message.field): control characters are not allowed"
            #expect(error.message == expected, "for \(text)")
        }
    }

    @Test(arguments: fields)
    func acceptsTheSameFieldsWithoutControlCharacters(_ message: (template: String, field: String)) throws {
        // Non-ASCII letters and U+00A0 (just past the C1 range) are text, not controls.
        let topic = message.field == "field topics[1]" ? "agents" : (message.field == "field capacity" ? "chat" : "café\u{A0}—")
        let text = message.template.replacing("§", with: topic)
        #expect(throws: Never.self, "for \(text)") { try MessageDecoder.decode(text) }
    }

    @Test func attributeValuesKeepNewlinesAndTabs() throws {
        let envelope = try MessageDecoder.decode(#"""
            {"type":"enqueue","interaction":{"channel":"chat","queue":"q","attributes":{"note":"line 1\nline 2\tend","deep":["\u0000"]}}}
            """#)
        guard case .enqueue(let request) = envelope.message else {
            Issue.record("expected enqueue, got \(envelope.message)")
            return
        }
        #expect(JSONValue.object(request.attributes) == .object([
            ("note", .string("line 1\nline 2\tend")), ("deep", .array([.string("\u{0}")])),
        ]))
    }

    @Test func aRefWithControlCharactersIsNotEchoed() {
        do {
            _ = try MessageDecoder.decode(#"{"type":"reload","ref":"r\u0000"}"#)
            Issue.record("accepted")
        } catch {
            #expect(error.ref == nil)
        }
    }

    @Test(arguments: [
        ("", false), ("plain ascii ~", false), ("é—漢😀\u{A0}\u{FF}", false),
        ("\u{0}", true), ("\u{1F}", true), ("\u{7F}", true), ("\u{80}", true), ("\u{9F}", true), ("ok\u{85}", true),
    ])
    func classifiesControlCharacters(text: String, isControl: Bool) {
        #expect(text.containsControlCharacters == isControl)
    }
}
