import Foundation
import Yams

/// Reads a ``Scenario`` from YAML. Every error names the field, the value and the limit.
public enum ScenarioParser {
    public static func load(contentsOf path: String) throws(ScenarioError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(path: "", message: "cannot read scenario file \(path)")
        }
        let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(yaml: String(decoding: data, as: UTF8.self), defaultName: fallbackName)
    }

    public static func parse(yaml: String, defaultName: String = "scenario") throws(ScenarioError) -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ScenarioError(path: "", message: "not valid YAML: \(error)")
        }
        guard let root else { throw ScenarioError(path: "", message: "the scenario file is empty") }
        do {
            return try Reader().scenario(root, defaultName: defaultName)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(path: "", message: "\(error)")
        }
    }
}

/// Walks the node tree; one method per section.
private struct Reader {
    typealias Fields = [String: Node]

    static let rootKeys = ["name", "seed", "duration_seconds", "count", "drain_seconds", "service_level_seconds", "tokens",
                           "sources", "agents", "queues", "arrivals", "mix", "agent_behaviour", "patience", "reload", "churn", "memory",
                           "customers", "topics", "topic_attribute", "spike", "server_customers", "server_alerts", "server_tiers",
                           "server_wellbeing", "watch_alerts", "watch_agents"]

    func scenario(_ root: Node, defaultName: String) throws -> Scenario {
        let f = try fields(root, "", allowed: Self.rootKeys)
        let name = try f["name"].map { try string($0, "name") } ?? defaultName
        let seed = try f["seed"].map { UInt64(try int($0, "seed", 0...Int.max)) } ?? 1
        let duration = try f["duration_seconds"].map { try number($0, "duration_seconds", above: 0, max: 86_400) }
        let count = try f["count"].map { try int($0, "count", 1...100_000_000) }
        if duration == nil && count == nil {
            throw ScenarioError(path: "duration_seconds", message: "missing: give duration_seconds, count, or both", line: line(root))
        }
        let queues = try list(require(f, "queues", root), "queues") { try queue($0, $1) }
        var names = Set<String>()
        for (index, queue) in queues.enumerated() where !names.insert(queue.name).inserted {
            throw ScenarioError(path: "queues[\(index)].name", message: "duplicate queue \"\(queue.name)\"")
        }
        let groups = try list(require(f, "agents", root), "agents") { try agentGroup($0, $1) }
        var groupNames = Set<String>()
        for (index, group) in groups.enumerated() where !groupNames.insert(group.name).inserted {
            throw ScenarioError(path: "agents[\(index)].group", message: "duplicate agent group \"\(group.name)\"")
        }
        let mix = try list(require(f, "mix", root), "mix") { try mixEntry($0, $1, queues: queues) }
        let scenario = Scenario(
            name: name, seed: seed, durationSeconds: duration, count: count,
            drainSeconds: try f["drain_seconds"].map { try number($0, "drain_seconds", min: 0, max: 3600) } ?? 30,
            serviceLevelSeconds: try f["service_level_seconds"].map { try number($0, "service_level_seconds", above: 0, max: 86_400) } ?? 20,
            tokenPattern: try f["tokens"].map { try tokenPattern($0) } ?? "bench-{role}-{id}",
            sources: try f["sources"].map { try int($0, "sources", 1...1000) } ?? 1,
            agentGroups: groups, queues: queues,
            arrivals: try arrivals(require(f, "arrivals", root)),
            mix: mix,
            behaviour: try f["agent_behaviour"].map { try behaviour($0) } ?? AgentBehaviour(),
            patience: try f["patience"].map { try distribution($0, "patience") },
            reload: try f["reload"].map { try reload($0) },
            churn: try f["churn"].map { try churn($0) },
            memory: try f["memory"].map { try memory($0) },
            customers: try f["customers"].map { try customers($0) },
            topics: try f["topics"].map { try topics($0) } ?? [],
            topicAttribute: try f["topic_attribute"].map { try identifier($0, "topic_attribute") } ?? "topic",
            spike: try f["spike"].map { try spike($0, durationSeconds: duration) },
            serverCustomers: try f["server_customers"].map { try serverSection($0, "server_customers") },
            serverAlerts: try f["server_alerts"].map { try serverSection($0, "server_alerts") },
            serverTiers: try f["server_tiers"].map { try serverTiers($0, groups: groups) },
            serverWellbeing: try f["server_wellbeing"].map { try serverSection($0, "server_wellbeing") },
            watchAlerts: try f["watch_alerts"].map { try bool($0, "watch_alerts") },
            watchAgents: try f["watch_agents"].map { try bool($0, "watch_agents") }
        )
        try checkTopicAttribute(scenario, f)
        try checkMixTiers(scenario, f)
        if let memory = scenario.memory, let duration, memory.warmUpSeconds + 2 * memory.sampleEverySeconds > duration {
            throw ScenarioError(path: "memory.warm_up_seconds", message: "\(format(memory.warmUpSeconds)) leaves fewer than two samples before arrivals stop (duration_seconds \(format(duration)), a sample every \(format(memory.sampleEverySeconds)) s)")
        }
        if scenario.agentGroups.allSatisfy({ $0.count == 0 }) {
            throw ScenarioError(path: "agents", message: "the floor needs at least one agent")
        }
        return scenario
    }

