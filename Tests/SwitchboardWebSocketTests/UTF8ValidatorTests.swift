import SwitchboardWebSocket
import Testing

@Suite struct UTF8ValidatorTests {
    @Test(arguments: [
        [], Array("plain ASCII text, longer than eight bytes".utf8),
        [0xC2, 0x80], [0xDF, 0xBF],                 // U+0080, U+07FF
        [0xE0, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],     // U+0800, U+FFFF
        [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],     // U+D7FF, U+E000 (around the surrogates)
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], // U+10000, U+10FFFF
        Array("κόσμε €𝄞".utf8),
    ] as [[UInt8]])
    func acceptsValidUTF8(bytes: [UInt8]) {
        #expect(UTF8Validator.isValid(bytes))
    }

    @Test(arguments: [
        [0x80], [0xBF],                               // lone continuation bytes
        [0xC0, 0x80], [0xC1, 0xBF],                   // overlong 2-byte
        [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],       // overlong 3-byte
        [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], // overlong 4-byte
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],       // surrogates U+D800, U+DFFF
        [0xF4, 0x90, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF], // above U+10FFFF
        [0xF5], [0xF8], [0xFE], [0xFF],
        [0xC2], [0xE2, 0x82], [0xF0, 0x9D, 0x84],     // truncated at the end
        [0xC2, 0x41], [0xE2, 0x28, 0xA1],             // interrupted sequences
        Array("valid prefix ".utf8) + [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80],
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(!UTF8Validator.isValid(bytes))
    }

    @Test func aSequenceSplitAcrossChunksAtEveryPointIsValid() {
        let text = Array("a€b𝄞c".utf8)
        for cut in 0...text.count {
            var validator = UTF8Validator()
            let first = validator.validate(Array(text[..<cut]))
            let second = validator.validate(Array(text[cut...]))
            #expect(first && second && validator.isComplete, "cut at \(cut)")
        }
    }

    @Test func failsAtTheChunkThatBreaksTheEncodingNotAtTheEnd() {
        var validator = UTF8Validator()
        let prefix = validator.validate([0x61, 0xCE])   // valid so far, incomplete
        #expect(prefix)
        #expect(!validator.isComplete)
        let next = validator.validate([0x41])           // 'A' cannot continue the sequence
        #expect(!next)
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var generator = SeededGenerator(seed: 2024)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in interesting.randomElement(using: &generator) ?? 0 }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(UTF8Validator.isValid(bytes) == expected, "\(bytes)")
            // Any split must agree as well.
            let cut = Int.random(in: 0...length, using: &generator)
            var validator = UTF8Validator()
            let split = validator.validate(Array(bytes[..<cut])) && validator.validate(Array(bytes[cut...])) && validator.isComplete
            #expect(split == expected)
        }
    }
}
