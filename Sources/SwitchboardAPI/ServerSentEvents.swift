import SwitchboardMessages
import SwitchboardServer
import SwitchboardStore

/// The event stream as Server-Sent Events (`GET /v1/events`): one SSE event per log event, `id:` its
/// `seq` (what a reconnecting EventSource sends back as `Last-Event-ID`) and `data:` the WebSocket
/// `event` message; a stream cut off ends with `event: stopped` and the `events_stopped` message.
enum ServerSentEvents {
    /// The opening comment: where the stream starts and the store's newest `seq` then.
    static func opening(since: Int64, newest: Int64) -> [UInt8] {
        Array(": subscribed since \(since); lastSeq \(newest)\n\n".utf8)
    }

    static func frame(_ event: LoggedEvent) -> [UInt8] {
        var bytes = Array("id: \(event.seq)\ndata: ".utf8)
        bytes += MessageEncoder.encode(.event(WireEvent(event)))
        bytes += Array("\n\n".utf8)
        return bytes
    }

    /// The last frame of a stream cut off (slow consumer, store unreadable); nil when the stream just
    /// ends (the server shutting down).
    static func stopped(_ error: EventStreamError) -> [UInt8]? {
        let reason: WireStreamStop
        switch error.code {
        case .slowConsumer: reason = .slowConsumer
        case .unavailable: reason = .unavailable
        case .closed, .gone, .beyondNewest: return nil
        }
        var bytes = Array("event: stopped\ndata: ".utf8)
        bytes += MessageEncoder.encode(.eventsStopped(reason: reason, lastSeq: Int(error.lastSeq), message: error.description))
        bytes += Array("\n\n".utf8)
        return bytes
    }

    /// The stream's bytes, pulled one event at a time (the HTTP writer's back-pressure is the
    /// consumer's pace), starting with the opening comment.
    static func chunks(of stream: EventStream, since: Int64) -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        let state = Chunker(stream: stream, since: since)
        return AsyncThrowingStream(unfolding: { try await state.next() })
    }

    /// Turns the stream's events into frames; ends after a `stopped` frame.
    private actor Chunker {
        let stream: EventStream
        let since: Int64
        var opened = false
        var finished = false

        init(stream: EventStream, since: Int64) {
            self.stream = stream
            self.since = since
        }

        deinit { stream.close() }

        func next() async throws -> ArraySlice<UInt8>? {
            guard !finished else { return nil }
            guard opened else {
                opened = true
                return ArraySlice(ServerSentEvents.opening(since: since, newest: stream.newestAtOpen))
            }
            do {
                guard let event = try await stream.next() else {
                    finished = true
                    return nil
                }
                return ArraySlice(ServerSentEvents.frame(event))
            } catch let error as EventStreamError {
                finished = true
                stream.close()
                return ServerSentEvents.stopped(error).map(ArraySlice.init)
            }
        }
    }
}