    // MARK: Sections

    func queue(_ node: Node, _ path: String) throws -> QueueSpec {
        let f = try fields(node, path, allowed: ["name", "channels", "requirements", "strategy", "priority", "wrap_up_seconds",
                                                 "offer_timeout_seconds", "parallel_offers", "max_size"])
        let name = try identifier(require(f, "name", node, path), join(path, "name"))
        let channels = try list(require(f, "channels", node, path), join(path, "channels")) { (n, p) throws in try channel(n, p) }
        if channels.isEmpty { throw ScenarioError(path: join(path, "channels"), message: "a queue needs at least one channel", line: line(node)) }
        var queue = QueueSpec(name: name, channels: channels)
        if let n = f["requirements"] { queue.requirements = try levels(n, join(path, "requirements")) }
        if let n = f["strategy"] {
            let strategies = ["longest-idle", "least-occupied", "most-skilled", "round-robin", "fewest-handled", "random"]
            let value = try string(n, join(path, "strategy"))
            guard strategies.contains(value) else {
                throw ScenarioError(path: join(path, "strategy"), message: "unknown strategy \"\(value)\" (expected one of \(strategies.joined(separator: ", ")))", line: line(n))
            }
            queue.strategy = value
        }
        if let n = f["priority"] { queue.priority = try int(n, join(path, "priority"), 0...100) }
        if let n = f["wrap_up_seconds"] { queue.wrapUpSeconds = try number(n, join(path, "wrap_up_seconds"), min: 0, max: 3600) }
        if let n = f["offer_timeout_seconds"] { queue.offerTimeoutSeconds = try number(n, join(path, "offer_timeout_seconds"), min: 1, max: 900) }
        if let n = f["parallel_offers"] { queue.parallelOffers = try int(n, join(path, "parallel_offers"), 1...50) }
        if let n = f["max_size"] { queue.maxSize = try int(n, join(path, "max_size"), 1...10_000_000) }
        return queue
    }

