#if canImport(Glibc)
import Glibc
#endif
import SwitchboardWebSocket
import Testing

/// Seeded randomized testing of the receive path (frame parser → message assembler → state
/// machine): valid streams, mutated streams and random bytes, fed in random splits. Checks that
/// nothing crashes or stalls and that the results do not depend on how the input was split.
/// Together with `HTTPParserFuzzTests` this feeds over 1,000,000 inputs; each seed replays exactly.
@Suite struct FrameParserFuzzTests {
    static let seeds: [UInt64] = Array(1...8)
    static let inputsPerSeed = 75_000
    static let maxFrameSize = 1024
    static let maxMessageSize = 2048

    struct Outcome {
        var frames: [WebSocketFrame] = []
        var error: WebSocketProtocolError?
        var consumed = 0

        /// Equality through memcmp: the synthesized one compares payloads byte by byte through
        /// generic witnesses, which dominates a debug build.
        func matches(_ other: Outcome) -> Bool {
            error == other.error && consumed == other.consumed && sameFrames(frames, other.frames)
        }
    }

    static func sameBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.count == rhs.count && lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return left.count == right.count }
                return memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }

    static func sameFrames(_ lhs: [WebSocketFrame], _ rhs: [WebSocketFrame]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in lhs.indices {
            let a = lhs[index], b = rhs[index]
            guard a.fin == b.fin, a.reservedBits == b.reservedBits, a.opcode == b.opcode, a.maskingKey == b.maskingKey,
                  sameBytes(a.payload, b.payload) else { return false }
        }
        return true
    }

    static func sameMessages(_ lhs: [WebSocketMessage], _ rhs: [WebSocketMessage]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.kind == $1.kind && sameBytes($0.payload, $1.payload) }
    }

    /// A random valid stream plus the frames and messages it encodes.
    struct Stream {
        var bytes: [UInt8] = []
        var frames: [WebSocketFrame] = []
        var messages: [WebSocketMessage] = []
    }

    static func randomPayload(_ generator: inout SeededGenerator, text: Bool, maxLength: Int) -> [UInt8] {
        let length: Int
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<60: length = Int.random(in: 0...min(12, maxLength), using: &generator)
        case 60..<90: length = Int.random(in: 0...min(130, maxLength), using: &generator)
        default: length = Int.random(in: 0...maxLength, using: &generator)
        }
        if text {
            let alphabet = ["a", "Z", " ", "é", "€", "𝄞", "κ"]
            var bytes: [UInt8] = []
            while bytes.count < length {
                bytes += Array((alphabet.randomElement(using: &generator) ?? "a").utf8)
            }
            return bytes
        }
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func makeStream(_ generator: inout SeededGenerator, role: WebSocketRole) -> Stream {
        var stream = Stream()
        func add(_ frame: WebSocketFrame) {
            var frame = frame
            if role == .server { frame.maskingKey = .random(using: &generator) }
            FrameEncoder.encode(frame, into: &stream.bytes)
            stream.frames.append(frame)
        }
        func control(_ generator: inout SeededGenerator) -> WebSocketFrame {
            let opcode: WebSocketOpcode = Bool.random(using: &generator) ? .ping : .pong
            return WebSocketFrame(opcode: opcode, payload: randomPayload(&generator, text: false, maxLength: 125))
        }
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let text = Bool.random(using: &generator)
            let kind: WebSocketMessage.Kind = text ? .text : .binary
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<5:
                let payload = randomPayload(&generator, text: text, maxLength: 1100)
                add(WebSocketFrame(opcode: text ? .text : .binary, payload: payload))
                stream.messages.append(WebSocketMessage(kind: kind, payload: payload))
            case 5..<8:
                // Fragmented, split mid-character for text, with control frames in between.
                let whole = randomPayload(&generator, text: text, maxLength: 900)
                let cuts = (0..<Int.random(in: 1...3, using: &generator))
                    .map { _ in Int.random(in: 0...whole.count, using: &generator) }.sorted()
                var start = 0
                for (position, end) in (cuts + [whole.count]).enumerated() {
                    let opcode: WebSocketOpcode = position == 0 ? (text ? .text : .binary) : .continuation
                    add(WebSocketFrame(fin: position == cuts.count, opcode: opcode, payload: Array(whole[start..<end])))
                    start = end
                    if Int.random(in: 0..<3, using: &generator) == 0 { add(control(&generator)) }
                }
                stream.messages.append(WebSocketMessage(kind: kind, payload: whole))
            default:
                add(control(&generator))
            }
        }
        return stream
    }

    static func mutate(_ bytes: inout [UInt8], _ generator: inout SeededGenerator) {
        let interesting: [UInt8] = [0x00, 0x01, 0x08, 0x0F, 0x70, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x88, 0x89, 0xC0, 0xED, 0xF4, 0xFF]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &generator)
            case 1 where !bytes.isEmpty: bytes[position] = interesting.randomElement(using: &generator) ?? 0
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 3 where !bytes.isEmpty: bytes.remove(at: position)
            case 4: bytes.removeLast(Int.random(in: 0...min(bytes.count, 8), using: &generator))
            case 5 where !bytes.isEmpty:
                let end = Int.random(in: position...bytes.count, using: &generator)
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &generator))
            default: bytes.append(contentsOf: (0..<Int.random(in: 1...16, using: &generator)).map { _ in interesting.randomElement(using: &generator) ?? 0 })
            }
        }
    }

    static func randomSplit(_ count: Int, _ generator: inout SeededGenerator) -> [Int] {
        guard count > 0 else { return [] }
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return []
        case 1: return [Int.random(in: 0...count, using: &generator)]
        default:
            return (0..<Int.random(in: 1...8, using: &generator)).map { _ in Int.random(in: 0...count, using: &generator) }.sorted()
        }
    }

    /// Parses `bytes` in the given chunks, checking the per-call invariants; nil result entries
    /// never occur before the chunk is used up.
    static func parse(_ bytes: [UInt8], cuts: [Int], role: WebSocketRole, violations: inout [String]) -> Outcome {
        var parser = FrameParser(role: role, configuration: .init(maxFrameSize: maxFrameSize))
        var outcome = Outcome()
        var start = 0
        for end in cuts + [bytes.count] {
            let chunk = bytes[start..<end]
            start = end
            var failure: WebSocketProtocolError?
            chunk.withUnsafeBytes { buffer in
                var index = 0
                var calls = 0
                do throws(WebSocketProtocolError) {
                    while true {
                        calls += 1
                        // A frame needs at least two bytes, so more calls than that means no progress.
                        if calls > buffer.count / 2 + 2 {
                            violations.append("parser made no progress at index \(index) of \(buffer.count)")
                            return
                        }
                        let before = index
                        guard let frame = try parser.nextFrame(from: buffer, index: &index) else {
                            if index != buffer.count { violations.append("nil before the end of the input: \(index) of \(buffer.count)") }
                            outcome.consumed += index
                            return
                        }
                        if index <= before || index > buffer.count { violations.append("index moved from \(before) to \(index)") }
                        outcome.frames.append(frame)
                    }
                } catch {
                    failure = error
                }
            }
            if let failure {
                // Bytes consumed before an error depend on the split; only the frames and error must not.
                outcome.error = failure
                outcome.consumed = -1
                return outcome
            }
        }
        return outcome
    }

    static func checkFrames(_ outcome: Outcome, role: WebSocketRole, violations: inout [String]) {
        var minimalBytes = 0
        for frame in outcome.frames {
            if frame.opcode.isControl && (frame.payload.count > 125 || !frame.fin) { violations.append("bad control frame passed") }
            if frame.payload.count > maxFrameSize { violations.append("frame over the size limit passed") }
            if (role == .server) != (frame.maskingKey != nil) { violations.append("masking rule not enforced") }
            if frame.reservedBits != 0 { violations.append("reserved bits passed") }
            minimalBytes += frame.encodedSize
        }
        if outcome.error == nil && minimalBytes > outcome.consumed {
            violations.append("frames need \(minimalBytes) bytes but only \(outcome.consumed) were consumed")
        }
    }

    /// Runs a parse outcome through the state machine (frames, then the parse error if any),
    /// checking message invariants. Returns the delivered messages and every action in order.
    static func connect(_ outcome: Outcome, role: WebSocketRole, violations: inout [String])
        -> (messages: [WebSocketMessage], actions: [WebSocketStateMachine.Action]) {
        let now = ContinuousClock.now
        var machine = WebSocketStateMachine(role: role, configuration: .init(maxMessageSize: maxMessageSize), now: now)
        var messages: [WebSocketMessage] = []
        var actions: [WebSocketStateMachine.Action] = []
        for frame in outcome.frames {
            let wasClosed = machine.isClosed
            let action = machine.receive(frame, now: now)
            if wasClosed && action != .ignore { violations.append("closed machine acted: \(action)") }
            switch action {
            case .deliver(let message):
                if message.payload.count > maxMessageSize { violations.append("message over the limit delivered") }
                if message.kind == .text && !UTF8Validator.isValid(message.payload) {
                    violations.append("invalid UTF-8 delivered")   // the validator itself is checked against the stdlib elsewhere
                }
                messages.append(message)
            case .sendPong(let payload):
                if frame.opcode != .ping || !sameBytes(payload, frame.payload) { violations.append("pong does not echo the ping") }
            case .sendClose(let code, _, _):
                if let code, !code.isValidInCloseFrame { violations.append("sent close code \(code)") }
            case .ignore, .closeConnection, .sendPing:
                break
            }
            actions.append(action)
        }
        if let error = outcome.error { actions.append(machine.receive(error)) }
        return (messages, actions)
    }

    /// Action lists compared with memcmp on payloads (see `Outcome.matches`).
    static func sameActions(_ lhs: [WebSocketStateMachine.Action], _ rhs: [WebSocketStateMachine.Action]) -> Bool {
        // Trailing no-ops differ legitimately: a parser that fails early yields fewer frames to ignore.
        func trimmed(_ actions: [WebSocketStateMachine.Action]) -> ArraySlice<WebSocketStateMachine.Action> {
            var slice = actions[...]
            while slice.last == .ignore { slice = slice.dropLast() }
            return slice
        }
        let left = trimmed(lhs), right = trimmed(rhs)
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) {
            switch (a, b) {
            case (.deliver(let x), .deliver(let y)):
                if x.kind != y.kind || !sameBytes(x.payload, y.payload) { return false }
            case (.sendPong(let x), .sendPong(let y)), (.sendPing(let x), .sendPing(let y)):
                if !sameBytes(x, y) { return false }
            case (.sendClose(let x, _, let xClose), .sendClose(let y, _, let yClose)):
                // The reason names the rule, which may be caught by the parser or the assembler.
                if x != y || xClose != yClose { return false }
            default:
                if a != b { return false }
            }
        }
        return true
    }

    @Test(arguments: seeds)
    func randomizedFrameStreamsNeverCrashStallOrDependOnSplits(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var violations: [String] = []
        var errorsSeen = 0
        // Valid streams are built once per seed; each input is one of them, mutated or not, in a new split.
        let corpus = (0..<256).map { index in
            let role: WebSocketRole = index % 3 == 0 ? .client : .server
            return (role, Self.makeStream(&generator, role: role))
        }
        for iteration in 0..<Self.inputsPerSeed {
            let (role, stream) = corpus[iteration % corpus.count]
            var bytes = stream.bytes
            let mode = Int.random(in: 0..<10, using: &generator)
            let mutated = mode >= 4
            if mode == 9 {
                bytes = (0..<Int.random(in: 0...48, using: &generator)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else if mutated {
                Self.mutate(&bytes, &generator)
            }
            let cuts = Self.randomSplit(bytes.count, &generator)
            let split = Self.parse(bytes, cuts: cuts, role: role, violations: &violations)
            let (messages, actions) = Self.connect(split, role: role, violations: &violations)
            if iteration % 4 == 0 {
                // Parser results may differ only where text fails fast while a frame is still
                // arriving; what the connection does must not differ at all.
                let whole = Self.parse(bytes, cuts: [], role: role, violations: &violations)
                let textFailure = split.error?.code == .invalidUTF8 || whole.error?.code == .invalidUTF8
                if !textFailure && !split.matches(whole) {
                    violations.append("split \(cuts) changed the parse for \(bytes.prefix(32))")
                }
                if !Self.sameActions(actions, Self.connect(whole, role: role, violations: &violations).actions) {
                    violations.append("split \(cuts) changed the actions for \(bytes.prefix(32))")
                }
            }
            Self.checkFrames(split, role: role, violations: &violations)
            if split.error != nil { errorsSeen += 1 }

            if !mutated {
                let fitsLimits = stream.frames.allSatisfy { $0.payload.count <= Self.maxFrameSize }
                    && stream.messages.allSatisfy { $0.payload.count <= Self.maxMessageSize }
                if fitsLimits {
                    if split.error != nil || !Self.sameFrames(split.frames, stream.frames) || split.consumed != bytes.count {
                        violations.append("valid stream misparsed: \(String(describing: split.error))")
                    }
                    if !Self.sameMessages(messages, stream.messages) { violations.append("valid stream assembled into other messages") }
                } else if split.error == nil && Self.sameMessages(messages, stream.messages) {
                    violations.append("limits not enforced")
                }
            }
            if violations.count > 5 { break }
        }
        #expect(violations.isEmpty, "seed \(seed): \(violations.prefix(5))")
        #expect(errorsSeen > Self.inputsPerSeed / 10, "mutations should trip the parser regularly")
    }
}
