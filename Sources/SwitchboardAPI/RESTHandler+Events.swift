import OpenAPIRuntime
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardServer

extension RESTHandler {
    /// `GET /v1/events`: the resumable event stream as Server-Sent Events, with the WebSocket
    /// the event stream's scopes and refusals (`subscribe` with `since`).
    func streamEvents(_ input: Operations.StreamEvents.Input) async throws -> Operations.StreamEvents.Output {
        let context = try RequestContext.active
        let principal = try await authenticator.principal(for: context.request)
        let scope: EventScope
        switch principal {
        case .source(let name): scope = .source(name)
        case .supervisor, .admin: scope = .all
        case .agent: throw APIProblem(.forbidden, "agents may not read the event stream; sources, supervisors and admins may")
        }
        var since = input.query.since ?? 0
        if let last = input.headers.lastEventID {
            guard let seq = Int64(last), seq >= 0 else {
                throw APIProblem(.badRequest, "header Last-Event-ID: expected the id of an event (a non-negative integer), got \"\(last.prefix(20))\"")
            }
            since = seq
        }
        guard since >= 0 else { throw APIProblem(.badRequest, "query since: expected a non-negative integer, got \(since)") }
        guard let feed = hub.events else {
            throw APIProblem(.unavailable, "the event stream needs the store (its sequence numbers), and this server runs without one")
        }
        let stream: EventStream
        do {
            stream = try await feed.open(scope: scope, since: since)
        } catch {
            let code: ErrorCode = error.code == .unavailable || error.code == .closed ? .unavailable : .conflict
            throw APIProblem(code, error.description)
        }
        let body = HTTPBody(ServerSentEvents.chunks(of: stream, since: since), length: .unknown, iterationBehavior: .single)
        return .ok(.init(body: .textEventStream(body)))
    }
}
