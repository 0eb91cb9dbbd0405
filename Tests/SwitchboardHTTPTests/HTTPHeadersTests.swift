import SwitchboardHTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesWithoutRegardToCaseKeepingOrder() {
        let headers: HTTPHeaders = [("Accept", "a"), ("X-Multi", "1"), ("x-multi", "2")]
        #expect(headers["ACCEPT"] == "a")
        #expect(headers["missing"] == nil)
        #expect(headers.values(forName: "X-MULTI") == ["1", "2"])
        #expect(headers.contains(name: "x-Multi"))
        #expect(headers.count == 3)
    }

    @Test func findsCommaSeparatedTokensAcrossFields() {
        let headers: HTTPHeaders = [("Connection", "keep-alive ,  Upgrade"), ("connection", "TE")]
        #expect(headers.containsToken("upgrade", inField: "connection"))
        #expect(headers.containsToken("te", inField: "CONNECTION"))
        #expect(!headers.containsToken("close", inField: "connection"))
        #expect(!headers.containsToken("keep", inField: "connection"))
    }

    @Test func replacesAndRemovesEveryMatchingField() {
        var headers: HTTPHeaders = [("A", "1"), ("b", "2"), ("a", "3")]
        headers.replaceOrAdd(name: "a", value: "9")
        #expect(headers == [("A", "9"), ("b", "2")])
        headers.replaceOrAdd(name: "C", value: "4")
        #expect(headers.values(forName: "c") == ["4"])
        headers.remove(name: "B")
        #expect(headers == [("A", "9"), ("C", "4")])
    }
}
