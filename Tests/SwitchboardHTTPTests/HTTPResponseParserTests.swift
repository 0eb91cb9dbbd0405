import SwitchboardHTTP
import Testing

@Suite struct HTTPResponseParserTests {
    let answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

    @Test func parsesA101AndStopsBeforeTheFirstFrame() throws {
        var parser = HTTPResponseParser()
        let bytes = Array(answer.utf8) + [0x81, 0x00]
        let (head, consumed) = try #require(try parser.parse(bytes))
        #expect(head.status.code == 101)
        #expect(head.status.reasonPhrase == "Switching Protocols")
        #expect(head.version == .http1_1)
        #expect(head.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(consumed == answer.utf8.count)
    }

    @Test func everySplitYieldsTheSameHead() throws {
        let bytes = Array(answer.utf8)
        var whole = HTTPResponseParser()
        let expected = try #require(try whole.parse(bytes)).head
        for cut in 0...bytes.count {
            var parser = HTTPResponseParser()
            let first = try parser.parse(Array(bytes[..<cut]))
            if cut < bytes.count {
                #expect(first == nil)
                #expect(try parser.parse(Array(bytes[cut...]))?.head == expected, "cut at \(cut)")
            } else {
                #expect(first?.head == expected)
            }
        }
    }

    @Test func acceptsAnEmptyReasonPhrase() throws {
        var parser = HTTPResponseParser()
        #expect(try parser.parse(Array("HTTP/1.1 200\r\n\r\n".utf8))?.head.status.code == 200)
    }

    @Test(arguments: ["HTTP/1.1 20 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n"])
    func malformedStatusLinesFail(text: String) {
        var parser = HTTPResponseParser()
        #expect(throws: HTTPParseError.self) { try parser.parse(Array(text.utf8)) }
    }

    @Test func anOversizedHeadFails() {
        var parser = HTTPResponseParser(maxHeadSize: 64)
        #expect(throws: HTTPParseError.self) {
            try parser.parse(Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "x", count: 100)).utf8))
        }
    }
}
