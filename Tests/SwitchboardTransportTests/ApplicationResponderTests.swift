import Foundation
import Synchronization
import SwitchboardHTTP
import SwitchboardTesting
import SwitchboardTransport
import Testing

/// The application hook of the HTTP server over real sockets: requests under `/v1/` reach the
/// responder, responses keep request order, streamed bodies arrive as produced, stop when the peer
/// leaves, and wait for a slow reader.
@Suite struct ApplicationResponderTests {
    @Test func responderAnswersUnderThePrefixWithTheRequestID() async throws {
        let fixture = try await ResponderFixture(TestResponder())
        let sane = try await offPool { try httpExchange(port: fixture.port, "GET /v1/echo HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\nConnection: close\r\n\r\n") }
        #expect(sane.status == 200)
        #expect(sane.text.contains("X-Request-Id: abc-123\r\n"))
        #expect(sane.text.hasSuffix("GET /v1/echo abc-123"))
        let insane = try await offPool { try httpExchange(port: fixture.port, "GET /v1/echo HTTP/1.1\r\nHost: x\r\nX-Request-Id: a b\r\nConnection: close\r\n\r\n") }
        let id = insane.text.split(separator: "\r\n").first { $0.hasPrefix("X-Request-Id: ") }?.dropFirst(14) ?? ""
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
        // Outside the prefix the server's own paths are unchanged.
        #expect(try await offPool { try httpExchange(port: fixture.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") }.status == 200)
        await fixture.stop()
    }