    func agentGroup(_ node: Node, _ path: String) throws -> AgentGroup {
        let f = try fields(node, path, allowed: ["group", "count", "skills", "capacity", "total_capacity", "stage"])
        var group = AgentGroup(name: try identifier(require(f, "group", node, path), join(path, "group")),
                               count: try int(require(f, "count", node, path), join(path, "count"), 0...100_000))
        if let n = f["skills"] {
            for (key, value) in try mapping(n, join(path, "skills")) {
                let p = join(join(path, "skills"), key)
                _ = try identifier(.scalar(.init(key)), p)
                if case .sequence(let seq) = value {
                    let bounds = Array(seq)
                    guard bounds.count == 2 else {
                        throw ScenarioError(path: p, message: "expected a level 1–10 or a range [low, high], got a list of \(bounds.count)", line: line(value))
                    }
                    let low = try int(bounds[0], "\(p)[0]", 1...10)
                    let high = try int(bounds[1], "\(p)[1]", 1...10)
                    guard low <= high else { throw ScenarioError(path: p, message: "range [\(low), \(high)] is empty (low above high)", line: line(value)) }
                    group.skills[key] = low...high
                } else {
                    let level = try int(value, p, 1...10)
                    group.skills[key] = level...level
                }
            }
        }
        if let n = f["capacity"] {
            for (key, value) in try mapping(n, join(path, "capacity")) {
                let p = join(join(path, "capacity"), key)
                _ = try channel(.scalar(.init(key)), p)
                group.capacity[key] = try int(value, p, 0...50)
            }
        }
        if let n = f["total_capacity"] { group.totalCapacity = try int(n, join(path, "total_capacity"), 1...500) }
        if let n = f["stage"] {
            let stage = try string(n, join(path, "stage"))
            guard AgentGroup.stages.contains(stage) else {
                throw ScenarioError(path: join(path, "stage"), message: "unknown stage \"\(stage)\" (expected one of \(AgentGroup.stages.joined(separator: ", ")))", line: line(n))
            }
            group.stage = stage
        }
        return group
    }

    func mixEntry(_ node: Node, _ path: String, queues: [QueueSpec]) throws -> MixEntry {
        let f = try fields(node, path, allowed: ["weight", "channel", "queue", "skills", "priority", "tier", "attributes", "handle"])
        let queueName = try string(require(f, "queue", node, path), join(path, "queue"))
        guard let queue = queues.first(where: { $0.name == queueName }) else {
            throw ScenarioError(path: join(path, "queue"), message: "unknown queue \"\(queueName)\" (queues: \(queues.map(\.name).joined(separator: ", ")))", line: line(node))
        }
        let channelNode = try require(f, "channel", node, path)
        let channelName = try channel(channelNode, join(path, "channel"))
        guard queue.channels.contains(channelName) else {
            throw ScenarioError(path: join(path, "channel"), message: "queue \"\(queueName)\" does not take \(channelName) (it takes \(queue.channels.joined(separator: ", ")))", line: line(channelNode))
        }
        return MixEntry(
            weight: try f["weight"].map { try number($0, join(path, "weight"), above: 0, max: 1_000_000) } ?? 1,
            channel: channelName, queue: queueName,
            skills: try f["skills"].map { try levels($0, join(path, "skills")) },
            priority: try f["priority"].map { try int($0, join(path, "priority"), 0...100) },
            tier: try f["tier"].map { try identifier($0, join(path, "tier")) },
            attributes: try f["attributes"].map { try attributes($0, join(path, "attributes")) } ?? [:],
            handle: try distribution(require(f, "handle", node, path), join(path, "handle")))
    }

    /// A mapping of attribute names to text values (`{kind: complaint}`).
    func attributes(_ node: Node, _ path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try mapping(node, path) {
            let p = join(path, key)
            _ = try identifier(.scalar(.init(key)), p)
            guard case .scalar = value else {
                throw ScenarioError(path: p, message: "expected text, got \(describe(value))", line: line(value))
            }
            result[key] = try string(value, p)
        }
        return result
    }

