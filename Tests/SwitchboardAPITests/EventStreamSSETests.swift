import Foundation
import SwitchboardServer
import SwitchboardStore
import SwitchboardTesting
import Testing

/// `GET /v1/events`: the event stream as Server-Sent Events over the real HTTP transport.
@Suite(.serialized)
struct EventStreamSSETests {
    /// An open SSE response read on a thread of its own until it holds the event with `id` `last`.
    /// `@unchecked`: the blocking socket is used by one read at a time, then closed.
    final class SSEReader: @unchecked Sendable {
        let socket: RawClient

        init(port: Int, path: String, token: String, headers: [(String, String)] = []) throws {
            socket = try RawClient(port: port)
            var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nAccept: text/event-stream\r\n"
            for (name, value) in headers { request += "\(name): \(value)\r\n" }
            socket.send(request + "\r\n")
        }

        /// Everything read once an event with `id: last` arrived (or the read timed out).
        func read(through last: Int64) async -> String {
            await withCheckedContinuation { continuation in
                Thread {
                    var text = ""
                    while !text.contains("id: \(last)\n") {
                        let more = self.socket.read(atLeast: 1)
                        if more.isEmpty { break }
                        text += String(decoding: more, as: UTF8.self)
                    }
                    continuation.resume(returning: text)
                }.start()
            }
        }

        /// The `id`s of the events in `text`, in order.
        static func ids(_ text: String) -> [Int64] {
            // By Character: the chunk-size lines end in CR LF, one Character.
            text.split(whereSeparator: \.isNewline).compactMap { line in line.hasPrefix("id: ") ? Int64(line.dropFirst(4)) : nil }
        }
    }

    static func enqueue(_ id: String, port: Int) async throws {
        let reply = try await http("POST", "/v1/interactions", port: port, token: "gw-token",
                                   body: #"{"id":"\#(id)","channel":"voice","queue":"sales"}"#)
        #expect(reply.status == 201, "\(reply.body)")
    }

    static func stored(_ bed: RESTBed, _ scope: EventScope) async throws -> [LoggedEvent] {
        var configuration = StoreConfiguration()
        configuration.readOnly = true
        let reader = try Store(path: bed.databasePath, configuration: configuration, logger: quietLogger)
        let events = try await reader.readEvents(after: 0, through: Int64.max, limit: 1_000_000).events.filter(scope.includes)
        await reader.close()
        return events
    }

    @Test func aSupervisorReadsTheLogThenLiveEventsAndResumesWithLastEventID() async throws {
        let bed = try await RESTBed()
        try await Self.enqueue("h-1", port: bed.port)
        let agent = try await bed.login("a1-token")  // logs in, is offered h-1

        let stream = try SSEReader(port: bed.port, path: "/v1/events?since=0", token: "sup-token")
        let before = try await Self.stored(bed, .all)
        let replayed = await stream.read(through: before.last!.seq)
        #expect(replayed.hasPrefix("HTTP/1.1 200"), "\(replayed.prefix(300))")
        #expect(replayed.lowercased().contains("content-type: text/event-stream"))
        #expect(replayed.contains(": subscribed since 0; lastSeq "))
        #expect(replayed.contains(#"data: {"type":"event","seq":1,"kind":"enqueued","at":"#))

        // Live: the next arrival's events follow on the open response.
        try await Self.enqueue("h-2", port: bed.port)
        var after = try await Self.stored(bed, .all)
        while after.count == before.count {
            try await Task.sleep(for: .milliseconds(10))
            after = try await Self.stored(bed, .all)
        }
        let live = await stream.read(through: after.last!.seq)
        #expect(SSEReader.ids(replayed + live) == after.map(\.seq), "every event once, in order, with the store's numbers")
        stream.socket.close()

        // A reconnecting EventSource sends the last id it saw; the query's since gives way to it.
        let middle = after[after.count / 2].seq
        let resumed = try SSEReader(port: bed.port, path: "/v1/events?since=0", token: "gw-token", headers: [("Last-Event-ID", "\(middle)")])
        let mine = after.filter { EventScope.source("gw").includes($0) && $0.seq > middle }
        let text = await resumed.read(through: mine.last!.seq)
        #expect(SSEReader.ids(text) == mine.map(\.seq), "a source's events after Last-Event-ID")
        resumed.socket.close()
        _ = agent
        await bed.stop()
    }

    @Test func refusalsAreProblemDetails() async throws {
        let bed = try await RESTBed()
        let agent = try await http("GET", "/v1/events", port: bed.port, token: "a1-token")
        #expect(agent.status == 403 && agent.json["code"] as? String == "forbidden")
        let nobody = try await http("GET", "/v1/events", port: bed.port)
        #expect(nobody.status == 401)
        let beyond = try await http("GET", "/v1/events?since=99", port: bed.port, token: "sup-token")
        #expect(beyond.status == 409 && (beyond.json["detail"] as? String ?? "").contains("past the newest event"), "\(beyond.body)")
        let badID = try await http("GET", "/v1/events", port: bed.port, token: "sup-token", headers: [("Last-Event-ID", "x7")])
        #expect(badID.status == 400 && (badID.json["detail"] as? String ?? "").contains("Last-Event-ID"), "\(badID.body)")
        let negative = try await http("GET", "/v1/events?since=-1", port: bed.port, token: "sup-token")
        #expect(negative.status == 400, "\(negative.body)")
        await bed.stop()
    }
}