    @Test func pipelinedRequestsAreAnsweredInRequestOrder() async throws {
        let fixture = try await ResponderFixture(TestResponder())
        let text = try await offPool {
            nonisolated(unsafe) let socket = try RawClient(port: fixture.port)
            socket.send("GET /v1/slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                        + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return String(decoding: socket.readToEnd().bytes, as: UTF8.self)
        }
        let slow = text.range(of: "slow done")?.lowerBound
        let posted = text.range(of: "POST /v1/echo")?.lowerBound
        let health = text.range(of: "ok\n")?.lowerBound
        let last = text.range(of: "GET /v1/echo")?.lowerBound
        #expect(slow != nil && posted != nil && health != nil && last != nil)
        if let slow, let posted, let health, let last {
            #expect(slow < posted && posted < health && health < last)
        }
        #expect(text.contains("body=abc"))
        await fixture.stop()
    }

    @Test func streamedChunksArriveAsTheyAreProduced() async throws {
        let gate = AsyncStream<Void>.makeStream()
        let responder = TestResponder(stream: { writer in
            try await writer.write("first")
            for await _ in gate.stream { break }
            try await writer.write("second")
        })
        let fixture = try await ResponderFixture(responder)
        nonisolated(unsafe) let socket = try RawClient(port: fixture.port)
        socket.send("GET /v1/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        // The first chunk arrives while the producer still waits for the gate.
        let head = try await offPool { String(decoding: socket.read(untilContains: "first\r\n"), as: UTF8.self) }
        #expect(head.contains("Transfer-Encoding: chunked"))
        #expect(head.hasSuffix("5\r\nfirst\r\n"))
        gate.continuation.yield()
        let rest = try await offPool { String(decoding: socket.readToEnd().bytes, as: UTF8.self) }
        #expect(rest == "6\r\nsecond\r\n0\r\n\r\n")
        await fixture.stop()
    }

    /// A HEAD of a streamed response carries its head only (not even the last chunk): the next
    /// pipelined response must start right after it.
    @Test func headOfAStreamedResponseSendsNoBodyBytes() async throws {
        let responder = TestResponder(stream: { writer in try await writer.write("never for HEAD") })
        let fixture = try await ResponderFixture(responder)
        let text = try await offPool {
            nonisolated(unsafe) let socket = try RawClient(port: fixture.port)
            socket.send("HEAD /v1/stream HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return String(decoding: socket.readToEnd().bytes, as: UTF8.self)
        }
        let responses = text.components(separatedBy: "HTTP/1.1 ")
        #expect(responses.count == 3, "\(text)")
        if responses.count == 3 {
            #expect(responses[1].hasSuffix("\r\n\r\n"), "\(responses[1])")
            #expect(!text.contains("never for HEAD") && !text.contains("0\r\n\r\nHTTP"))
            #expect(responses[2].hasSuffix("GET /v1/echo " + (responses[2].split(separator: "\r\n").first { $0.hasPrefix("X-Request-Id: ") }?.dropFirst(14) ?? "")))
        }
        await fixture.stop()
    }

    @Test func aPeerThatGoesAwayEndsTheStreamsTask() async throws {
        let ended = AsyncStream<String>.makeStream()
        let responder = TestResponder(stream: { writer in
            do {
                while true {
                    try await writer.write("tick\n")
                    try await Task.sleep(for: .milliseconds(5))
                }
            } catch {
                ended.continuation.yield("\(error)")
                throw error
            }
        })
        let fixture = try await ResponderFixture(responder)
        nonisolated(unsafe) let socket = try RawClient(port: fixture.port)
        socket.send("GET /v1/stream HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await offPool { socket.read(untilContains: "tick") }
        socket.close()
        let reason = await first(of: ended.stream, within: .seconds(10))
        #expect(reason != nil)
        await fixture.stop()
    }

    @Test func aSlowReaderHoldsUpTheProducerInsteadOfGrowingTheQueue() async throws {
        let produced = Atomic<Int>(0)
        let chunk = [UInt8](repeating: 0x61, count: 16 << 10)
        let responder = TestResponder(stream: { writer in
            for _ in 0..<(16 << 20) / chunk.count {
                try await writer.write(chunk)
                produced.add(chunk.count, ordering: .relaxed)
            }
        })
        let fixture = try await ResponderFixture(responder, highWaterMark: 64 << 10)
        nonisolated(unsafe) let socket = try RawClient(port: fixture.port, receiveBufferSize: 16 << 10)
        socket.send("GET /v1/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        // The client reads nothing: production stalls once the kernel buffers and the high-water mark are full.
        var last = -1
        var stable = 0
        while stable < 5 {
            try await Task.sleep(for: .milliseconds(50))
            let now = produced.load(ordering: .relaxed)
            stable = now == last ? stable + 1 : 0
            last = now
        }
        #expect(last < 12 << 20, "produced \(last) bytes for a peer that reads nothing")
        #expect(fixture.server.queuedOutputBytes <= (64 << 10) + chunk.count + 64)
        // Once the client reads, the whole body arrives.
        let total = try await offPool { socket.readToEnd().bytes.count }
        #expect(total > 16 << 20)
        #expect(produced.load(ordering: .relaxed) == 16 << 20)
        await fixture.stop()
    }

    @Test func oversizedBodyIs413NamingTheLimit() async throws {
        let fixture = try await ResponderFixture(TestResponder())
        let request = "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"
        let (status, text) = try await offPool { try httpExchange(port: fixture.port, request) }
        #expect(status == 413)
        #expect(text.contains("exceeds the limit of 1048576"))
        await fixture.stop()
    }
}

/// Echoes the request (`/v1/echo`), answers late (`/v1/slow`), or streams (`/v1/stream`).
struct TestResponder: HTTPResponder {
    var stream: (@Sendable (HTTPBodyWriter) async throws -> Void)?

    init(stream: (@Sendable (HTTPBodyWriter) async throws -> Void)? = nil) {
        self.stream = stream
    }

    func respond(to request: HTTPApplicationRequest) async -> HTTPApplicationResponse {
        switch request.head.path {
        case "/v1/slow":
            try? await Task.sleep(for: .milliseconds(100))
            return HTTPApplicationResponse(status: .ok, body: .bytes(Array("slow done".utf8)))
        case "/v1/stream" where stream != nil:
            return HTTPApplicationResponse(status: .ok, headers: [("Content-Type", "text/plain")], body: .stream(stream!))
        default:
            var text = "\(request.head.method) \(request.head.path) \(request.requestID)"
            if !request.body.isEmpty { text += " body=" + String(decoding: request.body, as: UTF8.self) }
            return HTTPApplicationResponse(status: .ok, body: .bytes(Array(text.utf8)))
        }
    }
}

struct ResponderFixture {
    let server: HTTPServer
    var port: Int { server.port }

    init(_ responder: some HTTPResponder, highWaterMark: Int = 64 << 10) async throws {
        let configuration = HTTPServerConfiguration(port: 0, threads: 1, streamHighWaterMark: highWaterMark)
        server = try await HTTPServer.start(configuration: configuration, logger: testLogger(), responder: responder) { _ in EchoingHandler() }
    }

    func stop() async {
        await server.shutdown(timeout: .milliseconds(200))
    }
}

/// Runs blocking socket reads on a thread of their own, so they never hold a cooperative thread the
/// server's responders need.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// The first element of `stream`, or nil after `timeout`.
func first<T: Sendable>(of stream: AsyncStream<T>, within timeout: Duration) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await stream.first { _ in true } }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let value = await group.next() ?? nil
        group.cancelAll()
        return value
    }
}

extension RawClient {
    /// Reads until the bytes read contain `marker` (or end of stream, an error, the timeout).
    func read(untilContains marker: String) -> [UInt8] {
        var all: [UInt8] = []
        let needle = Array(marker.utf8)
        while true {
            let more = read(atLeast: 1)
            if more.isEmpty { return all }
            all += more
            if all.count >= needle.count, (0...(all.count - needle.count)).contains(where: { all[$0..<$0 + needle.count].elementsEqual(needle) }) {
                return all
            }
        }
    }
}