    func arrivals(_ node: Node) throws -> ArrivalProcess {
        let f = try fields(node, "arrivals", allowed: ["rate_per_second", "bursts"])
        var process = ArrivalProcess(ratePerSecond: try number(require(f, "rate_per_second", node, "arrivals"), "arrivals.rate_per_second", min: 0, max: 1_000_000))
        if let n = f["bursts"] {
            process.bursts = try list(n, "arrivals.bursts") { (node, path) throws in
                let b = try fields(node, path, allowed: ["start_seconds", "duration_seconds", "rate_per_second", "every_seconds"])
                let burst = ArrivalProcess.Burst(
                    startSeconds: try number(require(b, "start_seconds", node, path), join(path, "start_seconds"), min: 0, max: 86_400),
                    durationSeconds: try number(require(b, "duration_seconds", node, path), join(path, "duration_seconds"), above: 0, max: 86_400),
                    ratePerSecond: try number(require(b, "rate_per_second", node, path), join(path, "rate_per_second"), min: 0, max: 1_000_000),
                    everySeconds: try b["every_seconds"].map { try number($0, join(path, "every_seconds"), above: 0, max: 86_400) })
                if let every = burst.everySeconds, every < burst.durationSeconds {
                    throw ScenarioError(path: join(path, "every_seconds"), message: "\(every) is shorter than duration_seconds (\(burst.durationSeconds)): bursts would overlap", line: line(node))
                }
                return burst
            }
        }
        if process.ratePerSecond == 0 && process.bursts.allSatisfy({ $0.ratePerSecond == 0 }) {
            throw ScenarioError(path: "arrivals.rate_per_second", message: "nothing would ever arrive (every rate is 0)", line: line(node))
        }
        return process
    }

    func behaviour(_ node: Node) throws -> AgentBehaviour {
        let path = "agent_behaviour"
        let f = try fields(node, path, allowed: ["accept_delay", "reject_probability", "not_ready"])
        var behaviour = AgentBehaviour()
        if let n = f["accept_delay"] { behaviour.acceptDelay = try distribution(n, join(path, "accept_delay")) }
        if let n = f["reject_probability"] { behaviour.rejectProbability = try number(n, join(path, "reject_probability"), min: 0, max: 1) }
        if let n = f["not_ready"] {
            let p = join(path, "not_ready")
            let s = try fields(n, p, allowed: ["share", "every_seconds", "duration_seconds", "reason"])
            let schedule = NotReadySchedule(
                share: try number(require(s, "share", n, p), join(p, "share"), min: 0, max: 1),
                everySeconds: try number(require(s, "every_seconds", n, p), join(p, "every_seconds"), above: 0, max: 86_400),
                durationSeconds: try number(require(s, "duration_seconds", n, p), join(p, "duration_seconds"), above: 0, max: 86_400),
                reason: try s["reason"].map { try string($0, join(p, "reason")) } ?? "break")
            if schedule.durationSeconds >= schedule.everySeconds {
                throw ScenarioError(path: join(p, "duration_seconds"), message: "\(schedule.durationSeconds) must be shorter than every_seconds (\(schedule.everySeconds))", line: line(n))
            }
            behaviour.notReady = schedule
        }
        return behaviour
    }

    func reload(_ node: Node) throws -> ReloadSchedule {
        let f = try fields(node, "reload", allowed: ["every_seconds", "via"])
        var schedule = ReloadSchedule(everySeconds: try number(require(f, "every_seconds", node, "reload"), "reload.every_seconds", min: 0.1, max: 86_400))
        if let n = f["via"] {
            let text = try string(n, "reload.via")
            guard let via = ReloadSchedule.Via(rawValue: text) else {
                let expected = ReloadSchedule.Via.allCases.map(\.rawValue).joined(separator: ", ")
                throw ScenarioError(path: "reload.via", message: "unknown way \"\(text)\" (expected one of \(expected))", line: line(n))
            }
            schedule.via = via
        }
        return schedule
    }

