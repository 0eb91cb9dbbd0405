/// The names both measurements use: customers, interactions, queues, topics, agents, dispositions.
/// All but long interaction ids fit in 15 bytes, so a Swift `String` keeps them inline (no heap).
enum Vocabulary {
    static let queues = ["support", "billing", "sales", "retention", "tech", "claims", "orders", "vip"]
    static let topics = ["billing", "refund", "outage", "delivery", "password", "contract"]
    static let dispositions = ["resolved", "callback", "escalated", "refund-issued", "no-answer"]
    static let agentCount = 2_000

    /// `cust-0000123456`: 15 bytes, like a phone number or an account number.
    static func customer(_ n: Int) -> String {
        "cust-" + padded(n, 10)
    }

    static func agent(_ n: Int) -> String {
        "agent-\(n % agentCount)"
    }

    /// Interaction `n`: `c-123456` (short) or a UUID-shaped 36 characters derived from `n` (long).
    static func interaction(_ n: Int, _ style: Options.IDStyle) -> String {
        switch style {
        case .short:
            return "c-\(n)"
        case .long:
            let high = mix(UInt64(n)), low = mix(UInt64(n) ^ 0xA5A5_A5A5)
            let hex = hexDigits(high) + hexDigits(low)
            let characters = Array(hex)
            return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
                + String(characters[16..<20]) + "-" + String(characters[20..<32])
        }
    }

    /// A well-spread hash of `n` (SplitMix64's finalizer): the measurements' only source of variety, so
    /// every run sees the same data.
    static func mix(_ n: UInt64) -> UInt64 {
        var z = n &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A seeded SplitMix64 generator: the store's contents are the same for the same seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return Vocabulary.mix(state)
    }
}
