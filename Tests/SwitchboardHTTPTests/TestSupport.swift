import SwitchboardHTTP

/// Parses `text` fed as the given chunk sizes (all at once when empty).
func parseRequests(_ bytes: [UInt8], cuts: [Int] = [], limits: HTTPRequestParser.Limits = .init())
    -> (requests: [HTTPRequest], error: HTTPParseError?) {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [HTTPRequest] = []
    var start = 0
    for end in cuts + [bytes.count] where end >= start {
        do {
            requests += try parser.requests(in: Array(bytes[start..<end]))
        } catch {
            return (requests, error)
        }
        start = end
    }
    return (requests, nil)
}

func parseRequests(_ text: String, cuts: [Int] = [], limits: HTTPRequestParser.Limits = .init())
    -> (requests: [HTTPRequest], error: HTTPParseError?) {
    parseRequests(Array(text.utf8), cuts: cuts, limits: limits)
}

/// SplitMix64, so randomized tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
