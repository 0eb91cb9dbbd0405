import SwitchboardConfig
import SwitchboardRouter

extension HubCore {
    /// The routing owner's part of a `/metrics` scrape at `now`. O(queues + agents + connections):
    /// paid once per scrape, never per routing decision.
    func metricsReading(at now: Instant) -> HubReading {
        var tally = tally
        tally.drainSamples()
        var reading = HubReading(tally: tally)
        for queue in router.configuration.queues {
            guard let stats = router.statistics(for: queue.id) else { continue }
            reading.queues.append(HubReading.Queue(name: queue.id.rawValue, statistics: stats, longestWait: stats.longestWait(at: now),
                                                   serviceLevelThreshold: queue.serviceLevelThreshold))
        }
        for state in AgentLine.states { reading.agentsByState[state] = 0 }
        for reason in AgentLine.knownReasons + ["other"] { reading.agentsNotReady[reason] = 0 }
        for profile in router.configuration.agents {
            guard let work = router.workload(of: profile.id), work.inRoster else { continue }
            let line = WireMapping.line(work.state, offers: work.offers, active: work.active, wrapping: work.wrappingUp)
            reading.agentsByState[line.state, default: 0] += 1
            if case .notReady(let reason) = work.state {
                reading.agentsNotReady[AgentLine.reasonLabel(reason), default: 0] += 1
            }
        }
        for role in Role.allCases { reading.connectionsByRole[role] = 0 }
        for (connection, principal) in connections.principals where !connections.replaced.contains(connection) {
            reading.connectionsByRole[principal.role, default: 0] += 1
        }
        return reading
    }
}
