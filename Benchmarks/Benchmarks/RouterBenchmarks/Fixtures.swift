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

    // MARK: Tiers and the wellbeing guard on

    /// Three tiers over the pool: platinum (agent0–agent19, reserve 2), gold (agent20–agent219, and
    /// the backlog's picker), silver (agent220–agent1219), each with a boost and a fallback; 5 % of
    /// agents are new (shielded from demanding work), queues with an aging rate of 1 require learning
    /// agents. Tiers name their agents by id, so the backlog (the picker alone) keeps gold only.
    static func policyConfiguration(agents: [AgentProfile]) -> RoutingConfiguration {
        var agents = agents
        for k in agents.indices where agents[k].id != picker.id && k % 20 == 7 { agents[k].stage = .new }
        func dedicated(_ range: Range<Int>) -> Set<AgentID> { Set(range.map { AgentID("agent\($0)") }) }
        var queues = queueConfigurations()
        for k in queues.indices where k % 3 == 2 { queues[k].minimumStage = .learning }
        return RoutingConfiguration(queues: queues, agents: agents, randomSeed: 1, tiers: [
            TierConfiguration(name: "platinum", dedicatedAgents: dedicated(0..<20), priorityBoost: 30, fallback: .seconds(30), reserve: 2),
            TierConfiguration(name: "gold", dedicatedAgents: dedicated(20..<220).union([picker.id]), priorityBoost: 20, fallback: .seconds(20)),
            TierConfiguration(name: "silver", dedicatedAgents: dedicated(220..<1_220), priorityBoost: 10, fallback: .seconds(10)),
        ])
    }

    /// The tier (or none) and whether demanding, for the n-th request: 5 % platinum, 10 % gold, 15 %
    /// silver; one in five demanding.
    static func policyMarks(_ n: Int) -> (tier: String?, demanding: Bool) {
        let tier: String? = switch n % 20 {
        case 0: "platinum"
        case 1, 2: "gold"
        case 3, 4, 5: "silver"
        default: nil
        }
        return (tier, n % 5 == 3)
    }

    static let policyArrivals: [InteractionRequest] = (0..<2048).map { n in
        let marks = policyMarks(n)
        return InteractionRequest(id: interactionID(n), queue: queue(n % queues), tier: marks.tier, demanding: marks.demanding)
    }

    /// Agents shielded by a cool-down at the start: one in ten.
    static func shieldedAtStart(_ k: Int) -> Bool { k % 10 == 4 }
}

