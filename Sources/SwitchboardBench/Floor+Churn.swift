import SwitchboardMessages

/// Agents coming and going (``ChurnSchedule``): clean log-outs, dropped connections, returns.
///
/// What the floor holds for a leaving agent follows the server's rules (docs/PROTOCOL.md, "Agent
/// disconnect") without ever holding more than the server does, so the capacity check stays sound:
/// - a dropped agent lets go of its offers at once (the server revokes them when it sees the drop);
/// - it keeps its active work for the grace, counted from its own drop, which is no later than the
///   server's start of it, and lets go when that runs out (the server then re-queues it: `agent_lost`);
/// - its `welcome` on return lists what the server still holds for it, which replaces the floor's view.
extension Floor {
    /// Starts each agent's churn cycles at a random phase. Called when arrivals start.
    func startChurn(now: Double) {
        guard let churn = scenario.churn else { return }
        for index in agents.indices {
            if let logOut = churn.logOut {
                schedule(.logOut(agent: index), at: now + agents[index].random.unit() * logOut.everySeconds)
            }
            if let drop = churn.drop {
                schedule(.drop(agent: index), at: now + agents[index].random.unit() * drop.everySeconds)
            }
        }
    }

    func fireChurn(_ timer: Timer, now: Double, into out: inout [Outgoing]) {
        guard let churn = scenario.churn else { return }
        switch timer {
        case .logOut(let index):
            guard phase == .running, let logOut = churn.logOut else { return }
            schedule(.logOut(agent: index), at: now + logOut.everySeconds)
            let agent = agents[index]
            guard agents[index].random.unit() < logOut.share, agent.link == .online, !agent.leaving, !agent.onBreak else { return }
            account(index, now: now)
            agents[index].leaving = true
            out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.state(.notReady, reason: "log_out"), ref: "b")))
            schedule(.leaveCheck(agent: index), at: now + Self.leaveCheckSeconds)
        case .leaveCheck(let index):
            guard agents[index].leaving, agents[index].link == .online else { return }
            guard agents[index].offers.isEmpty, agents[index].active.isEmpty else {
                schedule(.leaveCheck(agent: index), at: now + Self.leaveCheckSeconds)
                return
            }
            account(index, now: now)
            agents[index].leaving = false
            agents[index].link = .offline
            counts.churn.logOuts += 1
            connectionChanges.append(.close(index))
            let away = churn.logOut?.away.sample(&agents[index].random) ?? 1
            schedule(.reconnect(agent: index), at: now + away)
        case .drop(let index):
            guard phase == .running, let drop = churn.drop else { return }
            schedule(.drop(agent: index), at: now + drop.everySeconds)
            guard agents[index].random.unit() < drop.share, agents[index].link == .online, !agents[index].leaving else { return }
            account(index, now: now)
            let agentId = agents[index].spec.id
            agents[index].link = .offline
            agents[index].session += 1
            counts.churn.drops += 1
            connectionChanges.append(.drop(index))
            for id in agents[index].offers.keys.sorted() { checker.released(id, by: agentId) }
            agents[index].offers = [:]
            if !agents[index].active.isEmpty {
                schedule(.graceOver(agent: index, session: agents[index].session), at: now + churn.reconnectGraceSeconds)
            }
            schedule(.reconnect(agent: index), at: now + drop.reconnect.sample(&agents[index].random))
        case .reconnect(let index):
            guard agents[index].link == .offline, phase != .finished else { return }
            agents[index].link = .connecting
            connectionChanges.append(.open(index))
        case let .graceOver(index, session):
            guard agents[index].session == session, agents[index].link != .online else { return }
            account(index, now: now)
            let agentId = agents[index].spec.id
            for id in agents[index].active.keys.sorted() { checker.released(id, by: agentId) }
            counts.churn.lostAtGrace += agents[index].active.count
            agents[index].active = [:]
            agents[index].completeWhenBack = []
        default:
            break
        }
    }

    /// How often a leaving agent looks whether it still holds anything.
    static let leaveCheckSeconds = 0.2

    /// An agent's `welcome` after a log-out or a drop: what the server lists is what the agent holds.
    func welcomeBack(agent index: Int, resumed: [WireInteraction], now: Double, into out: inout [Outgoing]) {
        guard agents[index].link == .connecting else { return }
        account(index, now: now)
        agents[index].link = .online
        counts.churn.returns += 1
        let agentId = agents[index].spec.id
        var back: [String: String] = [:]
        for interaction in resumed { back[interaction.id] = interaction.channel }
        for id in agents[index].active.keys.sorted() where back[id] == nil {
            // Ended or re-queued while the agent was away.
            agents[index].active[id] = nil
            agents[index].completeWhenBack.remove(id)
            checker.released(id, by: agentId)
        }
        var handedBack: [String] = []
        for (id, channel) in back.sorted(by: { $0.key < $1.key }) {
            if agents[index].active[id] != nil {
                counts.churn.keptOverDrop += 1
                continue
            }
            counts.churn.handedBack += 1
            checker.resumed(id, channel: channel, by: agentId)
            agents[index].active[id] = channel
            handedBack.append(id)
        }
        let state: ClientMessage = agents[index].onBreak
            ? .state(.notReady, reason: scenario.behaviour.notReady?.reason ?? "break") : .state(.available, reason: nil)
        out.append(Outgoing(connection: index, text: ClientMessageEncoder.encodeString(state, ref: "s")))
        let due = agents[index].completeWhenBack
        agents[index].completeWhenBack = []
        for id in due.sorted() { complete(agent: index, id: id, now: now, into: &out) }
        for id in handedBack {
            if phase == .running {
                let handle = tracked[id].map { scenario.mix[$0.mix].handle } ?? .constant(1)
                schedule(.complete(agent: index, id: id), at: now + handle.sample(&agents[index].random))
            } else {
                complete(agent: index, id: id, now: now, into: &out)
            }
        }
    }

    // MARK: Driver interface

    /// Connection changes asked for since the last call; the driver carries them out.
    public func takeConnectionChanges() -> [ConnectionChange] {
        defer { connectionChanges = [] }
        return connectionChanges
    }

    /// A connection asked for with ``ConnectionChange/open(_:)`` is open: the agent logs in.
    public func connectionOpened(_ index: Int, now: Double) -> [Outgoing] {
        guard index < agents.count, agents[index].link == .connecting, phase != .finished else { return [] }
        let spec = connections[index]
        return counted([Outgoing(connection: index, text: ClientMessageEncoder.encodeString(.hello(token: spec.token), ref: "h"))], now: now)
    }

    /// A connection asked for with ``ConnectionChange/open(_:)`` could not be opened: tried again in a second.
    public func connectionFailed(_ index: Int, reason: String, now: Double) {
        guard index < agents.count, agents[index].link == .connecting else { return }
        agents[index].link = .offline
        counts.churn.reconnectFailures += 1
        protocolErrors["agent reconnect failed", default: 0] += 1
        if phase != .finished { schedule(.reconnect(agent: index), at: now + 1) }
    }
}
