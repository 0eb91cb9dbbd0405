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
