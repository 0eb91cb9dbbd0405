import SwitchboardHTTP
import Testing

@Suite struct HTTPRequestHeadPathTests {
    func components(_ target: String) -> [String]? {
        HTTPRequestHead(method: "GET", target: target).safePathComponents
    }

    @Test func decodesSegmentsAndDropsTheQuery() {
        #expect(components("/static/app.js?v=3") == ["static", "app.js"])
        #expect(components("/a%20b/%C3%A9t%C3%A9") == ["a b", "été"])
        #expect(components("/") == [])
        #expect(components("//a/./b/") == ["a", "b"])
    }

    @Test(arguments: ["/../etc/passwd", "/a/%2e%2e/b", "/a%2fb", "/a%5cb", "/a%00b", "/a%zz", "/a%4", "/%FF",
                      "*", "http://example.com/", "relative"])
    func refusesTargetsThatCouldEscapeOrAreMalformed(target: String) {
        #expect(components(target) == nil)
    }
}
