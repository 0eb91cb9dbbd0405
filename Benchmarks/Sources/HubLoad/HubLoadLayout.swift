import SwitchboardConfig

/// The shape of the simulated contact center: how many agents, queues and skills, and how many
/// interactions the source keeps open at once.
public struct HubLoadLayout: Sendable, Hashable {
    /// Agents logged in, voice capacity 1 each.
    public var agents: Int
    /// Queues; queue k requires skill k at level 1, so every queue has agents who can serve it.
    public var queues: Int
    /// Skills each agent holds (of `queues` skills, spread so each queue has `agents × skillsPerAgent / queues` agents).
    public var skillsPerAgent: Int
    /// Interactions the source keeps open (waiting, offered or active): a finished one is replaced at once.
    public var openInteractions: Int
    /// Distinct customer ids the source's interactions cycle through (`customer-0` …); 0 sends none.
    /// With ids the store also writes each interaction's entry in its customer index.
    public var customers: Int
    /// Whether the server remembers customers (`customers.memory`): off, customer ids are only stored.
    public var customerMemory: Bool

    /// - Parameters:
    ///   - agents: agents logged in (default 200).
    ///   - openInteractions: open interactions; nil keeps twice as many as there are agents, so a
    ///     freed agent always finds work waiting.
    ///   - customers: distinct customer ids to cycle through; 0 (the default) sends none.
    ///   - customerMemory: `customers.memory` of the server (on by default, as shipped).
    public init(agents: Int = 200, queues: Int = 20, skillsPerAgent: Int = 5, openInteractions: Int? = nil, customers: Int = 0,
                customerMemory: Bool = true) {
        self.agents = max(1, agents)
        self.queues = max(1, queues)
        self.skillsPerAgent = min(max(1, skillsPerAgent), max(1, queues))
        self.openInteractions = max(1, openInteractions ?? 2 * max(1, agents))
        self.customers = max(0, customers)
        self.customerMemory = customerMemory
    }

    public static func agentID(_ n: Int) -> String { "agent-\(n)" }
    public static func queueName(_ k: Int) -> String { "queue-\(k)" }
    public static func skillName(_ k: Int) -> String { "skill-\(k)" }
    public static func customerID(_ n: Int) -> String { "customer-\(n)" }
    public static let sourceName = "gateway"

    /// The server configuration of this layout: queue offer timeouts far beyond a run, no wrap-up,
    /// no aging, so every interaction goes enqueue → offer → accept → complete.
    public var configuration: SwitchboardConfiguration {
        var config = SwitchboardConfiguration()
        // These agents take work as soon as they log in (the shipped default is not ready).
        config.agentSettings.loginState = .available
        config.customers.memory = customerMemory
        config.skills = (0..<queues).map { SkillDefinition(name: Self.skillName($0)) }
        config.queues = (0..<queues).map { k in
            QueueDefinition(name: Self.queueName(k), channels: [.voice], requirements: [Self.skillName(k): 1],
                            agingPointsPerSecond: 0, wrapUpSeconds: 0, offerTimeoutSeconds: 600)
        }
        config.agents = (0..<agents).map { n in
            var skills: [String: Int] = [:]
            for s in 0..<skillsPerAgent {
                // Agent n covers queues n, n + step, n + 2·step…: an even spread over the queues.
                let step = max(1, queues / skillsPerAgent)
                skills[Self.skillName((n + s * step) % queues)] = 1 + (n + s) % 10
            }
            return AgentDefinition(id: Self.agentID(n), name: "Agent \(n)", skills: skills, capacity: [.voice: 1])
        }
        return config
    }
}
