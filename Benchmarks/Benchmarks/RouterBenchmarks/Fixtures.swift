import SwitchboardRouter
import SwitchboardTesting

/// The shapes the routing targets are stated for: 10,000 agents over 100 skills, 200 queues,
/// 50,000 waiting interactions. Everything is generated from fixed seeds, so runs are comparable.
enum Fixtures {
    static let skills = 100
    static let queues = 200
    static let agents = 10_000
    static let waiting = 50_000
    static let skillsPerAgent = 10

    static func skill(_ k: Int) -> String { "skill\(k)" }
    static func queue(_ k: Int) -> QueueID { QueueID("queue\(k)") }

    /// 200 voice queues; queue k requires skill k mod 100 (level 1 for the first hundred, 5 for the
    /// others), with aging rates of 0, 0.5 or 1 point/s so the cross-queue comparison matters.
    static func queueConfigurations() -> [QueueConfiguration] {
        (0..<queues).map { k in
            QueueConfiguration(
                id: queue(k),
                requirements: [skill(k % skills): k < skills ? 1 : 5],
                agingPointsPerSecond: [0, 0.5, 1][k % 3]
            )
        }
    }

    /// Agents with 10 distinct skills each, proficiency 1–10, voice capacity 1.
    static func agentProfiles(count: Int, seed: UInt64) -> [AgentProfile] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { n in
            var held: [String: Int] = [:]
            while held.count < skillsPerAgent {
                held[skill(rng.next(below: skills))] = 1 + rng.next(below: 10)
            }
            return AgentProfile(id: AgentID("agent\(n)"), skills: held, capacity: [.voice: 1])
        }
    }

    /// The agent that takes work from the 50,000-deep backlog: it serves 20 of the 200 queues.
    static let picker = AgentProfile(
        id: "picker",
        skills: Dictionary(uniqueKeysWithValues: (0..<skillsPerAgent).map { (skill($0 * 10), 10) }),
        capacity: [.voice: 1]
    )

    static func configuration(agents: [AgentProfile]) -> RoutingConfiguration {
        RoutingConfiguration(queues: queueConfigurations(), agents: agents, randomSeed: 1)
    }

    /// Interaction ids short enough to be stored inline (no allocation).
    static func interactionID(_ n: Int) -> InteractionID { InteractionID("i\(n)") }

    /// Arrival requests built ahead of time, spread over the 200 queues, so the measured loop does no
    /// string formatting: ids repeat every 2,048 (each sample withdraws its arrivals).
    static let arrivals: [InteractionRequest] = (0..<2048).map { n in
        InteractionRequest(id: interactionID(n), queue: queue(n % queues))
    }
}
