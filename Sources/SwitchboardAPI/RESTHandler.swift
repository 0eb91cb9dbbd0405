import Foundation
import OpenAPIRuntime
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardServer
import SwitchboardTransport

/// The operations of `openapi.yaml`, answered by the routing owner: writes go through
/// ``RoutingHub/call(_:as:)`` (same rules, ownership, idempotency and durability as the WebSocket),
/// reads through the hub core's pure queries.
///
/// Rights (`docs/REST.md`): sources create, cancel and read their own interactions; supervisors and
/// admins read any interaction, the queues and the agents; agents use the WebSocket only.
struct RESTHandler: APIProtocol {
    let hub: RoutingHub
    let authenticator: Authenticator

    func createInteraction(_ input: Operations.CreateInteraction.Input) async throws -> Operations.CreateInteraction.Output {
        let context = try RequestContext.active
        let principal = try await authenticator.principal(for: context.request)
        guard case .source = principal else {
            throw APIProblem(.forbidden, "only sources may create interactions; this token is \(principal.role)'s")
        }
        var request: EnqueueRequest
        do {
            request = try MessageDecoder.decodeInteraction(context.request.body)
        } catch {
            throw APIProblem(error)
        }
        if let key = input.headers.idempotencyKey {
            do {
                try MessageDecoder.checkText(key, field: "header Idempotency-Key", maxLength: MessageLimits.identifierBytes)
            } catch {
                throw APIProblem(error)
            }
            if let id = request.id, id != key {
                throw APIProblem(.badRequest, "header Idempotency-Key: differs from the body's id; send one or make them equal")
            }
            request.id = key
        }
        let answer = await hub.call(.source(.enqueue(request)), as: principal)
        let interaction = try Self.interaction(from: answer.message)
        return answer.replayed ? .ok(.init(body: .json(interaction))) : .created(.init(body: .json(interaction)))
    }

    func getInteraction(_ input: Operations.GetInteraction.Input) async throws -> Operations.GetInteraction.Output {
        let context = try RequestContext.active
        let principal = try await authenticator.principal(for: context.request)
        let id = input.path.id
        let view = await hub.read { core, now in core.interactionView(id, for: principal, now: now.now) }
        switch view {
        case .success(let view): return .ok(.init(body: .json(Self.interaction(view))))
        case .failure(let error): throw APIProblem(error)
        }
    }

    func cancelInteraction(_ input: Operations.CancelInteraction.Input) async throws -> Operations.CancelInteraction.Output {
        let context = try RequestContext.active
        let principal = try await authenticator.principal(for: context.request)
        guard case .source = principal else {
            throw APIProblem(.forbidden, "only the source that created an interaction may cancel it; this token is \(principal.role)'s")
        }
        let reason = input.query.reason
        if let reason {
            do {
                try MessageDecoder.checkText(reason, field: "query reason", maxLength: MessageLimits.textBytes)
            } catch {
                throw APIProblem(error)
            }
        }
        let id = input.path.id
        let answer = await hub.call(.source(.cancel(interactionId: id, reason: reason)), as: principal)
        if case .error(let error) = answer.message { throw APIProblem(error) }
        let view = await hub.read { core, now in core.interactionView(id, for: principal, now: now.now) }
        switch view {
        case .success(let view): return .ok(.init(body: .json(Self.interaction(view))))
        case .failure(let error): throw APIProblem(error)
        }
    }

    func listQueues(_ input: Operations.ListQueues.Input) async throws -> Operations.ListQueues.Output {
        try await requireSupervisor()
        let queues = await hub.read { core, now in core.queueStatistics(now: now.now) }
        return .ok(.init(body: .json(.init(queues: queues.map(Self.queue)))))
    }

    func getQueue(_ input: Operations.GetQueue.Input) async throws -> Operations.GetQueue.Output {
        try await requireSupervisor()
        let name = input.path.name
        guard let queue = await hub.read({ core, now in core.queueStatistics(name, now: now.now) }) else {
            throw APIProblem(.notFound, "unknown queue '\(name)'")
        }
        return .ok(.init(body: .json(Self.queue(queue))))
    }

    func listAgents(_ input: Operations.ListAgents.Input) async throws -> Operations.ListAgents.Output {
        try await requireSupervisor()
        let agents = await hub.read { core, now in core.agentStatuses(wallMilliseconds: Int64(now.wallMilliseconds)) }
        return .ok(.init(body: .json(.init(agents: agents.map(Self.agent)))))
    }

    /// Supervisors and admins read the floor (like the WebSocket `subscribe`).
    private func requireSupervisor() async throws(APIProblem) {
        let context = try RequestContext.active
        let principal = try await authenticator.principal(for: context.request)
        switch principal.role {
        case .supervisor, .admin: return
        case .agent, .source: throw APIProblem(.forbidden, "only supervisors and admins may read queues and agents; this token is \(principal.role)'s")
        }
    }

    // MARK: Mapping

    /// The interaction an `enqueue`'s `ok` describes (`interactionId`, `status`, `position`, `estimatedWaitMs`).
    static func interaction(from message: ServerMessage) throws(APIProblem) -> Components.Schemas.Interaction {
        switch message {
        case .error(let error):
            throw APIProblem(error)
        case .ok(_, let fields):
            var id = ""
            var status = Components.Schemas.Interaction.StatusPayload.ended
            var position = 0
            var wait: Int?
            for (key, value) in fields {
                switch (key, value) {
                case ("interactionId", .string(let text)): id = text
                case ("status", .string(let text)): status = Self.status(text)
                case ("position", .number(let number)): position = Int(number)
                case ("estimatedWaitMs", .number(let number)): wait = Int(number)
                default: break
                }
            }
            return Components.Schemas.Interaction(id: id, status: status, position: position, estimatedWaitMs: wait)
        default:
            throw APIProblem(.internalError, "unexpected answer \(message)")
        }
    }

    static func status(_ text: String) -> Components.Schemas.Interaction.StatusPayload {
        Components.Schemas.Interaction.StatusPayload(rawValue: text) ?? .ended
    }

    static func interaction(_ view: InteractionView) -> Components.Schemas.Interaction {
        Components.Schemas.Interaction(id: view.id, status: status(view.status.rawValue), queue: view.queue, position: view.position,
                                       estimatedWaitMs: view.estimatedWaitMs, agentId: view.agentId, reason: view.reason)
    }

    static func queue(_ stats: WireQueueStats) -> Components.Schemas.QueueStats {
        Components.Schemas.QueueStats(name: stats.name, waiting: stats.waiting, longestWaitMs: stats.longestWaitMs, available: stats.available,
                                      busy: stats.busy, offered: stats.offered, answered: stats.answered, abandoned: stats.abandoned,
                                      serviceLevel: stats.serviceLevel, asaMs: stats.asaMs)
    }

    static func agent(_ status: WireAgentStatus) -> Components.Schemas.AgentStatus {
        Components.Schemas.AgentStatus(id: status.id, state: .init(rawValue: status.state) ?? .offline, reason: status.reason,
                                       load: .init(additionalProperties: status.load))
    }
}
