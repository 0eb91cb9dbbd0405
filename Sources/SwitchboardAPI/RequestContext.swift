import Synchronization
import SwitchboardMessages
import SwitchboardTransport

/// The transport's request beside the generated code's typed input: the raw body (decoded by the
/// WebSocket protocol's own rules), the headers, the peer and the request's logger. Set for the
/// task that runs one operation.
final class RequestContext: Sendable {
    @TaskLocal static var current: RequestContext?

    let request: HTTPApplicationRequest
    private let reached = Atomic<Bool>(false)

    init(_ request: HTTPApplicationRequest) {
        self.request = request
    }

    /// The operation's handler was called: the generated code accepted the request's shape, so an
    /// error from here on is the handler's, not the client's.
    func handlerReached() { reached.store(true, ordering: .relaxed) }
    var wasHandlerReached: Bool { reached.load(ordering: .relaxed) }

    /// The context of the operation being handled (set by ``RESTResponder``).
    static var active: RequestContext {
        get throws(APIProblem) {
            guard let current else { throw APIProblem(.internalError, "no request context") }
            current.handlerReached()
            return current
        }
    }
}