    func churn(_ node: Node) throws -> ChurnSchedule {
        let path = "churn"
        let f = try fields(node, path, allowed: ["log_out", "drop", "reconnect_grace_seconds"])
        var churn = ChurnSchedule()
        if let n = f["reconnect_grace_seconds"] {
            churn.reconnectGraceSeconds = try number(n, join(path, "reconnect_grace_seconds"), min: 0, max: 3600)
        }
        if let n = f["log_out"] {
            let p = join(path, "log_out")
            let c = try fields(n, p, allowed: ["share", "every_seconds", "away_seconds"])
            churn.logOut = ChurnSchedule.LogOut(
                share: try number(require(c, "share", n, p), join(p, "share"), min: 0, max: 1),
                everySeconds: try number(require(c, "every_seconds", n, p), join(p, "every_seconds"), above: 0, max: 86_400),
                away: try distribution(require(c, "away_seconds", n, p), join(p, "away_seconds")))
        }
        if let n = f["drop"] {
            let p = join(path, "drop")
            let c = try fields(n, p, allowed: ["share", "every_seconds", "reconnect_seconds"])
            churn.drop = ChurnSchedule.Drop(
                share: try number(require(c, "share", n, p), join(p, "share"), min: 0, max: 1),
                everySeconds: try number(require(c, "every_seconds", n, p), join(p, "every_seconds"), above: 0, max: 86_400),
                reconnect: try distribution(require(c, "reconnect_seconds", n, p), join(p, "reconnect_seconds")))
        }
        if churn.logOut == nil && churn.drop == nil {
            throw ScenarioError(path: path, message: "give log_out, drop, or both", line: line(node))
        }
        return churn
    }

    func memory(_ node: Node) throws -> MemoryCheck {
        let path = "memory"
        let f = try fields(node, path, allowed: ["sample_every_seconds", "warm_up_seconds", "max_growth_mb_per_minute"])
        var check = MemoryCheck()
        if let n = f["sample_every_seconds"] { check.sampleEverySeconds = try number(n, join(path, "sample_every_seconds"), min: 0.5, max: 3600) }
        if let n = f["warm_up_seconds"] { check.warmUpSeconds = try number(n, join(path, "warm_up_seconds"), min: 0, max: 86_400) }
        if let n = f["max_growth_mb_per_minute"] {
            check.maxGrowthMBPerMinute = try number(n, join(path, "max_growth_mb_per_minute"), above: 0, max: 100_000)
        }
        return check
    }

    /// A number is a constant; a mapping names the distribution.
    func distribution(_ node: Node, _ path: String) throws -> Distribution {
        if case .scalar = node { return .constant(try number(node, path, min: 0, max: 86_400)) }
        let f = try fields(node, path, allowed: ["distribution", "mean", "sigma", "min", "max", "value"])
        let kinds = ["constant", "exponential", "lognormal", "uniform"]
        let kindNode = try require(f, "distribution", node, path)
        let kind = try string(kindNode, join(path, "distribution"))
        switch kind {
        case "constant":
            return .constant(try number(require(f, "value", node, path), join(path, "value"), min: 0, max: 86_400))
        case "exponential":
            return .exponential(mean: try number(require(f, "mean", node, path), join(path, "mean"), above: 0, max: 86_400))
        case "lognormal":
            return .lognormal(mean: try number(require(f, "mean", node, path), join(path, "mean"), above: 0, max: 86_400),
                              sigma: try f["sigma"].map { try number($0, join(path, "sigma"), min: 0, max: 5) } ?? 0.5)
        case "uniform":
            let low = try number(require(f, "min", node, path), join(path, "min"), min: 0, max: 86_400)
            let high = try number(require(f, "max", node, path), join(path, "max"), min: 0, max: 86_400)
            guard low <= high else { throw ScenarioError(path: join(path, "max"), message: "\(high) is below min (\(low))", line: line(node)) }
            return .uniform(min: low, max: high)
        default:
            throw ScenarioError(path: join(path, "distribution"), message: "unknown distribution \"\(kind)\" (expected one of \(kinds.joined(separator: ", ")))", line: line(kindNode))
        }
    }

