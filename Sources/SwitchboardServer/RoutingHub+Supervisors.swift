import SwitchboardMessages
import SwitchboardRouter

extension RoutingHub {
    func handleSupervisor(_ message: ClientMessage, ref: String?, link: any ClientLink, now: Instant) {
        switch message {
        case .subscribe(let topics):
            subscribers[link.id] = Subscriber(link: link, topics: topics)
            send(.ok(ref: ref, fields: []), to: link)
            send(statsMessage(topics: topics, now: now), to: link)
            counters.statsPushes += 1
        case .setAgent(let change):
            setAgent(change, ref: ref, link: link, now: now)
        default:
            send(.error(ProtocolError(.forbidden, "message \(message.type) is not handled here", ref: ref)), to: link)
        }
    }

    /// Live change of one agent: skills are replaced, the channels named in `capacity` are set
    /// (others kept), then the state is applied (the agent must be logged in for that).
    func setAgent(_ change: AgentChange, ref: String?, link: any ClientLink, now: Instant) {
        let id = AgentID(change.agentId)
        guard var profile = reading({ $0.configuration.agents.first(where: { $0.id == id }) }),
              let snapshot = reading({ $0.agent(id) }), snapshot.inRoster
        else {
            send(.error(ProtocolError(.notFound, "unknown agent '\(change.agentId)'", ref: ref)), to: link)
            return
        }
        if let skills = change.skills {
            for name in skills.keys.sorted() where !declaredSkills.contains(name) {
                send(.error(ProtocolError(.badRequest, "field skills.\(name): unknown skill '\(name)'; the configuration declares \(declaredSkills.sorted().joined(separator: ", "))", ref: ref)), to: link)
                return
            }
        }
        if let state = change.state, snapshot.state == .offline {
            send(.error(ProtocolError(.conflict, "agent '\(id)' is offline; cannot set state \(state.rawValue)", ref: ref)), to: link)
            return
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
        execute(now, ref: ref, link: link) { (r: inout Router) throws(RoutingError) in
            var effects: [RoutingEffect] = []
            // Validate both steps on a copy so that a refused state leaves the profile untouched.
            var trial = r
            if changesProfile { effects += try trial.updateAgent(profile, at: now) }
            if let target { effects += try trial.setState(id, target, at: now) }
            r = trial
            return effects
        }
        dirtyAgents.insert(id)
    }

    /// The `stats` push for `topics`.
    func statsMessage(topics: [WireTopic], now: Instant) -> ServerMessage {
        var queues: [WireQueueStats]?
        var agents: [WireAgentStatus]?
        if topics.contains(.queues) {
            queues = reading { r in
                r.configuration.queues.compactMap { queue in
                    r.statistics(for: queue.id).map { WireMapping.queueStats(queue.id, $0, now: now) }
                }
            }
        }
        if topics.contains(.agents) {
            agents = reading { r in
                r.configuration.agents.compactMap { profile in
                    guard let snapshot = r.agent(profile.id), snapshot.inRoster else { return nil }
                    return WireMapping.status(snapshot)
                }
            }
        }
        return .stats(queues: queues, agents: agents)
    }

    /// Pushes `stats` to every subscriber.
    func pushStats(now: Instant) {
        lastStats = now
        statsDirty = false
        guard !subscribers.isEmpty else { return }
        var cache: [[WireTopic]: ServerMessage] = [:]
        for subscriber in subscribers.values {
            let message = cache[subscriber.topics] ?? statsMessage(topics: subscriber.topics, now: now)
            cache[subscriber.topics] = message
            send(message, to: subscriber.link)
            counters.statsPushes += 1
        }
    }
}
