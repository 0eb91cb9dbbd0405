import Testing
@testable import SwitchboardMessages

@Suite struct JSONParserTests {
    @Test func parsesNestedDocument() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5e2, true, false, null], "b": {"c": "d"}} "#)
        #expect(value["a"] == .array([.number(1), .number(-250), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("d"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/\n\té😀"))
    }

    @Test(arguments: [
        ("", "empty document"),
        ("{", "expected a member name"),
        (#"{"a":1,}"#, "expected a member name"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}'"),
        ("[1,]", "unexpected character"),
        ("01", "unexpected data after the document"),
        ("1.", "invalid number"),
        ("-", "invalid number"),
        ("tru", "unexpected end of input"),
        (#""abc"#, "unterminated string"),
        ("\"a\u{01}b\"", "control character in string"),
        (#""\x""#, "invalid escape"),
        (#""\ud83d""#, "unpaired surrogate"),
        (#""\ude00""#, "unpaired surrogate"),
        (#"{"a":1,"a":2}"#, "duplicate member \"a\""),
        ("1e400", "number out of range"),
        ("{} {}", "unexpected data after the document"),
    ])
    func rejectsMalformedInput(input: String, reason: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(input) }
        do {
            _ = try JSONParser.parse(input)
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParser.Error(offset: 1, reason: "string is not valid UTF-8")) { try JSONParser.parse(bytes) }
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
        let shallow = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect((try? JSONParser.parse(shallow)) != nil)
    }

    @Test func boundsMembersPerContainerAndValuesPerDocument() throws {
        let limits = JSONParser.Limits(maxDepth: 8, maxContainerCount: 3, maxValues: 6)
        #expect(try JSONParser.parse("[1,2,3]", limits: limits) == .array([.number(1), .number(2), .number(3)]))
        #expect(throws: JSONParser.Error(offset: 7, reason: "more than 3 members or elements")) {
            try JSONParser.parse("[1,2,3,4]", limits: limits)
        }
        #expect(throws: JSONParser.Error(offset: 19, reason: "more than 3 members or elements")) {
            try JSONParser.parse(#"{"a":1,"b":2,"c":3,"d":4}"#, limits: limits)
        }
        // Six values: the outer array, two inner arrays and three numbers; one more is refused.
        #expect(throws: Never.self) { try JSONParser.parse("[[1,2],[3]]", limits: limits) }
        #expect(throws: JSONParser.Error(offset: 10, reason: "more than 6 values")) {
            try JSONParser.parse("[[1,2],[3,4]]", limits: limits)
        }
        #expect(throws: JSONParser.Error(offset: 2, reason: "nesting deeper than 2")) {
            try JSONParser.parse("[[[1]]]", limits: JSONParser.Limits(maxDepth: 2, maxContainerCount: 10, maxValues: 10))
        }
    }

    /// Past 16 members the parser looks keys up in a set: a duplicate is still found wherever it is.
    @Test(arguments: [0, 15, 16, 17, 40])
    func findsDuplicateKeysInLargeObjects(duplicateOf index: Int) {
        let keys = (0..<50).map { "\"k\($0)\":\($0)" } + ["\"k\(index)\":0"]
        do {
            _ = try JSONParser.parse("{" + keys.joined(separator: ",") + "}")
            Issue.record("duplicate k\(index) accepted")
        } catch {
            #expect(error.reason == "duplicate member \"k\(index)\"")
        }
    }

    @Test func writerRoundTripsThroughParser() throws {
        let original: JSONValue = .object([
            ("s", .string("quote\" backslash\\ newline\n ctl\u{01} é")),
            ("n", .number(42)),
            ("f", .number(0.25)),
            ("a", .array([.null, .bool(true), .object([])])),
        ])
        var writer = JSONWriter()
        writer.value(original)
        #expect(writer.string == #"{"s":"quote\" backslash\\ newline\n ctl\u0001 é","n":42,"f":0.25,"a":[null,true,{}]}"#)
        #expect(try JSONParser.parse(writer.bytes) == original)
    }
}
