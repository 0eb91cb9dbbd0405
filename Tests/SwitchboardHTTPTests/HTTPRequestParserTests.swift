import SwitchboardHTTP
import Testing

@Suite struct HTTPRequestParserTests {
    let upgrade = "GET /v1/ws?agent=7 HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    @Test func parsesARequestHead() throws {
        let (requests, error) = parseRequests(upgrade)
        #expect(error == nil)
        let head = try #require(requests.first?.head)
        #expect(head.method == "GET")
        #expect(head.target == "/v1/ws?agent=7")
        #expect(head.path == "/v1/ws")
        #expect(head.query == "agent=7")
        #expect(head.version == .http1_1)
        #expect(head.headers.map(\.name) == ["Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"])
        #expect(head.headers["sec-websocket-version"] == "13")
        #expect(head.isWebSocketUpgrade)
        #expect(requests.first?.body == [])
    }

    @Test func everySplitYieldsTheSameRequest() {
        let whole = parseRequests(upgrade).requests
        for cut in 0...upgrade.utf8.count {
            let split = parseRequests(upgrade, cuts: [cut])
            #expect(split.error == nil)
            #expect(split.requests == whole, "cut at \(cut)")
        }
        let byteByByte = parseRequests(upgrade, cuts: Array(0...upgrade.utf8.count))
        #expect(byteByByte.requests == whole)
    }

    @Test func stopsRightAfterTheHeadSoFramesCanFollowAnUpgrade() throws {
        let bytes = Array(upgrade.utf8) + [0x81, 0x80, 1, 2, 3, 4]
        var parser = HTTPRequestParser()
        try bytes.withUnsafeBytes { buffer in
            var index = 0
            let request = try parser.nextRequest(from: buffer, index: &index)
            #expect(request != nil)
            #expect(index == upgrade.utf8.count)
        }
    }

    @Test func parsesPipelinedRequestsOneByOne() {
        let text = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\nHost: h\r\n\r\n"
        let (requests, error) = parseRequests(text)
        #expect(error == nil)
        #expect(requests.map(\.head.target) == ["/a", "/b", "/c"])
        #expect(requests[1].body == Array("hello".utf8))
        for cut in 0...text.utf8.count {
            #expect(parseRequests(text, cuts: [cut]).requests == requests, "cut at \(cut)")
        }
    }

    @Test func acceptsBareLFLineEndingsAndLeadingEmptyLines() {
        let (requests, error) = parseRequests("\r\n\nGET / HTTP/1.1\nHost: h\nX-A:  spaced value \t\n\n")
        #expect(error == nil)
        #expect(requests.first?.head.headers["x-a"] == "spaced value")
    }

    @Test func http10NeedsNoHost() {
        let (requests, error) = parseRequests("GET / HTTP/1.0\r\n\r\n")
        #expect(error == nil)
        #expect(requests.first?.head.version == .http1_0)
    }

    // MARK: Limits

    @Test func aLongRequestLineFailsWith414BeforeItEnds() {
        let limits = HTTPRequestParser.Limits(maxRequestLineLength: 64)
        let (_, error) = parseRequests("GET /" + String(repeating: "a", count: 100), limits: limits)
        #expect(error?.code == .requestLineTooLong)
        #expect(error?.status.code == 414)
        #expect(error?.detail.contains("64") == true)
    }

    @Test func aLargeHeadFailsWith431BeforeItEnds() {
        let limits = HTTPRequestParser.Limits(maxHeadSize: 100)
        let (_, error) = parseRequests("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 200), limits: limits)
        #expect(error?.code == .headTooLarge)
        #expect(error?.status.code == 431)
    }

    @Test func endlessEmptyLinesHitTheHeadLimit() {
        let limits = HTTPRequestParser.Limits(maxHeadSize: 100)
        let (_, error) = parseRequests(String(repeating: "\r\n", count: 100), limits: limits)
        #expect(error?.status.code == 431)
    }

    @Test func tooManyFieldsFailWith431() {
        let limits = HTTPRequestParser.Limits(maxHeaderCount: 3)
        let fields = (0..<4).map { "X-\($0): v\r\n" }.joined()
        let (_, error) = parseRequests("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n", limits: limits)
        #expect(error?.code == .tooManyHeaders)
        #expect(error?.status.code == 431)
    }

    @Test func aBodyOverTheLimitFailsWith413FromTheHead() {
        let limits = HTTPRequestParser.Limits(maxBodySize: 10)
        let (_, error) = parseRequests("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits)
        #expect(error?.code == .bodyTooLarge)
        #expect(error?.status.code == 413)
    }

    // MARK: Malformed input

    @Test(arguments: [
        "GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 \r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
        " GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1\r\n\r\n", "GET / HTTX/1.1\r\n\r\n", "GET /a\u{7F} HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nNo colon here\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nBad Name: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nName : v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
    ])
    func malformedRequestsFailWith400(text: String) {
        let (requests, error) = parseRequests(text)
        #expect(requests.isEmpty)
        #expect(error?.status.code == 400, "\(error?.description ?? "no error")")
    }

    @Test func repeatedEqualContentLengthsAreAccepted() {
        let (requests, error) = parseRequests("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok")
        #expect(error == nil)
        #expect(requests.first?.body == Array("ok".utf8))
    }

    @Test func chunkedRequestBodiesAreRefusedWith501() {
        let (_, error) = parseRequests("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(error?.code == .unsupportedTransferEncoding)
        #expect(error?.status.code == 501)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0"])
    func otherMajorVersionsFailWith505(version: String) {
        let (_, error) = parseRequests("GET / \(version)\r\nHost: h\r\n\r\n")
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.status.code == 505)
    }

    @Test func aFailedParserStaysFailed() {
        var parser = HTTPRequestParser()
        #expect(throws: HTTPParseError.self) { try parser.requests(in: Array("BAD\r\n\r\n".utf8)) }
        #expect(throws: HTTPParseError.self) { try parser.requests(in: Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)) }
    }

    @Test func reportsWhetherAPartialRequestIsBuffered() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isAtRequestBoundary)
        _ = try parser.requests(in: Array("GET / HT".utf8))
        #expect(!parser.isAtRequestBoundary)
        _ = try parser.requests(in: Array("TP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(parser.isAtRequestBoundary)
    }

    // MARK: Keep-alive

    @Test(arguments: [
        ("HTTP/1.1", nil, true), ("HTTP/1.1", "close", false), ("HTTP/1.1", "Keep-Alive, CLOSE", false),
        ("HTTP/1.1", "upgrade", true), ("HTTP/1.0", nil, false), ("HTTP/1.0", "keep-alive", true),
        ("HTTP/1.0", "close", false),
    ] as [(String, String?, Bool)])
    func keepAliveFollowsVersionAndConnection(version: String, connection: String?, keepAlive: Bool) throws {
        let field = connection.map { "Connection: \($0)\r\n" } ?? ""
        let (requests, error) = parseRequests("GET / \(version)\r\nHost: h\r\n\(field)\r\n")
        #expect(error == nil)
        #expect(try #require(requests.first).head.keepAlive == keepAlive)
    }
}
