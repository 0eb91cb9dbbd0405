public import SwitchboardMessages
public import SwitchboardStore
import SwitchboardWebSocket

/// Serves an ``EventStream`` to a WebSocket connection (`subscribe` with `since`): each event as an
/// `event` message, no more while the connection's socket has a window's worth of output waiting;
/// a consumer cut off gets `events_stopped` (reason and last `seq`) and a close naming the `seq` to
/// resume from. Runs off the routing thread, until the stream ends or its task is cancelled.
enum EventStreamPump {
    /// Events sent between two looks at the socket's queue.
    static let eventsPerCheck = 32

    static func run(_ stream: EventStream, link: any ClientLink, windowBytes: Int) async {
        defer { stream.close() }
        var sinceCheck = 0
        do {
            for try await event in stream.events {
                link.send(.event(WireEvent(event)))
                sinceCheck += 1
                guard sinceCheck >= eventsPerCheck else { continue }
                sinceCheck = 0
                // The client is behind: wait for its socket to drain, while live events pile up in
                // the stream's bounded mailbox (which cuts the client off once full).
                while await link.queuedOutputBytes() > windowBytes, !stream.overflowed {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
        } catch let error as EventStreamError {
            let reason: WireStreamStop
            switch error.code {
            case .slowConsumer: reason = .slowConsumer
            case .unavailable: reason = .unavailable
            case .closed, .gone, .beyondNewest: return
            }
            link.send(.eventsStopped(reason: reason, lastSeq: Int(error.lastSeq), message: error.description))
            link.close(code: .policyViolation, reason: "\(reason.rawValue); resume with since \(error.lastSeq)")
        } catch {
            // Cancelled: the connection went away or subscribed again.
        }
    }
}

extension WireEvent {
    /// The wire form of a log row.
    public init(_ event: LoggedEvent) {
        self.init(seq: Int(event.seq), kind: event.kind.rawValue, atMs: Int(event.at), interactionId: event.interactionId,
                  agentId: event.agentId, queue: event.queue, reason: event.reason, state: event.state, disposition: event.disposition)
    }
}
