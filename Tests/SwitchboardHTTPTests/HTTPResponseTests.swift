import SwitchboardHTTP
import Testing

@Suite struct HTTPResponseTests {
    func text(_ response: HTTPResponse) -> String { String(decoding: response.bytes, as: UTF8.self) }

    @Test func serializesStatusFieldsLengthAndBody() {
        let response = HTTPResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: Array("hi".utf8))
        #expect(text(response) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi")
    }

    @Test func keepsAnExplicitContentLength() {
        let response = HTTPResponse(status: .ok, headers: [("content-length", "0")])
        #expect(text(response) == "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
    }

    @Test func statusesWithoutBodiesGetNoContentLength() {
        let upgrade = HTTPResponse(status: .switchingProtocols, headers: [("Upgrade", "websocket")])
        #expect(text(upgrade) == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
        #expect(!text(HTTPResponse(status: .noContent)).contains("Content-Length"))
    }

    @Test func lineBreaksInFieldsCannotInjectHeaders() {
        let response = HTTPResponse(status: .ok, headers: [("X-A", "1\r\nSet-Cookie: evil")])
        #expect(!text(response).contains("\r\nSet-Cookie"))
    }

    @Test func cannedErrorsCarryTheirStatusAndRequiredFields() {
        #expect(text(.badRequest()).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(text(.badRequest()).contains("\r\nConnection: close\r\n"))
        #expect(text(.notFound()).hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(!text(.notFound()).contains("Connection: close"))
        #expect(text(.methodNotAllowed(allowed: ["GET", "HEAD"])).contains("\r\nAllow: GET, HEAD\r\n"))
        #expect(text(.contentTooLarge()).hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(text(.upgradeRequired()).contains("\r\nSec-WebSocket-Version: 13\r\n"))
        #expect(text(.requestHeaderFieldsTooLarge()).hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        let body = HTTPResponse.notFound().body
        #expect(String(decoding: body, as: UTF8.self) == "404 Not Found\n")
        #expect(text(.notFound()).contains("Content-Length: \(body.count)\r\n"))
    }

    @Test func parseErrorsMapToTheirResponse() {
        var parser = HTTPRequestParser(limits: .init(maxRequestLineLength: 8))
        do {
            _ = try parser.requests(in: Array("GET /very/long HTTP/1.1\r\n".utf8))
            Issue.record("long request line accepted")
        } catch {
            let response = HTTPResponse.error(for: error)
            #expect(response.head.status.code == 414)
            #expect(response.head.headers["connection"] == "close")
        }
    }
}
