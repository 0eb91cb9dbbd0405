import SwitchboardWebSocket
import Testing

@Suite struct WebSocketHandshakeTests {
    let key = "dGhlIHNhbXBsZSBub25jZQ=="

    func upgradeHeaders(replacing name: String? = nil, with value: String? = nil) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("Host", "server.example.com"),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", "13"),
        ]
        if let name {
            headers.removeAll { $0.name == name }
            if let value { headers.append((name, value)) }
        }
        return headers
    }

    func accept(method: String = "GET", major: Int = 1, minor: Int = 1,
                _ headers: [(name: String, value: String)]) -> Result<WebSocketHandshake.Accepted, WebSocketHandshakeError> {
        Result { () throws(WebSocketHandshakeError) in
            try WebSocketHandshake.acceptUpgrade(method: method, versionMajor: major, versionMinor: minor, headers: headers)
        }
    }

    @Test func computesTheRFCAcceptValue() {
        #expect(WebSocketHandshake.acceptValue(forKey: key) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptsAValidUpgradeAndAnswersWith101Headers() throws {
        let accepted = try accept(upgradeHeaders()).get()
        #expect(accepted.key == key)
        #expect(accepted.responseHeaders.map(\.name) == ["Upgrade", "Connection", "Sec-WebSocket-Accept"])
        #expect(accepted.responseHeaders.last?.value == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func matchesHeaderNamesAndTokensWithoutRegardToCase() throws {
        let headers: [(name: String, value: String)] = [
            ("host", "a"), ("UPGRADE", "WebSocket"), ("connection", "keep-alive, Upgrade"),
            ("SEC-WEBSOCKET-KEY", " \(key) "), ("sec-websocket-version", "13"),
            ("Sec-WebSocket-Protocol", "chat, superchat"),
        ]
        let accepted = try accept(headers).get()
        #expect(accepted.requestedProtocols == ["chat", "superchat"])
    }

    @Test func anotherMethodIsRefusedWith405AndAllow() {
        guard case .failure(let error) = accept(method: "POST", upgradeHeaders()) else {
            Issue.record("POST accepted")
            return
        }
        #expect(error.code == .methodNotGet)
        #expect(error.status == 405)
        #expect(error.responseHeaders.first?.name == "Allow")
    }

    @Test func http10IsRefusedWith400() {
        guard case .failure(let error) = accept(major: 1, minor: 0, upgradeHeaders()) else {
            Issue.record("HTTP/1.0 accepted")
            return
        }
        #expect(error.code == .unsupportedHTTPVersion)
        #expect(error.status == 400)
    }

    @Test(arguments: [
        ("Upgrade", nil, WebSocketHandshakeError.Code.missingUpgrade),
        ("Upgrade", "h2c", .missingUpgrade),
        ("Connection", nil, .missingConnectionUpgrade),
        ("Connection", "keep-alive", .missingConnectionUpgrade),
        ("Sec-WebSocket-Key", nil, .invalidKey),
        ("Sec-WebSocket-Key", "c2hvcnQ=", .invalidKey),                        // 5 bytes
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ", .invalidKey),          // unpadded
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25j!Q==", .invalidKey),        // not base64
    ] as [(String, String?, WebSocketHandshakeError.Code)])
    func malformedUpgradesAreRefusedWith400(name: String, value: String?, code: WebSocketHandshakeError.Code) {
        guard case .failure(let error) = accept(upgradeHeaders(replacing: name, with: value)) else {
            Issue.record("accepted with \(name): \(value ?? "(missing)")")
            return
        }
        #expect(error.code == code)
        #expect(error.status == 400)
    }

    @Test func aDuplicatedKeyIsRefused() {
        let headers = upgradeHeaders() + [("Sec-WebSocket-Key", key)]
        guard case .failure(let error) = accept(headers) else {
            Issue.record("two keys accepted")
            return
        }
        #expect(error.code == .invalidKey)
    }

    @Test(arguments: [nil, "8", "12", "13, 8"] as [String?])
    func anotherProtocolVersionGets426WithVersion13(version: String?) {
        guard case .failure(let error) = accept(upgradeHeaders(replacing: "Sec-WebSocket-Version", with: version)) else {
            Issue.record("version \(version ?? "(missing)") accepted")
            return
        }
        #expect(error.code == .unsupportedVersion)
        #expect(error.status == 426)
        #expect(error.responseHeaders.contains { $0.name == "Sec-WebSocket-Version" && $0.value == "13" })
    }

    @Test func buildsAClientRequestWithARandom16ByteKey() {
        let request = WebSocketHandshake.makeClientRequest(host: "127.0.0.1:8080", path: "/v1/ws")
        #expect(WebSocketHandshake.isValidKey(request.key))
        let other = WebSocketHandshake.makeClientRequest(host: "127.0.0.1:8080", path: "/v1/ws")
        #expect(request.key != other.key)
        let text = String(decoding: request.bytes, as: UTF8.self)
        #expect(text.hasPrefix("GET /v1/ws HTTP/1.1\r\n"))
        #expect(text.contains("\r\nHost: 127.0.0.1:8080\r\n"))
        #expect(text.contains("\r\nSec-WebSocket-Key: \(request.key)\r\n"))
        #expect(text.contains("\r\nSec-WebSocket-Version: 13\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(request.expectedAccept == WebSocketHandshake.acceptValue(forKey: request.key))
    }

    @Test func clientRequestFieldsCannotInjectLines() {
        let request = WebSocketHandshake.makeClientRequest(host: "a\r\nEvil: 1", path: "/", key: key)
        let text = String(decoding: request.bytes, as: UTF8.self)
        #expect(!text.contains("\r\nEvil"))
    }

    func validate(status: Int = 101, _ headers: [(name: String, value: String)], offered: [String] = []) -> WebSocketHandshakeError? {
        let request = WebSocketHandshake.makeClientRequest(host: "h", path: "/", key: key)
        do {
            try WebSocketHandshake.validateServerResponse(status: status, headers: headers, for: request, offeredProtocols: offered)
            return nil
        } catch {
            return error
        }
    }

    @Test func validatesTheServersAnswer() {
        let good: [(name: String, value: String)] = [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
        ]
        #expect(validate(good) == nil)
        #expect(validate(status: 200, good)?.code == .unexpectedStatus)
        #expect(validate([good[0], good[1], ("Sec-WebSocket-Accept", "wrong")])?.code == .invalidAccept)
        #expect(validate([good[0], good[1]])?.code == .invalidAccept)
        #expect(validate([good[1], good[2]])?.code == .missingUpgrade)
        #expect(validate([good[0], good[2]])?.code == .missingConnectionUpgrade)
        #expect(validate(good + [("Sec-WebSocket-Extensions", "permessage-deflate")])?.code == .unrequestedNegotiation)
        #expect(validate(good + [("Sec-WebSocket-Protocol", "chat")])?.code == .unrequestedNegotiation)
        #expect(validate(good + [("Sec-WebSocket-Protocol", "chat")], offered: ["chat"]) == nil)
    }
}
