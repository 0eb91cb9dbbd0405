/// Incremental UTF-8 validation (RFC 3629): feed chunks in order, in any split; invalid input is
/// reported at the first byte that makes it invalid, so a bad text message fails fast even in the
/// middle of a fragmented message. Overlongs, surrogates (U+D800–DFFF) and code points above
/// U+10FFFF are rejected.
public struct UTF8Validator: Sendable, Hashable {
    /// Continuation bytes still expected for the current sequence.
    @usableFromInline var remaining: UInt8 = 0
    /// Bounds for the next continuation byte (narrower than 0x80...0xBF right after some leads).
    @usableFromInline var lower: UInt8 = 0x80
    @usableFromInline var upper: UInt8 = 0xBF

    public init() {}

    /// True when the input so far ends on a character boundary.
    @inlinable
    public var isComplete: Bool { remaining == 0 }

    /// Forgets any partial sequence.
    @inlinable
    public mutating func reset() { self = UTF8Validator() }

    /// Validates the next chunk; false as soon as the input can no longer be valid UTF-8.
    @inlinable
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return validate(base, count: bytes.count)
    }

    /// Validates the next chunk of a byte array.
    @inlinable
    public mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }

    @inlinable
    mutating func validate(_ base: UnsafeRawPointer, count: Int) -> Bool {
        var index = 0
        var remaining = self.remaining
        var lower = self.lower
        var upper = self.upper
        defer {
            self.remaining = remaining
            self.lower = lower
            self.upper = upper
        }
        while index < count {
            if remaining == 0 {
                // ASCII runs are the common case: skip them eight bytes at a time.
                while index &+ 8 <= count,
                      base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index &+= 8
                }
                guard index < count else { break }
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                index &+= 1
                switch byte {
                case 0x00...0x7F:
                    continue
                case 0xC2...0xDF:
                    remaining = 1; lower = 0x80; upper = 0xBF
                case 0xE0:
                    remaining = 2; lower = 0xA0; upper = 0xBF   // no overlongs
                case 0xE1...0xEC, 0xEE...0xEF:
                    remaining = 2; lower = 0x80; upper = 0xBF
                case 0xED:
                    remaining = 2; lower = 0x80; upper = 0x9F   // no surrogates
                case 0xF0:
                    remaining = 3; lower = 0x90; upper = 0xBF   // no overlongs
                case 0xF1...0xF3:
                    remaining = 3; lower = 0x80; upper = 0xBF
                case 0xF4:
                    remaining = 3; lower = 0x80; upper = 0x8F   // nothing above U+10FFFF
                default:
                    return false                               // 0x80–0xC1, 0xF5–0xFF
                }
            } else {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                guard byte >= lower && byte <= upper else { return false }
                index &+= 1
                remaining &-= 1
                lower = 0x80
                upper = 0xBF
            }
        }
        return true
    }

    /// Whether `bytes` on their own are complete, valid UTF-8.
    @inlinable
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(bytes) && validator.isComplete
    }
}
