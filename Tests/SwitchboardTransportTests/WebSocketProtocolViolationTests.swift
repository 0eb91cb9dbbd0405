import Testing
import SwitchboardTransport

/// Each rule of RFC 6455 a client can break, with the close code the server must answer with.
struct Violation: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let expected: UInt16
    var testDescription: String { name }
}

let violations: [Violation] = [
    Violation(name: "unmasked client frame", bytes: [0x81, 0x02, 0x68, 0x69], expected: 1002),
    Violation(name: "invalid UTF-8 in text", bytes: maskedFrame(firstByte: 0x81, payload: [0xCE, 0xBA, 0xFF, 0xFE]), expected: 1007),
    Violation(name: "reserved bit set", bytes: maskedFrame(firstByte: 0xC1, payload: Array("hi".utf8)), expected: 1002),
    Violation(name: "reserved opcode", bytes: maskedFrame(firstByte: 0x83, payload: []), expected: 1002),
    Violation(name: "control frame over 125 bytes", bytes: maskedFrame(firstByte: 0x89, payload: [UInt8](repeating: 1, count: 126)), expected: 1002),
    Violation(name: "fragmented control frame", bytes: maskedFrame(firstByte: 0x09, payload: []), expected: 1002),
    Violation(name: "continuation without a message", bytes: maskedFrame(firstByte: 0x80, payload: Array("x".utf8)), expected: 1002),
    Violation(name: "message over the size limit", bytes: maskedFrame(firstByte: 0x82, payload: [UInt8](repeating: 0, count: 2000)), expected: 1009),
]

@Suite struct WebSocketProtocolViolationTests {
    @Test(arguments: violations)
    func violationClosesWithTheExpectedCode(_ violation: Violation) async throws {
        let limits = WebSocketStateMachine.Configuration(maxMessageSize: 1024)
        let fixture = try await EchoFixture(configuration: HTTPServerConfiguration(port: 0, threads: 1, webSocket: limits))
        let connection = try await fixture.client.connect(fixture.url)
        await connection.sendRaw(violation.bytes)
        #expect(await closeCode(connection)?.rawValue == violation.expected, "\(violation.name)")
        await fixture.stop()
    }
}
