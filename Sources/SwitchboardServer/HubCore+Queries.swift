public import SwitchboardConfig
public import SwitchboardMessages
public import SwitchboardRouter
import SwitchboardSignals

/// Live reads of the routing owner's state: pure, they change nothing (the REST API's `GET`s and the
/// supervisors' `stats` pushes use them).
extension HubCore {
    /// One interaction as `principal` may see it: a source only its own (another's is `not_found`,
    /// as over the WebSocket, so ids of other sources cannot be probed); supervisors and admins any;
    /// agents none.
    public func interactionView(_ raw: String, for principal: Principal, now: Instant) -> Result<InteractionView, ProtocolError> {
        let id = InteractionID(raw)
        let owner = ledger.owners[id]?.source ?? ledger.finished[id]?.source
        switch principal {
        case .agent:
            return .failure(ProtocolError(.forbidden, "agents may not read interactions through this API"))
        case .source(let name) where owner != name:
            return .failure(ProtocolError(.notFound, "unknown interaction '\(raw)'"))
        case .source, .supervisor, .admin:
            break
        }
        if let snapshot = router.interaction(id) {
            switch snapshot.status {
            case .waiting:
                let place = router.place(of: id, at: now)
                return .success(InteractionView(id: raw, status: .waiting, queue: snapshot.queue.rawValue, position: place?.position ?? 0,
                                                estimatedWaitMs: place?.estimatedWait.map(ServerClock.milliseconds)))
            case .offered:
                return .success(InteractionView(id: raw, status: .offered, queue: snapshot.queue.rawValue))
            case .active(let agent):
                return .success(InteractionView(id: raw, status: .assigned, queue: snapshot.queue.rawValue, agentId: agent.rawValue))
            }
        }
        if let outcome = ledger.finished[id] {
            let status: InteractionView.Status = switch outcome.event {
            case .completed: .completed
            case .abandoned: .abandoned
            default: .ended
            }
            return .success(InteractionView(id: raw, status: status, reason: outcome.reason))
        }
        if owner != nil {
            // Known but between routing steps (re-queued after its agent was lost): report it ended for now.
            return .success(InteractionView(id: raw, status: .ended))
        }
        return .failure(ProtocolError(.notFound, "unknown interaction '\(raw)'"))
    }

    /// Live statistics of every configured queue, in configuration order.
    public func queueStatistics(now: Instant) -> [WireQueueStats] {
        router.configuration.queues.compactMap { queue in
            router.statistics(for: queue.id).map { WireMapping.queueStats(queue.id, $0, now: now) }
        }
    }

    /// Live statistics of one queue, or nil when the configuration has no such queue.
    public func queueStatistics(_ name: String, now: Instant) -> WireQueueStats? {
        let id = QueueID(name)
        return router.statistics(for: id).map { WireMapping.queueStats(id, $0, now: now) }
    }

    /// The state of every agent in the roster, in configuration order, with its day so far.
    public func agentStatuses(wallMilliseconds: Int64) -> [WireAgentStatus] {
        router.configuration.agents.compactMap { profile in
            guard let work = router.workload(of: profile.id), work.inRoster else { return nil }
            var status = WireMapping.status(profile.id, work)
            status.today = signals.strain.figures(of: profile.id, at: wallMilliseconds).map(WireMapping.agentDay)
            return status
        }
    }
}