    func customers(_ node: Node) throws -> CustomerPopulation {
        let path = "customers"
        let f = try fields(node, path, allowed: ["population", "repeat_share", "repeat_within_seconds"])
        var population = CustomerPopulation(population: try int(require(f, "population", node, path), join(path, "population"), 1...100_000_000))
        if let n = f["repeat_share"] { population.repeatShare = try number(n, join(path, "repeat_share"), min: 0, max: 1) }
        if let n = f["repeat_within_seconds"] {
            population.repeatWithinSeconds = try number(n, join(path, "repeat_within_seconds"), above: 0, max: 2_592_000)
        }
        return population
    }

    func topics(_ node: Node) throws -> [TopicWeight] {
        let topics = try list(node, "topics") { (n, p) throws -> TopicWeight in
            let f = try fields(n, p, allowed: ["name", "weight"])
            return TopicWeight(name: try identifier(require(f, "name", n, p), join(p, "name")),
                               weight: try f["weight"].map { try number($0, join(p, "weight"), above: 0, max: 1_000_000) } ?? 1)
        }
        if topics.isEmpty { throw ScenarioError(path: "topics", message: "give at least one topic, or leave topics out", line: line(node)) }
        var names = Set<String>()
        for (index, topic) in topics.enumerated() where !names.insert(topic.name).inserted {
            throw ScenarioError(path: "topics[\(index)].name", message: "duplicate topic \"\(topic.name)\"", line: line(node))
        }
        return topics
    }

    func spike(_ node: Node, durationSeconds: Double?) throws -> TopicSpike {
        let path = "spike"
        let f = try fields(node, path, allowed: ["topic", "start_seconds", "duration_seconds", "rate_per_second"])
        let spike = TopicSpike(
            topic: try identifier(require(f, "topic", node, path), join(path, "topic")),
            startSeconds: try number(require(f, "start_seconds", node, path), join(path, "start_seconds"), min: 0, max: 86_400),
            durationSeconds: try number(require(f, "duration_seconds", node, path), join(path, "duration_seconds"), above: 0, max: 86_400),
            ratePerSecond: try number(require(f, "rate_per_second", node, path), join(path, "rate_per_second"), above: 0, max: 1_000_000))
        if let durationSeconds, spike.startSeconds >= durationSeconds {
            throw ScenarioError(path: join(path, "start_seconds"), message: "\(format(spike.startSeconds)) is not before the end of arrivals (duration_seconds \(format(durationSeconds)))", line: line(node))
        }
        return spike
    }

    /// A section of the server's configuration, kept as YAML for the generated file; the server checks its keys.
    func serverSection(_ node: Node, _ path: String) throws -> String {
        _ = try mapping(node, path)
        do {
            return try Yams.serialize(node: node)
        } catch {
            throw ScenarioError(path: path, message: "cannot be written back as YAML: \(error)", line: line(node))
        }
    }

    /// The server's `tiers:` list, kept as YAML for the generated file. Each tier needs a name; the groups it
    /// dedicates must be the scenario's agent groups (the server checks every other key).
    func serverTiers(_ node: Node, groups: [AgentGroup]) throws -> String {
        let path = "server_tiers"
        var names = Set<String>()
        _ = try list(node, path) { (n, p) throws -> Void in
            let f = try mapping(n, p)
            guard let nameNode = f.first(where: { $0.0 == "name" })?.1 else {
                throw ScenarioError(path: join(p, "name"), message: "missing required key \"name\"", line: line(n))
            }
            let name = try identifier(nameNode, join(p, "name"))
            guard names.insert(name).inserted else {
                throw ScenarioError(path: join(p, "name"), message: "duplicate tier \"\(name)\"", line: line(nameNode))
            }
            guard let groupsNode = f.first(where: { $0.0 == "groups" })?.1 else { return }
            let known = groups.filter { $0.count > 0 }.map(\.name)
            _ = try list(groupsNode, join(p, "groups")) { (g, gp) throws -> Void in
                let group = try string(g, gp)
                guard known.contains(group) else {
                    throw ScenarioError(path: gp, message: "unknown agent group \"\(group)\" (groups with agents: \(known.joined(separator: ", ")))", line: line(g))
                }
            }
        }
        if names.isEmpty { throw ScenarioError(path: path, message: "give at least one tier, or leave server_tiers out", line: line(node)) }
        do {
            return try Yams.serialize(node: node)
        } catch {
            throw ScenarioError(path: path, message: "cannot be written back as YAML: \(error)", line: line(node))
        }
    }

