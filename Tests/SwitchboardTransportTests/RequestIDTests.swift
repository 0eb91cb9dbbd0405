import SwitchboardTransport
import Testing

@Suite struct RequestIDTests {
    @Test(arguments: [
        ("abc-123", true), ("req_1.2~x:y/z+w=v@h", true), (String(repeating: "a", count: 64), true),
        ("", false), (String(repeating: "a", count: 65), false), ("a b", false), ("a\r\nX-Evil: 1", false), ("é", false), ("a;b", false),
    ])
    func saneClientIdsAreKeptOthersReplaced(header: String, kept: Bool) {
        #expect(RequestID.isSane(header) == kept)
        let id = RequestID.accept(header)
        if kept {
            #expect(id == header)
        } else {
            #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
        }
    }

    @Test func missingHeaderGetsAFreshIdEachTime() {
        #expect(RequestID.accept(nil) != RequestID.accept(nil))
    }
}
