import Logging
import SwitchboardRouter
import SwitchboardSocket

extension RoutingHub {
    /// The earliest instant anything is due: a core timer, a reconnect grace, or a `stats` push.
    func nextDue(_ now: Instant) -> Instant? {
        var next = reading({ $0.nextDeadline })
        func consider(_ instant: Instant) {
            if next.map({ instant < $0 }) ?? true { next = instant }
        }
        for until in graceUntil.values { consider(until) }
        if !subscribers.isEmpty {
            let last = lastStats ?? now
            consider(last + (statsDirty ? settings.statsMinInterval : settings.statsMaxInterval))
        }
        return next
    }

    /// Keeps one sleeping task armed for the earliest due instant. A later-armed task is replaced;
    /// an earlier one is kept (when it fires, it re-arms for what is then due).
    func rearm(_ now: Instant) {
        guard !stopped, let next = nextDue(now) else { return }
        if let armed = armedAt, armed <= next { return }
        if let armedTimer { loop.cancelTimer(armedTimer) }
        armedAt = next
        // Loop timers have millisecond resolution; never wake before the instant.
        let delay = max(.zero, next - clock.now()) + .microseconds(500)
        armedTimer = loop.scheduleTimer(after: delay) { [weak self] in
            self?.assumeIsolated { hub in hub.timerFired(armed: next) }
        }
    }

    func timerFired(armed: Instant) {
        guard armedAt == armed else { return }
        armedAt = nil
        armedTimer = nil
        let now = advanceClock()
        expireGrace(now)
        if !subscribers.isEmpty {
            let last = lastStats ?? now
            if now >= last + (statsDirty ? settings.statsMinInterval : settings.statsMaxInterval) || lastStats == nil {
                pushStats(now: now)
            }
        }
        flush(now)
    }

    /// Agents whose reconnect grace ran out: their active interactions go back to their queue keeping
    /// their total wait (so ahead of later arrivals), and the source hears `agent_lost`.
    func expireGrace(_ now: Instant) {
        for (agent, until) in graceUntil where until <= now {
            graceUntil[agent] = nil
            guard agentLinks[agent] == nil, let snapshot = reading({ $0.agent(agent) }) else { continue }
            var retry = false
            for interaction in snapshot.active {
                lostFrom[interaction] = agent
                let failure = perform(now) { (r: inout Router) throws(RoutingError) in
                    try r.handle(.returnToQueue(interaction), at: now)
                }
                if let failure {
                    lostFrom[interaction] = nil
                    retry = true
                    logger.warning("could not re-queue work of a lost agent; retrying",
                                   metadata: ["sb.agent": "\(agent)", "sb.interaction": "\(interaction)", "sb.error": "\(failure)"])
                }
            }
            if retry { graceUntil[agent] = now + .seconds(1) }
            logger.info("agent did not come back within the grace; work re-queued", metadata: ["sb.agent": "\(agent)"])
        }
    }
}
