import Testing
import SwitchboardTesting
@testable import SwitchboardServer

/// Over a real socket, an id or text with a control character is refused before it reaches routing or
/// the store: the store once read `dup\0a` back as `dup`, so that a restart merged two interactions.
@Suite(.serialized)
struct ControlCharacterTests {
    @Test func enqueueWithANULInItsIdIsABadRequestNamingTheField() async throws {
        let bed = try await TestBed()
        let source = try await bed.login("gw-token")

        try await source.send(#"{"type":"enqueue","ref":"nul","interaction":{"id":"dup\u0000a","channel":"voice","queue":"sales"}}"#)
        let refused = try await source.expect(#""ref":"nul""#)
        #expect(refused.contains(#""code":"bad_request""#))
        #expect(refused.contains(#""message":"field interaction.id: control characters are not allowed""#))

        try await source.send(#"{"type":"enqueue","ref":"cust","interaction":{"id":"dup","channel":"voice","queue":"sales","customerId":"c\u0000x"}}"#)
        let customer = try await source.expect(#""ref":"cust""#)
        #expect(customer.contains(#""message":"field interaction.customerId: control characters are not allowed""#))

        // Nothing of either was kept: the plain id is new, and the refused one is unknown.
        try await source.send(#"{"type":"enqueue","ref":"plain","interaction":{"id":"dup","channel":"voice","queue":"sales"}}"#)
        try await source.expect(#""ref":"plain""#, #""type":"ok""#, #""interactionId":"dup""#)
        try await source.send(#"{"type":"position","ref":"p","interactionId":"dup"}"#)
        try await source.expect(#""ref":"p""#, #""type":"ok""#)
        try await source.send(#"{"type":"position","ref":"gone","interactionId":"dup\u0001"}"#)
        #expect(try await source.expect(#""ref":"gone""#).contains(#""code":"bad_request""#))
        await bed.stop()
    }
}
