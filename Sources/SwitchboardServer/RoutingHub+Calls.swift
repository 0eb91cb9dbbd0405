public import SwitchboardConfig
public import SwitchboardMessages
import Synchronization
import SwitchboardSocket
import SwitchboardWebSocket

/// The answer to a one-shot request (``RoutingHub/call(_:as:)``).
public struct CallAnswer: Sendable {
    /// `ok` (with its fields) or `error`, sent when a session's answer would be: a durable request's
    /// only once its events are on disk.
    public var message: ServerMessage
    /// The request was an `enqueue` naming an interaction its source had already created.
    public var replayed: Bool
}

extension RoutingHub {
    /// Ids of one-shot callers, apart from the transport's connection ids (which count up from 0).
    private static let nextCallID = Atomic<UInt64>(1 << 63)

    /// Handles one request for `principal` without a session (the REST API) and returns its answer,
    /// through the same routing owner, rules and durability as a WebSocket request (see
    /// ``HubInput/call(_:_:_:ref:)``).
    public nonisolated func call(_ request: HubRequest, as principal: Principal) async -> CallAnswer {
        await withCheckedContinuation { (continuation: CheckedContinuation<CallAnswer, Never>) in
            let id = Self.nextCallID.wrappingAdd(1, ordering: .relaxed).oldValue
            let link = CallLink(id: id, continuation: continuation)
            loop.execute {
                self.assumeIsolated { hub in hub.take(request, as: principal, through: link) }
            }
        }
    }

    private func take(_ request: HubRequest, as principal: Principal, through link: CallLink) {
        if case .source(.enqueue(let enqueue)) = request, case .source(let name) = principal {
            link.replayed = core.isReplay(enqueue, source: name)
        }
        let loop = loop
        link.onAnswer = { [weak self] in
            // After the outbox is done sending (it may be releasing this very answer).
            guard let hub = self else { return }
            loop.execute { hub.assumeIsolated { $0.outbox.forget(link) } }
        }
        receive(.call(link.id, principal, request, ref: nil), from: link)
    }

    /// Reads the routing owner's state on its thread: `read` sees the core between two steps.
    public func read<T: Sendable>(_ read: (borrowing HubCore, HubContext) -> T) -> T {
        read(core, HubContext(now: clock.now(), wallMilliseconds: clock.wallMilliseconds(), store: nil))
    }
}

/// The link of a one-shot request: takes the first message (the request's answer) and ignores
/// anything after it.
final class CallLink: ClientLink, @unchecked Sendable {
    let id: ConnectionID
    // Used on the routing owner's thread only.
    var replayed = false
    var onAnswer: (@Sendable () -> Void)?
    private let continuation: Mutex<CheckedContinuation<CallAnswer, Never>?>

    init(id: ConnectionID, continuation: CheckedContinuation<CallAnswer, Never>) {
        self.id = id
        self.continuation = Mutex(continuation)
    }

    func send(_ message: ServerMessage) {
        guard let continuation = continuation.withLock({ $0.take() }) else { return }
        continuation.resume(returning: CallAnswer(message: message, replayed: replayed))
        onAnswer?()
    }

    func close(code: WebSocketCloseCode, reason: String) {}
}
