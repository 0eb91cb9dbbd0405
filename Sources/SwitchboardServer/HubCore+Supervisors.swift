import OrderedCollections
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals

extension HubCore {
    mutating func handleSupervisor(_ request: SupervisorRequest, ref: String?, connection: ConnectionID, now: Instant) -> ProtocolError? {
        switch request {
        case .subscribe(let topics):
            connections.subscribers[connection] = topics
            send(.ok(ref: ref, fields: []), to: connection)
            if topics.contains(where: \.isFloor) {
                send(statsMessage(topics: topics, now: now), to: connection)
                counters.statsPushes += 1
            }
            if topics.contains(.alerts) { sendRaisedAlerts(to: connection) }
            return nil
        case .setAgent(let change):
            return setAgent(change, ref: ref, connection: connection, now: now)
        case .customer(let query):
            return customerHistory(query, ref: ref, connection: connection, agent: nil)
        case .ackAlert(let id, let note):
            let who = connections.principals[connection].map { "\($0)" } ?? "supervisor"
            return acknowledgeAlert(id, note: note, by: who, ref: ref, connection: connection)
        case .subscribeEvents(let since):
            return streamEvents(.all, since: since, ref: ref, connection: connection)
        }
    }

    /// Live change of one agent: skills are replaced, the channels named in `capacity` are set
    /// (others kept), then the state is applied (the agent must be logged in for that).
    mutating func setAgent(_ change: AgentChange, ref: String?, connection: ConnectionID, now: Instant) -> ProtocolError? {
        let id = AgentID(change.agentId)
        guard var profile = router.configuration.agents.first(where: { $0.id == id }),
              let snapshot = router.agent(id), snapshot.inRoster
        else {
            return refuse(ProtocolError(.notFound, "unknown agent '\(change.agentId)'", ref: ref), to: connection)
        }
        if let skills = change.skills {
            for name in skills.keys.sorted() where !declaredSkills.contains(name) {
                return refuse(ProtocolError(.badRequest, "field skills.\(name): unknown skill '\(name)'; the configuration declares \(declaredSkills.sorted().joined(separator: ", "))", ref: ref), to: connection)
            }
        }
        if let state = change.state, snapshot.state == .offline {
            return refuse(ProtocolError(.conflict, "agent '\(id)' is offline; cannot set state \(state.rawValue)", ref: ref), to: connection)
        }
        if let skills = change.skills { profile.skills = skills }
        if let capacity = change.capacity {
            for (name, n) in capacity {
                guard let channel = Channel(rawValue: name) else { continue }
                profile.capacity[channel] = n > 0 ? n : nil
            }
        }
        let target: AgentState? = change.state.map { $0 == .available ? .available : .notReady(reason: change.reason ?? "supervisor") }
        let changesProfile = change.skills != nil || change.capacity != nil
        let refusal = execute(.setAgent(id, profile: changesProfile ? profile : nil, state: target), now, ref: ref, connection: connection)
        presence.dirty.append(id)
        return refusal
    }

    /// The `stats` push for `topics`.
    mutating func statsMessage(topics: [WireTopic], now: Instant) -> ServerMessage {
        var queues: [WireQueueStats]?
        var agents: [WireAgentStatus]?
        if topics.contains(.queues) {
            queues = queueStatistics(now: now)
        }
        if topics.contains(.agents) {
            agents = agentStatuses(wallMilliseconds: Int64(context.wallMilliseconds))
        }
        return .stats(queues: queues, agents: agents)
    }

    /// Pushes `stats` to every subscriber.
    mutating func pushStats(now: Instant) {
        lastStats = now
        statsDirty = false
        guard !connections.subscribers.isEmpty else { return }
        var cache: [[WireTopic]: ServerMessage] = [:]
        for (connection, topics) in connections.subscribers where topics.contains(where: \.isFloor) {
            let message = cache[topics] ?? statsMessage(topics: topics, now: now)
            cache[topics] = message
            send(message, to: connection)
            counters.statsPushes += 1
        }
    }
}

extension WireTopic {
    /// Whether `stats` pushes carry this topic (queues and agents; alerts come as `alert` messages).
    var isFloor: Bool { self != .alerts }
}
