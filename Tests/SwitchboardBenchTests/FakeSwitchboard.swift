import SwitchboardBench
import SwitchboardMessages
import SwitchboardRouter

/// A small in-memory ACD that speaks the wire protocol: FIFO queues, first free qualified agent,
/// offers without timeouts, and the disconnect rules (offers revoked, active work kept for the
/// scenario's grace, then re-queued with `agent_lost`). Enough to drive the floor end to end without
/// sockets, and able to break rules on purpose so tests can show the checks catch it.
final class FakeSwitchboard {
    enum Fault: Hashable {
        /// Offers ignore capacity (an agent may be offered more than it can take).
        case ignoreCapacity
        /// Offers ignore skills.
        case ignoreSkills
        /// Every completion is reported to the source twice.
        case duplicateCompleted
        /// Completions are never reported to the source.
        case loseCompleted
        /// When an agent's grace runs out its work is forgotten instead of re-queued.
        case forgetWorkOfLostAgents
        /// A subscription to `alerts` is refused (a server without alerts).
        case refuseAlerts
        /// A subscription to `agents` is refused.
        case refuseAgents
    }

    struct Item {
        var id: String
        var channel: String
        var queue: String
        var requirements: [String: Int]
        var source: Int
        var offeredTo: Int?
        var assignedTo: Int?
        var rejectedBy: Set<Int> = []
        var customerId: String?
        var customer: WireCustomer?
        /// Marked `kind: complaint`: counts toward the agent's strain (``FakeSwitchboard+Signals``).
        var demanding = false
    }

    private let connections: [ConnectionSpec]
    private let agents: [String: AgentSpec]
    private let queues: [String: QueueSpec]
    private let faults: Set<Fault>
    private var available: [Int: Bool] = [:]
    private var held: [Int: [String: String]] = [:]
    private var waiting: [String] = []
    private var items: [String: Item] = [:]
    private var ended: Set<String> = []
    private var lastRelease: [Int: Int] = [:]
    private var tick = 0
    private let graceSeconds: Double
    /// Agents disconnected while holding work, and when their grace runs out.
    private var graceUntil: [Int: Double] = [:]
    /// Customer memory and alerts, as far as the floor's tests need them (``FakeSwitchboard+Signals``).
    var signals: Signals

    convenience init(floor: Floor, faults: Set<Fault> = []) {
        self.init(scenario: floor.scenario, connections: floor.connections, faults: faults)
    }

    init(scenario: Scenario, connections: [ConnectionSpec], faults: Set<Fault> = []) {
        self.connections = connections
        var byId: [String: AgentSpec] = [:]
        for agent in scenario.agents() { byId[agent.id] = agent }
        agents = byId
        var queues: [String: QueueSpec] = [:]
        for queue in scenario.queues { queues[queue.name] = queue }
        self.queues = queues
        self.faults = faults
        graceSeconds = scenario.churn?.reconnectGraceSeconds ?? 60
        signals = Signals(topicAttribute: scenario.topicAttribute)
    }

    /// The earliest grace to run out.
    var nextDeadline: Double? { graceUntil.values.min() }

    /// Connection `connection` went away: its offers go back in place; its active work waits for the grace.
    func disconnect(_ connection: Int, at now: Double) -> [Outgoing] {
        var out: [Outgoing] = []
        guard connections[connection].role == .agent else { return out }
        available[connection] = false
        for (id, item) in items.sorted(by: { $0.key < $1.key }) where item.offeredTo == connection && item.assignedTo == nil {
            items[id]?.offeredTo = nil
            held[connection]?[id] = nil
            waiting.insert(id, at: 0)
            out.append(Outgoing(connection: item.source, text: MessageEncoder.encodeString(event(id, .queued, agent: nil))))
        }
        if items.values.contains(where: { $0.assignedTo == connection }) { graceUntil[connection] = now + graceSeconds }
        dispatch(into: &out)
        return out
    }

