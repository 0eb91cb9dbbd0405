import Testing
@testable import SwitchboardMessages

/// Every string, map and the attributes of a client message have a bound (``MessageLimits``); a message
/// over one is `bad_request` naming the field, and no error quotes an oversized value back.
@Suite struct MessageLimitsTests {
    func decodeError(_ text: String) -> ProtocolError? {
        do {
            _ = try MessageDecoder.decode(text)
            return nil
        } catch {
            return error
        }
    }

    static func enqueue(attributes: String) -> String {
        #"{"type":"enqueue","interaction":{"channel":"chat","queue":"q","attributes":\#(attributes)}}"#
    }

    static func enqueue(with member: String) -> String {
        #"{"type":"enqueue","interaction":{"channel":"chat","queue":"q",\#(member)}}"#
    }

    static let id129 = String(repeating: "i", count: 129)
    static let text513 = String(repeating: "t", count: 513)
    /// An object of `count` distinct keys, each mapping to `value`.
    static func object(keys count: Int, value: String = "1") -> String {
        "{" + (0..<count).map { #""k\#($0)":\#(value)"# }.joined(separator: ",") + "}"
    }
    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    @Test(arguments: [
        (#"{"type":"hello","token":"\#(String(repeating: "t", count: 8_193))"}"#, "field token: longer than 8192 bytes"),
        (#"{"type":"accept","interactionId":"\#(id129)"}"#, "field interactionId: longer than 128 bytes"),
        (#"{"type":"accept","interactionId":"c","reason":"\#(text513)"}"#, "field reason: longer than 512 bytes"),
        (#"{"type":"complete","interactionId":"c","disposition":"\#(text513)"}"#, "field disposition: longer than 512 bytes"),
        (#"{"type":"state","state":"not_ready","reason":"\#(id129)"}"#, "field reason: longer than 128 bytes"),
        (#"{"type":"transfer","interactionId":"c","queue":"\#(id129)"}"#, "field queue: longer than 128 bytes"),
        (enqueue(with: #""customerId":"\#(id129)""#), "field interaction.customerId: longer than 128 bytes"),
        (enqueue(with: #""tier":"\#(id129)""#), "field interaction.tier: longer than 128 bytes"),
        (enqueue(with: #""preferredAgent":"\#(id129)""#), "field interaction.preferredAgent: longer than 128 bytes"),
        (enqueue(with: #""skills":{"\#(id129)":3}"#), "field interaction.skills: a key is longer than 128 bytes"),
        (enqueue(with: #""skills":\#(object(keys: 65, value: "3"))"#), "field interaction.skills: more than 64 entries"),
        (#"{"type":"subscribe","topics":["\#(id129)"]}"#, "field topics[0]: longer than 128 bytes"),
        (#"{"type":"set_agent","agentId":"\#(id129)","state":"available"}"#, "field agentId: longer than 128 bytes"),
        (#"{"type":"set_agent","agentId":"a","capacity":{"\#(id129)":1}}"#, "field capacity: a key is longer than 128 bytes"),
        (#"{"type":"reload","ref":"\#(id129)"}"#, "field ref: longer than 128 bytes"),
        (#"{"type":"customer","customerId":"\#(id129)"}"#, "field customerId: longer than 128 bytes"),
        (#"{"type":"customer","customerId":"C-17","before":"\#(String(repeating: "c", count: 257))"}"#, "field before: longer than 256 bytes"),
        (#"{"type":"ack_alert","id":"\#(id129)"}"#, "field id: longer than 128 bytes"),
        (#"{"type":"ack_alert","id":"a-1","note":"\#(String(repeating: "n", count: 1_025))"}"#, "field note: longer than 1024 bytes"),
        (enqueue(attributes: object(keys: 65)), "field interaction.attributes: more than 64 keys"),
        (enqueue(attributes: #"{"\#(id129)":1}"#), "field interaction.attributes: a key is longer than 128 bytes"),
        (enqueue(attributes: #"{"k":"\#(String(repeating: "s", count: 4097))"}"#), "field interaction.attributes.k: a string is longer than 4096 bytes"),
        (enqueue(attributes: #"{"k":[{"x":"\#(String(repeating: "s", count: 4097))"}]}"#), "field interaction.attributes.k: a string is longer than 4096 bytes"),
        (enqueue(attributes: #"{"k":{"\#(String(repeating: "s", count: 4097))":1}}"#), "field interaction.attributes.k: a key is longer than 4096 bytes"),
        (enqueue(attributes: #"{"k":\#(nested(9))}"#), "field interaction.attributes.k: nested deeper than 8 levels"),
        (enqueue(attributes: #"{"k":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{}}}}}}}}}}"#), "field interaction.attributes.k: nested deeper than 8 levels"),
        // Five strings of 4,000 bytes: each within bounds, together over 16 KiB.
        (enqueue(attributes: object(keys: 5, value: #""\#(String(repeating: "s", count: 4_000))""#)), "field interaction.attributes: longer than 16384 bytes as JSON"),
        // 3,000 raw bytes that the server writes as 18,000 (`\u0001` each): the encoded size counts.
        (enqueue(attributes: #"{"k":"\#(String(repeating: #"\u0001"#, count: 3_000))"}"#), "field interaction.attributes: longer than 16384 bytes as JSON"),
    ])
    func refusesWhatIsOverABound(input: String, message: String) {
        let error = decodeError(input)
        #expect(error?.code == .badRequest)
        #expect(error?.message == message)
    }

    @Test(arguments: [
        #"{"type":"reload","ref":"\#(String(repeating: "r", count: 128))"}"#,
        #"{"type":"accept","interactionId":"\#(String(repeating: "i", count: 128))","reason":"\#(String(repeating: "t", count: 512))"}"#,
        enqueue(attributes: object(keys: 64)),
        enqueue(attributes: #"{"\#(String(repeating: "k", count: 128))":"\#(String(repeating: "s", count: 4_096))"}"#),
        enqueue(attributes: #"{"k":\#(nested(8))}"#),
        enqueue(attributes: object(keys: 4, value: #""\#(String(repeating: "s", count: 4_000))""#)),
        #"{"type":"customer","customerId":"\#(String(repeating: "c", count: 128))","limit":200,"before":"\#(String(repeating: "c", count: 256))"}"#,
        #"{"type":"customer","customerId":"C-17","limit":1}"#,
        #"{"type":"ack_alert","id":"\#(String(repeating: "a", count: 128))","note":"\#(String(repeating: "n", count: 1_024))"}"#,
    ])
    func acceptsWhatIsAtABound(input: String) {
        #expect(decodeError(input) == nil)
    }

    @Test func anOversizedRefIsNotEchoed() {
        let error = decodeError(#"{"type":"hello","token":"t","ref":"\#(String(repeating: "r", count: 60_000))"}"#)
        #expect(error?.message == "field ref: longer than 128 bytes")
        #expect(error?.ref == nil)
    }

    /// A `Character` may be thousands of scalars: a value quoted in an error is cut by scalars.
    @Test(arguments: [
        #"{"type":"\#("a" + String(repeating: "\u{301}", count: 2_000))"}"#,
        #"{"type":"state","state":"\#("a" + String(repeating: "\u{301}", count: 2_000))"}"#,
        enqueue(with: #""priority":"\#("a" + String(repeating: "\u{301}", count: 2_000))""#),
    ])
    func errorsQuoteAtMostAShortExcerpt(input: String) {
        let error = decodeError(input)
        #expect(error?.code == .badRequest)
        #expect((error?.message.utf8.count ?? .max) < 400)
    }

    @Test(arguments: [
        (#"{"type":"reload","x":\#(nested(17))}"#, "nesting deeper than 16"),
        (#"{"type":"reload","x":[\#(Array(repeating: "0", count: 1_025).joined(separator: ","))]}"#, "more than 1024 members or elements"),
        (#"{"type":"reload","x":\#(object(keys: 1_025))}"#, "more than 1024 members or elements"),
        (#"{"type":"reload","x":[\#(Array(repeating: "[" + Array(repeating: "0", count: 1_000).joined(separator: ",") + "]", count: 11).joined(separator: ","))]}"#,
         "more than 10000 values"),
    ])
    func theJSONOfAMessageIsBoundedWhileParsing(input: String, reason: String) {
        let error = decodeError(input)
        #expect(error?.code == .badRequest)
        #expect(error?.message.hasSuffix(reason) == true, "\(error?.message ?? "accepted")")
    }
}
