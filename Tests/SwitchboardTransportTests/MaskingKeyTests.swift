import Testing
import SwitchboardWebSocket

struct MaskingKeyTests {
    @Test func randomKeysDoNotRepeatAcrossPoolRefills() {
        // 10,000 keys span several 1,024-key refills; among 2^32 values a repeat is expected about
        // once in eighty runs, so more than a handful means the pool hands out the same words again.
        let keys = (0..<10_000).map { _ in WebSocketMaskingKey.random() }
        #expect(Set(keys).count >= 9_990)
        #expect(Set(keys.map { $0[0] }).count > 200)
    }
}
