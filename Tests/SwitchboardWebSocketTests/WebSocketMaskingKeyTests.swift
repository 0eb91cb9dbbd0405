import SwitchboardWebSocket
import Testing

@Suite struct WebSocketMaskingKeyTests {
    @Test func exposesItsBytesInWireOrder() {
        #expect(testKey.bytes == [0x37, 0xFA, 0x21, 0x3D])
        #expect(testKey[0] == 0x37 && testKey[3] == 0x3D)
        #expect(WebSocketMaskingKey([1, 2, 3]) == nil)
        #expect(WebSocketMaskingKey([1, 2, 3, 4]) == WebSocketMaskingKey(1, 2, 3, 4))
    }

    @Test func wordWiseMaskingMatchesBytewiseMaskingAtEveryLengthAndOffset() {
        var generator = SeededGenerator(seed: 7)
        let key = WebSocketMaskingKey(0xA1, 0xB2, 0xC3, 0xD4)
        for length in 0...40 {
            for offset in 0...7 {
                let original = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                var masked = original
                masked.withUnsafeMutableBytes { key.apply(to: $0, payloadOffset: offset) }
                let expected = original.enumerated().map { $1 ^ key[($0 + offset) % 4] }
                #expect(masked == expected, "length \(length) offset \(offset)")
                masked.withUnsafeMutableBytes { key.apply(to: $0, payloadOffset: offset) }
                #expect(masked == original)
            }
        }
    }
}