    /// Re-queues the work of agents whose grace ran out by `now`.
    func advance(to now: Double) -> [Outgoing] {
        var out: [Outgoing] = []
        for (agent, until) in graceUntil.sorted(by: { $0.key < $1.key }) where until <= now {
            graceUntil[agent] = nil
            for (id, item) in items.sorted(by: { $0.key < $1.key }) where item.assignedTo == agent {
                held[agent]?[id] = nil
                if faults.contains(.forgetWorkOfLostAgents) {
                    items[id] = nil
                    continue
                }
                items[id]?.assignedTo = nil
                items[id]?.offeredTo = nil
                waiting.insert(id, at: 0)
                out.append(Outgoing(connection: item.source, text: MessageEncoder.encodeString(event(id, .agentLost, agent: agent))))
            }
        }
        dispatch(into: &out)
        return out
    }

    /// Handles one client frame; returns the frames to send, by connection.
    func receive(_ text: String, from connection: Int) -> [Outgoing] {
        var out: [Outgoing] = []
        func send(_ to: Int, _ message: ServerMessage) {
            out.append(Outgoing(connection: to, text: MessageEncoder.encodeString(message)))
        }
        guard let envelope = try? MessageDecoder.decode(Array(text.utf8)) else {
            send(connection, .error(ProtocolError(.badRequest, "undecodable")))
            return out
        }
        let ref = envelope.ref
        let spec = connections[connection]
        switch envelope.message {
        case .hello:
            let role: WireRole = switch spec.role {
            case .agent: .agent
            case .source: .source
            case .admin: .admin
            case .supervisor: .supervisor
            }
            graceUntil[connection] = nil
            let resumed = items.values.filter { $0.assignedTo == connection }.sorted { $0.id < $1.id }
                .map { WireInteraction(id: $0.id, channel: $0.channel, queue: $0.queue, priority: 50, waitedMs: 0) }
            send(connection, .welcome(role: role, agentId: spec.role == .agent ? spec.id : nil, serverTimeMs: 0, resumed: resumed))
        case let .state(state, _):
            available[connection] = state == .available
            send(connection, .ok(ref: ref, fields: []))
        case let .enqueue(request):
            let id = request.id ?? "i-\(items.count)"
            let requirements = request.skills ?? queues[request.queue]?.requirements ?? [:]
            items[id] = Item(id: id, channel: request.channel.rawValue, queue: request.queue, requirements: requirements, source: connection,
                             customerId: request.customerId, customer: remember(request, into: &out), demanding: Self.isDemanding(request))
            waiting.append(id)
            send(connection, .ok(ref: ref, fields: [("interactionId", .string(id)), ("status", .string("waiting")), ("position", .number(Double(waiting.count)))]))
            send(connection, event(id, .queued, agent: nil))
        case let .accept(id, _):
            guard var item = items[id], item.offeredTo == connection, item.assignedTo == nil else {
                send(connection, .error(ProtocolError(.conflict, "not offered", ref: ref)))
                break
            }
            item.assignedTo = connection
            items[id] = item
            if let customer = item.customerId { signals.lastAgent[customer] = spec.id }
            send(connection, .ok(ref: ref, fields: []))
            send(item.source, event(id, .assigned, agent: connection))
        case let .reject(id, _):
            guard var item = items[id], item.offeredTo == connection, item.assignedTo == nil else {
                send(connection, .error(ProtocolError(.conflict, "not offered", ref: ref)))
                break
            }
            item.offeredTo = nil
            item.rejectedBy.insert(connection)
            items[id] = item
            held[connection]?[id] = nil
            waiting.insert(id, at: 0)
            send(connection, .ok(ref: ref, fields: []))
            send(item.source, event(id, .queued, agent: nil))
        case let .complete(id, _):
            guard let item = items[id], item.assignedTo == connection else {
                send(connection, .error(ProtocolError(.conflict, "not held", ref: ref)))
                break
            }
            release(id, agent: connection)
            send(connection, .ok(ref: ref, fields: []))
            finished(item, by: spec.id, into: &out)
            if !faults.contains(.loseCompleted) { send(item.source, event(id, .completed, agent: connection)) }
            if faults.contains(.duplicateCompleted) { send(item.source, event(id, .completed, agent: connection)) }
        case let .cancel(id, reason):
            guard let item = items[id], item.source == connection else {
                send(connection, .error(ProtocolError(ended.contains(id) ? .conflict : .notFound, "unknown", ref: ref)))
                break
            }
            if let agent = item.assignedTo {
                send(agent, .interaction(interactionId: id, event: .completed, agentId: nil, queue: nil, reason: "cancelled", atMs: 0))
                release(id, agent: agent)
                send(connection, .ok(ref: ref, fields: []))
                send(connection, event(id, .completed, agent: agent))
            } else {
                if let agent = item.offeredTo {
                    send(agent, .revoked(interactionId: id, reason: "cancelled"))
                    held[agent]?[id] = nil
                }
                waiting.removeAll { $0 == id }
                items[id] = nil
                ended.insert(id)
                send(connection, .ok(ref: ref, fields: []))
                out.append(Outgoing(connection: connection, text: MessageEncoder.encodeString(
                    .interaction(interactionId: id, event: .abandoned, agentId: nil, queue: nil, reason: reason, atMs: 0))))
            }
        case .reload:
            send(connection, .ok(ref: ref, fields: [("summary", .string("no changes"))]))
        case .subscribe(let topics):
            guard !topics.isEmpty, !(topics.contains(.alerts) && faults.contains(.refuseAlerts)),
                  !(topics.contains(.agents) && faults.contains(.refuseAgents)) else {
                send(connection, .error(ProtocolError(.badRequest, "unknown topic", ref: ref)))
                break
            }
            if topics.contains(.alerts) { signals.subscribers.insert(connection) }
            send(connection, .ok(ref: ref, fields: []))
            if topics.contains(.agents) {
                signals.agentSubscribers.insert(connection)
                send(connection, agentStats())
            }
        default:
            send(connection, .error(ProtocolError(.forbidden, "not supported here", ref: ref)))
        }
        dispatch(into: &out)
        return out
    }

