import OrderedCollections
import Logging
public import SwitchboardConfig
import SwitchboardRouter

/// What a reload did.
public enum ReloadOutcome: Sendable, Equatable {
    /// The new configuration is in force.
    case applied(ConfigChangeSummary)
    /// Nothing changed; every problem found.
    case refused([String])
}

extension HubCore {
    /// Applies an already parsed and validated configuration atomically, between two routing
    /// decisions: all of it or none of it. Waiting interactions of removed queues move to the queue
    /// `reload.removed_queues` names; a removed queue still holding work without one refuses it.
    /// Connections are never closed; agents removed log out once their work is done.
    public mutating func reconfigure(to new: SwitchboardConfiguration, in context: HubContext, into actions: inout [HubAction]) -> ReloadOutcome {
        begin(context, &actions)
        defer { end(&actions) }
        let now = context.now
        let today = CalendarDate(epochMilliseconds: Int64(context.wallMilliseconds))
        let target = RoutingConfigurationMapper.routingConfiguration(from: new, today: today)
        let kept = Set(new.queues.map(\.name))

        // Where the interactions of removed queues go.
        var held: [String: [InteractionID]] = [:]
        for id in ledger.owners.keys {
            guard let snapshot = router.interaction(id), !kept.contains(snapshot.queue.rawValue) else { continue }
            held[snapshot.queue.rawValue, default: []].append(id)
        }
        var problems: [String] = []
        var destinations: [String: String] = [:]
        for (queue, ids) in held.sorted(by: { $0.key < $1.key }) {
            guard let destination = new.reload.removedQueueTargets[queue] else {
                problems.append("queues: removed queue \"\(queue)\" still holds \(ids.count) interaction(s); name where they go under reload.removed_queues")
                continue
            }
            guard kept.contains(destination) else {
                problems.append("reload.removed_queues.\(queue): \"\(destination)\" is not a queue of the new configuration")
                continue
            }
            destinations[queue] = destination
        }
        guard problems.isEmpty else { return refuseReload(problems) }

        // Everything happens on a copy, swapped in only when every step succeeded.
        var trial = router
        effects.removeAll(keepingCapacity: true)
        do throws(RoutingError) {
            let targets = Set(destinations.values)
            if targets.count <= 1 {
                try trial.handle(.reconfigure(target, movingWorkOfRemovedQueuesTo: targets.first.map { QueueID($0) }), at: now, into: &effects)
            } else {
                // Several destinations: keep the removed queues for a moment, move their work, then drop them.
                var bridge = target
                bridge.queues += router.configuration.queues.filter { destinations[$0.id.rawValue] != nil }
                try trial.handle(.reconfigure(bridge, movingWorkOfRemovedQueuesTo: nil), at: now, into: &effects)
                for (queue, ids) in held {
                    guard let destination = destinations[queue] else { continue }
                    for id in ids { try trial.handle(.transfer(id, to: QueueID(destination)), at: now, into: &effects) }
                }
                try trial.handle(.reconfigure(target, movingWorkOfRemovedQueuesTo: nil), at: now, into: &effects)
            }
        } catch {
            return refuseReload(["routing: \(error)"])
        }
        let summary = ConfigChangeSummary(from: configuration, to: new)
        router = trial
        configuration = new
        stageRollAtMs = Self.midnightAfter(today)
        policies = RoutingConfigurationMapper.policies(from: new)
        declaredSkills = Set(new.skills.map(\.name))
        reconfigureSignals(new)
        applyEffects(now)
        for agent in router.configuration.agents { presence.dirty.append(agent.id) }
        for id in presence.pushedStatus.keys { presence.dirty.append(id) }
        statsDirty = true
        counters.reloadsApplied += 1
        logger.notice("configuration reloaded", metadata: ["sb.changes": "\(summary)"])
        return .applied(summary)
    }

    mutating func refuseReload(_ problems: [String]) -> ReloadOutcome {
        counters.reloadsRefused += 1
        logger.warning("configuration reload refused", metadata: ["sb.problems": "\(problems.joined(separator: "; "))"])
        return .refused(problems)
    }
}
