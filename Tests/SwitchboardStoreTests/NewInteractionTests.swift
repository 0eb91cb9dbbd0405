import Foundation
import Testing
@testable import SwitchboardStore

@Suite struct NewInteractionTests {
    @Test func payloadDecodesBackToTheSameInteraction() throws {
        let tricky = NewInteraction(
            id: "id \"quoted\" \\ back", source: "pbx\n2", queue: "support", channel: "voice", priority: -3,
            customerId: "ü-日本-\u{1}-\u{1F}", tier: nil, attributes: #"{"note":"a\"b","tab":"\t"}"#,
            requirements: "{}", preferredAgent: "a7", enqueuedAt: 1_795_996_800_123)
        let plain = NewInteraction(id: "p", source: "s", queue: "q", channel: "chat")
        let demanding = NewInteraction(id: "d", source: "s", queue: "complaints", channel: "chat", demanding: true)
        for interaction in [tricky, plain, demanding] {
            let decoded = try JSONDecoder().decode(NewInteraction.self, from: Data(interaction.jsonText.utf8))
            #expect(decoded == interaction)
        }
    }

    @Test func payloadIsTheTextTheFirstReleaseWrote() {
        // Byte for byte what the log has always held, so files written before and after compare equal.
        let interaction = NewInteraction(
            id: "x\"1", source: "pbx", queue: "support", channel: "voice", priority: 2, customerId: "ü\u{1}\u{1F}",
            tier: "gold", attributes: #"{"a":"b\tc"}"#, requirements: "{}", preferredAgent: "a\\7", enqueuedAt: 42)
        #expect(interaction.jsonText == #"{"id":"x\"1","source":"pbx","queue":"support","channel":"voice","priority":2,"#
            + #""customerId":"ü\u0001\u001f","tier":"gold","attributes":"{\"a\":\"b\\tc\"}","requirements":"{}","#
            + #""preferredAgent":"a\\7","enqueuedAt":42}"#)
    }

    @Test func aDemandingInteractionSaysSoAtTheEndOfItsPayloadAndAnOlderPayloadReadsAsOrdinary() throws {
        let demanding = NewInteraction(id: "d", source: "s", queue: "q", channel: "chat", demanding: true)
        #expect(demanding.jsonText == #"{"id":"d","source":"s","queue":"q","channel":"chat","priority":0,"attributes":"{}","requirements":"{}","demanding":true}"#)
        let encoded = try JSONEncoder().encode(demanding)
        #expect(try JSONDecoder().decode(NewInteraction.self, from: encoded) == demanding)
        // The payload of an ordinary contact, as every release before the column wrote it.
        let older = #"{"id":"o","source":"s","queue":"q","channel":"chat","priority":0,"attributes":"{}","requirements":"{}"}"#
        let decoded = try JSONDecoder().decode(NewInteraction.self, from: Data(older.utf8))
        #expect(!decoded.demanding)
        #expect(decoded.jsonText == older)
    }
}
