import Testing
import SwitchboardTesting
@testable import SwitchboardServer

/// A `ref` is echoed by every reply, also before `hello`: one longer than 128 bytes is refused
/// without being echoed, so that a client cannot make the server send back what it sent.
@Suite(.serialized)
struct OversizedRefTests {
    @Test func anOversizedRefBeforeHelloIsRefusedWithoutBeingEchoed() async throws {
        let bed = try await TestBed()
        let client = try await bed.raw()
        let ref = String(repeating: "r", count: 20_000)
        try await client.send(#"{"type":"hello","token":"gw-token","ref":"\#(ref)"}"#)
        let reply = try await client.expect(#""code":"bad_request""#)
        #expect(reply.contains(#""message":"field ref: longer than 128 bytes""#))
        #expect(!reply.contains(#""ref""#))
        #expect(reply.utf8.count < 200)
        // The connection stays open and may still say hello.
        try await client.send(#"{"type":"hello","token":"gw-token","ref":"\#(String(repeating: "r", count: 128))"}"#)
        try await client.expect("welcome")
        await bed.stop()
    }
}