    private func event(_ id: String, _ event: WireInteractionEvent, agent: Int?) -> ServerMessage {
        .interaction(interactionId: id, event: event, agentId: agent.map { connections[$0].id }, queue: nil, reason: nil, atMs: 0)
    }

    private func release(_ id: String, agent: Int) {
        held[agent]?[id] = nil
        items[id] = nil
        ended.insert(id)
        tick += 1
        lastRelease[agent] = tick
    }

    /// Offers waiting work, oldest first, to the qualified agent idle longest.
    private func dispatch(into out: inout [Outgoing]) {
        var index = 0
        while index < waiting.count {
            let id = waiting[index]
            guard var item = items[id] else { waiting.remove(at: index); continue }
            let candidates = connections.indices.filter { connection in
                guard connections[connection].role == .agent, available[connection] == true,
                      !item.rejectedBy.contains(connection), let agent = agents[connections[connection].id] else { return false }
                if !faults.contains(.ignoreSkills), !agent.satisfies(item.requirements) { return false }
                if faults.contains(.ignoreCapacity) { return true }
                let mine = held[connection] ?? [:]
                let sameChannel = mine.values.filter { $0 == item.channel }.count
                if sameChannel >= agent.capacity(for: item.channel) { return false }
                if let total = agent.totalCapacity, mine.count >= total { return false }
                if mine.values.contains(where: { ChannelDefaults.exclusive.contains($0) && $0 != item.channel }) { return false }
                return true
            }
            let lastAgent = item.customer?.isRepeat == true ? item.customer?.lastAgent : nil
            let preferred = candidates.first { connections[$0].id == lastAgent }
            guard let chosen = preferred ?? candidates.min(by: { (lastRelease[$0] ?? 0) < (lastRelease[$1] ?? 0) }) else { index += 1; continue }
            item.offeredTo = chosen
            items[id] = item
            held[chosen, default: [:]][id] = item.channel
            waiting.remove(at: index)
            out.append(Outgoing(connection: chosen, text: MessageEncoder.encodeString(
                .offer(WireInteraction(id: id, channel: item.channel, queue: item.queue, priority: 50, customerId: item.customerId, waitedMs: 0,
                                       customer: item.customer), expiresInMs: 10_000))))
            out.append(Outgoing(connection: item.source, text: MessageEncoder.encodeString(event(id, .offered, agent: chosen))))
        }
    }
}