    /// A mix entry's tier must be one of `server_tiers` when the scenario gives them (a server started by
    /// hand has its own); and its attributes must not carry the topic, which arrivals send themselves.
    func checkMixTiers(_ scenario: Scenario, _ f: Fields) throws {
        let tiers: Set<String>? = try f["server_tiers"].map { node in
            guard case .sequence(let sequence) = node else { return [] }
            return Set(try sequence.compactMap { item -> String? in
                guard case .mapping(let mapping) = item else { return nil }
                return mapping.first { $0.key.string == "name" }?.value.string
            })
        }
        let mixNodes: [Node] = { if case .sequence(let s)? = f["mix"] { return Array(s) } else { return [] } }()
        for (index, entry) in scenario.mix.enumerated() {
            let node = mixNodes[safe: index]
            if let tier = entry.tier, let tiers, !tiers.contains(tier) {
                throw ScenarioError(path: "mix[\(index)].tier", message: "unknown tier \"\(tier)\" (server_tiers: \(tiers.sorted().joined(separator: ", ")))", line: node.flatMap(line))
            }
            if !scenario.topics.isEmpty || scenario.spike != nil, entry.attributes[scenario.topicAttribute] != nil {
                throw ScenarioError(path: "mix[\(index)].attributes.\(scenario.topicAttribute)", message: "arrivals carry their topic as \"\(scenario.topicAttribute)\" already (drawn from topics)", line: node.flatMap(line))
            }
        }
    }

    /// The server counts topics under its own `customers.topic_attribute` (default `topic`): a scenario whose
    /// arrivals carry topics must send them under that name.
    func checkTopicAttribute(_ scenario: Scenario, _ f: Fields) throws {
        guard !scenario.topics.isEmpty || scenario.spike != nil else { return }
        var serverAttribute = "topic"
        var serverNode: Node?
        if let section = f["server_customers"], case .mapping(let mapping) = section,
           let value = mapping.first(where: { $0.key.string == "topic_attribute" })?.value, let text = value.string {
            serverAttribute = text
            serverNode = value
        }
        guard serverAttribute == scenario.topicAttribute else {
            let node = f["topic_attribute"] ?? serverNode
            throw ScenarioError(path: "topic_attribute", message: "arrivals carry their topic as \"\(scenario.topicAttribute)\" but the server reads \"\(serverAttribute)\" (set server_customers.topic_attribute to the same name)", line: node.flatMap(line))
        }
    }

    func tokenPattern(_ node: Node) throws -> String {
        let pattern = try string(node, "tokens")
        guard pattern.contains("{id}") && pattern.contains("{role}") else {
            throw ScenarioError(path: "tokens", message: "\"\(pattern)\" must contain {role} and {id}, so that every principal gets its own token", line: line(node))
        }
        return pattern
    }

    // MARK: Building blocks

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func line(_ node: Node) -> Int? { node.mark.map { $0.line } }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func fields(_ node: Node, _ path: String, allowed: [String]) throws -> Fields {
        var result: Fields = [:]
        for (key, value) in try mapping(node, path) {
            guard allowed.contains(key) else {
                throw ScenarioError(path: join(path, key), message: "unknown key \"\(key)\" (expected one of \(allowed.joined(separator: ", ")))", line: line(node))
            }
            if !isNull(value) { result[key] = value }
        }
        return result
    }

