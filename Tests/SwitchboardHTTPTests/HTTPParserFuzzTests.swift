import SwitchboardHTTP
import Testing

/// Seeded randomized testing of the HTTP parsers: pipelines of valid requests, mutated ones and
/// random bytes, in random splits. Nothing may crash or stall, every error must carry one of the
/// statuses the server answers with, limits must hold, and the result must not depend on the split.
@Suite struct HTTPParserFuzzTests {
    static let seeds: [UInt64] = Array(1...8)
    static let inputsPerSeed = 50_000
    static let limits = HTTPRequestParser.Limits(maxRequestLineLength: 96, maxHeadSize: 320, maxHeaderCount: 8, maxBodySize: 64)
    static let answerStatuses: Set<Int> = [400, 413, 414, 431, 501, 505]

    struct Outcome: Equatable {
        var requests: [HTTPRequest] = []
        var error: HTTPParseError?
    }

    static let methods = ["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE"]
    static let targets = ["/", "/v1/ws", "/healthz", "/metrics?x=1", "/static/app.js", "*", "/a%20b"]
    static let fields: [(String, String)] = [
        ("Host", "localhost:8080"), ("User-Agent", "fuzz/1.0"), ("Accept", "*/*"), ("Connection", "keep-alive"),
        ("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("X-Empty", ""), ("Cookie", "a=b; c=d"),
    ]

    static func makeRequest(_ generator: inout SeededGenerator) -> (text: String, target: String, body: Int) {
        let method = methods.randomElement(using: &generator) ?? "GET"
        let target = targets.randomElement(using: &generator) ?? "/"
        let version = Int.random(in: 0..<8, using: &generator) == 0 ? "HTTP/1.0" : "HTTP/1.1"
        var text = "\(method) \(target) \(version)\r\n"
        var selected: [(String, String)] = [("Host", "h")]
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            if let field = fields.randomElement(using: &generator), field.0 != "Host" { selected.append(field) }
        }
        let body = method == "POST" || method == "PUT" ? Int.random(in: 0...40, using: &generator) : 0
        if body > 0 { selected.append(("Content-Length", String(body))) }
        for (name, value) in selected.shuffled(using: &generator) { text += "\(name): \(value)\r\n" }
        text += "\r\n" + String(repeating: "b", count: body)
        return (text, target, body)
    }

    static func mutate(_ bytes: inout [UInt8], _ generator: inout SeededGenerator) {
        let interesting: [UInt8] = Array(" :\r\n\t\0\u{7F}0/.,-".utf8) + [0x80, 0xFF]
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] = interesting.randomElement(using: &generator) ?? 0
            case 1 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &generator)
            case 2: bytes.insert(interesting.randomElement(using: &generator) ?? 0, at: position)
            case 3 where !bytes.isEmpty: bytes.remove(at: position)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.append(contentsOf: Array("X-Pad: \(String(repeating: "p", count: Int.random(in: 0...120, using: &generator)))\r\n".utf8))
            }
        }
    }

    static func parse(_ bytes: [UInt8], cuts: [Int], violations: inout [String]) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var start = 0
        for end in cuts + [bytes.count] {
            let chunk = bytes[start..<end]
            start = end
            var failure: HTTPParseError?
            chunk.withUnsafeBytes { buffer in
                var index = 0
                var calls = 0
                do throws(HTTPParseError) {
                    while true {
                        calls += 1
                        // The shortest request ("A * HTTP/1.0\n\n") has 14 bytes.
                        if calls > buffer.count / 14 + 2 {
                            violations.append("parser made no progress at \(index) of \(buffer.count)")
                            return
                        }
                        let before = index
                        guard let request = try parser.nextRequest(from: buffer, index: &index) else {
                            if index != buffer.count { violations.append("nil before the end: \(index) of \(buffer.count)") }
                            return
                        }
                        if index <= before || index > buffer.count { violations.append("index moved from \(before) to \(index)") }
                        outcome.requests.append(request)
                    }
                } catch {
                    failure = error
                }
            }
            if let failure {
                outcome.error = failure
                return outcome
            }
        }
        return outcome
    }

    static func split(_ count: Int, _ generator: inout SeededGenerator) -> [Int] {
        guard count > 0, Int.random(in: 0..<4, using: &generator) != 0 else { return [] }
        return (0..<Int.random(in: 1...6, using: &generator)).map { _ in Int.random(in: 0...count, using: &generator) }.sorted()
    }

    @Test(arguments: seeds)
    func randomizedRequestsNeverCrashStallOrDependOnSplits(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var violations: [String] = []
        var errors = 0
        let corpus = (0..<128).map { _ in
            let pipeline = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Self.makeRequest(&generator) }
            return (pipeline, Array(pipeline.map(\.text).joined().utf8))
        }
        for iteration in 0..<Self.inputsPerSeed {
            let (pipeline, valid) = corpus[iteration % corpus.count]
            var bytes = valid
            let mode = Int.random(in: 0..<10, using: &generator)
            if mode == 9 {
                bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else if mode >= 3 {
                Self.mutate(&bytes, &generator)
            }
            let cuts = Self.split(bytes.count, &generator)
            let outcome = Self.parse(bytes, cuts: cuts, violations: &violations)
            if iteration % 4 == 0 {
                let whole = Self.parse(bytes, cuts: [], violations: &violations)
                if whole != outcome { violations.append("split \(cuts) changed the result for \(String(decoding: bytes.prefix(60), as: UTF8.self))") }
            }
            if let error = outcome.error {
                errors += 1
                if !Self.answerStatuses.contains(error.status.code) { violations.append("error status \(error.status.code)") }
            }
            for request in outcome.requests {
                if request.head.headers.count > Self.limits.maxHeaderCount { violations.append("header count limit not enforced") }
                if request.body.count > Self.limits.maxBodySize { violations.append("body limit not enforced") }
                if request.head.target.utf8.count > Self.limits.maxRequestLineLength { violations.append("request line limit not enforced") }
            }
            if mode < 3 {
                let expected = pipeline.map { ($0.target, $0.body) }
                let parsed = outcome.requests.map { ($0.head.target, $0.body.count) }
                if outcome.error != nil || !parsed.elementsEqual(expected, by: { $0 == $1 }) {
                    violations.append("valid pipeline misparsed: \(String(describing: outcome.error))")
                }
            }

            // The client-side parser sees every fourth input as a response stream.
            guard iteration % 4 == 1 else { continue }
            var responseParser = HTTPResponseParser(maxHeadSize: 320, maxHeaderCount: 8)
            var responseBytes = bytes
            if mode < 6 { responseBytes = Array("HTTP/1.1 101 Switching Protocols\r\n".utf8) + bytes.drop { $0 != 0x0A }.dropFirst() }
            do {
                if let (head, consumed) = try responseParser.parse(responseBytes) {
                    if consumed > responseBytes.count || head.headers.count > 8 { violations.append("response parser overran") }
                }
            } catch {}

            if violations.count > 5 { break }
        }
        #expect(violations.isEmpty, "seed \(seed): \(violations.prefix(5))")
        #expect(errors > Self.inputsPerSeed / 10, "mutations should trip the parser regularly")
    }
}
