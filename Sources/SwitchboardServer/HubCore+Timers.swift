import OrderedCollections
import Logging
public import SwitchboardRouter

extension HubCore {
    /// The earliest instant anything is due: a router timer, a reconnect grace, a signal (complaint
    /// deadline, window roll, memory pruning) or a `stats` push. The shell keeps one timer armed for it.
    ///
    /// `mutating` though it changes nothing: the shell then reads its stored core in place, where a
    /// getter copied the whole core (every dictionary and buffer retained and released) after each step.
    public mutating func nextDue() -> Instant? {
        var next = router.nextDeadline
        func consider(_ instant: Instant) {
            if next.map({ instant < $0 }) ?? true { next = instant }
        }
        for until in presence.graceUntil.values { consider(until) }
        if let due = signalsDue {
            consider(context.now + .milliseconds(due - Int64(context.wallMilliseconds)))
        }
        if !connections.subscribers.isEmpty {
            let last = lastStats ?? context.now
            consider(last + (statsDirty ? settings.statsMinInterval : settings.statsMaxInterval))
        }
        return next
    }

    /// The armed timer fired (router timers already fired when the step began).
    mutating func timerFired(_ now: Instant) {
        expireGrace(now)
        signalsTick()
        if !connections.subscribers.isEmpty {
            let last = lastStats ?? now
            if now >= last + (statsDirty ? settings.statsMinInterval : settings.statsMaxInterval) || lastStats == nil {
                pushStats(now: now)
            }
        }
    }

    /// Agents whose reconnect grace ran out: their active interactions go back to their queue keeping
    /// their total wait (so ahead of later arrivals), and the source hears `agent_lost`.
    mutating func expireGrace(_ now: Instant) {
        for (agent, until) in presence.graceUntil where until <= now {
            presence.graceUntil[agent] = nil
            guard connections.agents[agent] == nil, let snapshot = router.agent(agent) else { continue }
            var retry = false
            for interaction in snapshot.active {
                ledger.lostFrom[interaction] = agent
                if let failure = perform(.returnToQueue(interaction), now) {
                    ledger.lostFrom[interaction] = nil
                    retry = true
                    logger.warning("could not re-queue work of a lost agent; retrying",
                                   metadata: ["sb.agent": "\(agent)", "sb.interaction": "\(interaction)", "sb.error": "\(failure)"])
                }
            }
            if retry { presence.graceUntil[agent] = now + .seconds(1) }
            logger.info("agent did not come back within the grace; work re-queued", metadata: ["sb.agent": "\(agent)"])
        }
    }
}