    func mapping(_ node: Node, _ path: String) throws -> [(String, Node)] {
        guard case .mapping(let mapping) = node else {
            throw ScenarioError(path: path, message: "expected a mapping (key: value lines), got \(describe(node))", line: line(node))
        }
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ScenarioError(path: path, message: "keys must be plain text, got \(describe(key))", line: line(key))
            }
            result.append((scalar.string, value))
        }
        return result
    }

    func require(_ fields: Fields, _ key: String, _ parent: Node, _ path: String = "") throws -> Node {
        guard let node = fields[key] else {
            throw ScenarioError(path: join(path, key), message: "missing required key \"\(key)\"", line: line(parent))
        }
        return node
    }

    func list<T>(_ node: Node, _ path: String, _ element: (Node, String) throws -> T) throws -> [T] {
        guard case .sequence(let sequence) = node else {
            throw ScenarioError(path: path, message: "expected a list, got \(describe(node))", line: line(node))
        }
        var result: [T] = []
        for (index, item) in sequence.enumerated() {
            result.append(try element(item, "\(path)[\(index)]"))
        }
        return result
    }

    func string(_ node: Node, _ path: String) throws -> String {
        guard case .scalar(let scalar) = node, !isNull(node), !scalar.string.isEmpty else {
            throw ScenarioError(path: path, message: "expected text, got \(describe(node))", line: line(node))
        }
        return scalar.string
    }

    func identifier(_ node: Node, _ path: String) throws -> String {
        let text = try string(node, path)
        let allowed = text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
        guard allowed, text.unicodeScalars.count <= 64 else {
            throw ScenarioError(path: path, message: "invalid name \"\(text)\" (use 1–64 letters, digits, '_', '-' or '.')", line: line(node))
        }
        return text
    }

    func channel(_ node: Node, _ path: String) throws -> String {
        let channels = ["voice", "chat", "email", "sms", "callback", "video"]
        let text = try string(node, path)
        guard channels.contains(text) else {
            throw ScenarioError(path: path, message: "unknown channel \"\(text)\" (expected one of \(channels.joined(separator: ", ")))", line: line(node))
        }
        return text
    }

    func levels(_ node: Node, _ path: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for (key, value) in try mapping(node, path) {
            _ = try identifier(.scalar(.init(key)), join(path, key))
            result[key] = try int(value, join(path, key), 1...10)
        }
        return result
    }

    func bool(_ node: Node, _ path: String) throws -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            throw ScenarioError(path: path, message: "expected true or false, got \(describe(node))", line: line(node))
        }
        return scalar.string == "true"
    }

    func int(_ node: Node, _ path: String, _ range: ClosedRange<Int>) throws -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain,
              let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            throw ScenarioError(path: path, message: "expected a whole number, got \(describe(node))", line: line(node))
        }
        guard range.contains(value) else {
            throw ScenarioError(path: path, message: "\(value) is out of range (expected \(range.lowerBound) to \(range.upperBound))", line: line(node))
        }
        return value
    }

    /// A finite number in [min, max] or, with `above`, in (above, max].
    func number(_ node: Node, _ path: String, min: Double? = nil, above: Double? = nil, max: Double) throws -> Double {
        guard case .scalar(let scalar) = node, scalar.style == .plain,
              let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw ScenarioError(path: path, message: "expected a number, got \(describe(node))", line: line(node))
        }
        if let min, value < min {
            throw ScenarioError(path: path, message: "\(scalar.string) is out of range (must be at least \(format(min)))", line: line(node))
        }
        if let above, value <= above {
            throw ScenarioError(path: path, message: "\(scalar.string) is out of range (must be greater than \(format(above)))", line: line(node))
        }
        if value > max {
            throw ScenarioError(path: path, message: "\(scalar.string) is out of range (must be at most \(format(max)))", line: line(node))
        }
        return value
    }

    func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
