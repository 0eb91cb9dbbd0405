import Foundation

/// A load scenario: who is on the floor, what arrives, how people behave, and for how long.
///
/// Read from YAML by ``ScenarioParser``; the format is documented in `Config/bench/README.md`.
public struct Scenario: Sendable, Equatable {
    public var name: String
    /// Seed of every random choice (arrivals, mix, handle times, behaviour), so runs are reproducible.
    public var seed: UInt64
    /// Arrivals stop after this many seconds (at the latest).
    public var durationSeconds: Double?
    /// Arrivals stop after this many interactions (at the latest).
    public var count: Int?
    /// After arrivals stop, waiting interactions are cancelled, active ones completed, and the run waits
    /// at most this long for every interaction's terminal event.
    public var drainSeconds: Double
    /// Threshold of the service level: answered (assigned) within this many seconds of the enqueue.
    public var serviceLevelSeconds: Double
    /// Token of each principal; `{role}` and `{id}` are replaced (`bench-{role}-{id}`).
    public var tokenPattern: String
    /// Source connections; interactions are spread over them round robin.
    public var sources: Int
    public var agentGroups: [AgentGroup]
    public var queues: [QueueSpec]
    public var arrivals: ArrivalProcess
    public var mix: [MixEntry]
    public var behaviour: AgentBehaviour
    /// Customer patience: a customer still waiting (not assigned) after this long hangs up (`cancel`).
    /// Nil: customers wait for ever.
    public var patience: Distribution?
    /// Admin `reload` during the run.
    public var reload: ReloadSchedule?
    /// Agents logging out and back in, and connections dropping, while arrivals run.
    public var churn: ChurnSchedule?
    /// The spawned server's resident memory, sampled during the run, with a limit on its growth.
    public var memory: MemoryCheck?
    /// Customers who contact again (nil: every arrival is a customer of its own, unique to the run).
    public var customers: CustomerPopulation?
    /// What arrivals are about, sent as the attribute ``topicAttribute`` (empty: no topic).
    public var topics: [TopicWeight]
    public var topicAttribute: String
    /// Extra arrivals about one topic for a while.
    public var spike: TopicSpike?
    /// The server's `customers:` and `alerts:` sections, as YAML, written verbatim into the generated
    /// configuration (nil: the server's defaults).
    public var serverCustomers: String?
    public var serverAlerts: String?
    /// The server's `tiers:` (a list) and `wellbeing:` sections, as YAML, written verbatim into the
    /// generated configuration (nil: none, and the server's defaults).
    public var serverTiers: String?
    public var serverWellbeing: String?
    /// Whether a supervisor subscribes to `alerts` and the result lists them; nil: when the scenario has
    /// ``spike``, ``customers``, ``serverTiers`` or ``serverWellbeing``.
    public var watchAlerts: Bool?
    /// Whether the supervisor also subscribes to `stats` on topic `agents` and the result reports each
    /// agent's day (demanding handled, streaks, occupancy…); nil: when the scenario has ``serverWellbeing``.
    public var watchAgents: Bool?

    public init(name: String, seed: UInt64 = 1, durationSeconds: Double? = nil, count: Int? = nil, drainSeconds: Double = 30,
                serviceLevelSeconds: Double = 20, tokenPattern: String = "bench-{role}-{id}", sources: Int = 1,
                agentGroups: [AgentGroup], queues: [QueueSpec], arrivals: ArrivalProcess, mix: [MixEntry],
                behaviour: AgentBehaviour = AgentBehaviour(), patience: Distribution? = nil, reload: ReloadSchedule? = nil,
                churn: ChurnSchedule? = nil, memory: MemoryCheck? = nil, customers: CustomerPopulation? = nil,
                topics: [TopicWeight] = [], topicAttribute: String = "topic", spike: TopicSpike? = nil,
                serverCustomers: String? = nil, serverAlerts: String? = nil, serverTiers: String? = nil, serverWellbeing: String? = nil,
                watchAlerts: Bool? = nil, watchAgents: Bool? = nil) {
        self.name = name
        self.seed = seed
        self.durationSeconds = durationSeconds
        self.count = count
        self.drainSeconds = drainSeconds
        self.serviceLevelSeconds = serviceLevelSeconds
        self.tokenPattern = tokenPattern
        self.sources = sources
        self.agentGroups = agentGroups
        self.queues = queues
        self.arrivals = arrivals
        self.mix = mix
        self.behaviour = behaviour
        self.patience = patience
        self.reload = reload
        self.churn = churn
        self.memory = memory
        self.customers = customers
        self.topics = topics
        self.topicAttribute = topicAttribute
        self.spike = spike
        self.serverCustomers = serverCustomers
        self.serverAlerts = serverAlerts
        self.serverTiers = serverTiers
        self.serverWellbeing = serverWellbeing
        self.watchAlerts = watchAlerts
        self.watchAgents = watchAgents
    }

    /// Whether the run watches the server's alerts (``watchAlerts``, or by default when it drives them).
    public var watchesAlerts: Bool {
        watchAlerts ?? (spike != nil || customers != nil || serverTiers != nil || serverWellbeing != nil)
    }

    /// Whether the run watches each agent's day in the supervisors' `stats` (``watchAgents``, or by
    /// default when the scenario sets the wellbeing guard).
    public var watchesAgents: Bool { watchAgents ?? (serverWellbeing != nil) }

    /// Whether the floor needs its supervisor connection (alerts, agents' days, or both).
    public var hasSupervisor: Bool { watchesAlerts || watchesAgents }

    /// The tiers the mix sends, sorted by name.
    public var mixTiers: [String] { Set(mix.compactMap(\.tier)).sorted() }

    /// Every agent of every group, with ids `<group>-<n>` and levels drawn from the scenario's seed.
    public func agents() -> [AgentSpec] {
        var random = SeededRandom(seed: seed ^ 0xA9E7)
        var result: [AgentSpec] = []
        for group in agentGroups {
            let width = max(3, String(group.count).count)
            for index in 1...max(group.count, 1) where group.count > 0 {
                let number = String(index)
                let id = "\(group.name)-\(String(repeating: "0", count: width - number.count))\(number)"
                var skills: [String: Int] = [:]
                for (skill, range) in group.skills.sorted(by: { $0.key < $1.key }) {
                    skills[skill] = range.lowerBound == range.upperBound
                        ? range.lowerBound : Int(random.next(upperBound: UInt64(range.count))) + range.lowerBound
                }
                result.append(AgentSpec(id: id, group: group.name, skills: skills, capacity: group.capacity, totalCapacity: group.totalCapacity,
                                        stage: group.stage))
            }
        }
        return result
    }

    /// The token of one principal under ``tokenPattern``.
    public func token(role: String, id: String) -> String {
        tokenPattern.replacingOccurrences(of: "{role}", with: role).replacingOccurrences(of: "{id}", with: id)
    }

    /// The id of the supervisor that watches alerts (its token is `token(role: "supervisor", id: supervisorId)`).
    public static let supervisorId = "supervisor"

    /// Source names: `source-1` … `source-N`. Each has its own token, so that events reach one connection.
    public var sourceNames: [String] { (1...max(sources, 1)).map { "source-\($0)" } }

    public func queue(named name: String) -> QueueSpec? { queues.first { $0.name == name } }
}

/// A group of agents alike in skills and capacity.
public struct AgentGroup: Sendable, Equatable {
    public var name: String
    public var count: Int
    /// Level per skill; a range draws each agent's level uniformly from it.
    public var skills: [String: ClosedRange<Int>]
    /// Concurrent interactions per channel (channels not named use the server's channel default).
    public var capacity: [String: Int]
    public var totalCapacity: Int?
    /// The server's tenure stage of every agent of the group (`new`, `learning`, `experienced`); nil: not
    /// written (the server takes the agent for experienced).
    public var stage: String?

    /// The stages a group may name.
    public static let stages = ["new", "learning", "experienced"]

    public init(name: String, count: Int, skills: [String: ClosedRange<Int>] = [:], capacity: [String: Int] = [:], totalCapacity: Int? = nil,
                stage: String? = nil) {
        self.name = name
        self.count = count
        self.skills = skills
        self.capacity = capacity
        self.totalCapacity = totalCapacity
        self.stage = stage
    }
}

/// One concrete agent of the floor.
public struct AgentSpec: Sendable, Equatable {
    public var id: String
    public var group: String
    public var skills: [String: Int]
    public var capacity: [String: Int]
    public var totalCapacity: Int?
    /// Its group's stage (nil: not written).
    public var stage: String?

    public init(id: String, group: String, skills: [String: Int], capacity: [String: Int], totalCapacity: Int? = nil, stage: String? = nil) {
        self.id = id
        self.group = group
        self.skills = skills
        self.capacity = capacity
        self.totalCapacity = totalCapacity
        self.stage = stage
    }

    /// Capacity on `channel`; channels the group does not name take the server's defaults.
    public func capacity(for channel: String) -> Int {
        capacity[channel] ?? ChannelDefaults.capacity[channel] ?? 1
    }

    /// Whether the agent meets every required level.
    public func satisfies(_ requirements: [String: Int]) -> Bool {
        requirements.allSatisfy { (skills[$0.key] ?? 0) >= $0.value }
    }
}

/// The server's default capacity per channel (`channels.capacity`), written into generated configs.
public enum ChannelDefaults {
    public static let capacity: [String: Int] = ["voice": 1, "chat": 3, "email": 5, "sms": 5, "callback": 1, "video": 1]
    /// Active work on these channels blocks every other channel for the agent.
    public static let exclusive: Set<String> = ["voice"]
}

/// A queue as the scenario needs the server to have it.
public struct QueueSpec: Sendable, Equatable {
    public var name: String
    public var channels: [String]
    public var requirements: [String: Int]
    public var strategy: String?
    public var priority: Int?
    public var wrapUpSeconds: Double
    public var offerTimeoutSeconds: Double
    public var parallelOffers: Int
    public var maxSize: Int

    public init(name: String, channels: [String], requirements: [String: Int] = [:], strategy: String? = nil, priority: Int? = nil,
                wrapUpSeconds: Double = 0, offerTimeoutSeconds: Double = 10, parallelOffers: Int = 1, maxSize: Int = 100_000) {
        self.name = name
        self.channels = channels
        self.requirements = requirements
        self.strategy = strategy
        self.priority = priority
        self.wrapUpSeconds = wrapUpSeconds
        self.offerTimeoutSeconds = offerTimeoutSeconds
        self.parallelOffers = parallelOffers
        self.maxSize = maxSize
    }
}

/// When interactions arrive: a Poisson process whose rate may change in bursts.
public struct ArrivalProcess: Sendable, Equatable {
    /// Mean arrivals per second outside bursts.
    public var ratePerSecond: Double
    public var bursts: [Burst]

    public init(ratePerSecond: Double, bursts: [Burst] = []) {
        self.ratePerSecond = ratePerSecond
        self.bursts = bursts
    }

    /// A window of a different rate, repeated every `everySeconds` when set.
    public struct Burst: Sendable, Equatable {
        public var startSeconds: Double
        public var durationSeconds: Double
        public var ratePerSecond: Double
        public var everySeconds: Double?

        public init(startSeconds: Double, durationSeconds: Double, ratePerSecond: Double, everySeconds: Double? = nil) {
            self.startSeconds = startSeconds
            self.durationSeconds = durationSeconds
            self.ratePerSecond = ratePerSecond
            self.everySeconds = everySeconds
        }
    }

    /// The rate in force at `t` seconds after the start, and when it next changes.
    public func rate(at t: Double) -> (rate: Double, until: Double) {
        var until = Double.infinity
        for burst in bursts {
            var start = burst.startSeconds
            if let every = burst.everySeconds, every > 0, t >= start {
                start += ((t - start) / every).rounded(.down) * every
            }
            let end = start + burst.durationSeconds
            if t >= start, t < end { return (burst.ratePerSecond, end) }
            let nextStart = t < start ? start : (burst.everySeconds.map { start + $0 } ?? .infinity)
            until = min(until, nextStart)
        }
        return (ratePerSecond, until)
    }
}

/// One kind of interaction in the mix, drawn with probability `weight / total weight`.
public struct MixEntry: Sendable, Equatable {
    public var weight: Double
    public var channel: String
    public var queue: String
    /// Required skills sent with the enqueue; nil uses the queue's requirements.
    public var skills: [String: Int]?
    public var priority: Int?
    /// The customer's tier, sent as the enqueue's `tier` (nil: none).
    public var tier: String?
    /// Attributes sent with the enqueue (e.g. `kind: complaint`, which the wellbeing guard may count as demanding).
    public var attributes: [String: String]
    /// How long an agent works on it once accepted.
    public var handle: Distribution

    public init(weight: Double = 1, channel: String, queue: String, skills: [String: Int]? = nil, priority: Int? = nil, tier: String? = nil,
                attributes: [String: String] = [:], handle: Distribution) {
        self.weight = weight
        self.channel = channel
        self.queue = queue
        self.skills = skills
        self.priority = priority
        self.tier = tier
        self.attributes = attributes
        self.handle = handle
    }
}

/// How simulated agents act on offers.
public struct AgentBehaviour: Sendable, Equatable {
    /// Time from receiving an offer to answering it.
    public var acceptDelay: Distribution
    /// Share of offers rejected (after the same delay).
    public var rejectProbability: Double
    public var notReady: NotReadySchedule?

    public init(acceptDelay: Distribution = .constant(0), rejectProbability: Double = 0, notReady: NotReadySchedule? = nil) {
        self.acceptDelay = acceptDelay
        self.rejectProbability = rejectProbability
        self.notReady = notReady
    }
}

/// Breaks: each cycle of `everySeconds`, a random `share` of agents goes not-ready for `durationSeconds`.
public struct NotReadySchedule: Sendable, Equatable {
    public var share: Double
    public var everySeconds: Double
    public var durationSeconds: Double
    public var reason: String

    public init(share: Double, everySeconds: Double, durationSeconds: Double, reason: String = "break") {
        self.share = share
        self.everySeconds = everySeconds
        self.durationSeconds = durationSeconds
        self.reason = reason
    }
}

/// An admin connection sends `reload` every `everySeconds` while arrivals run (with `signal`, every other
/// reload is a SIGHUP to the spawned server instead, the way an operator's script would reload it).
public struct ReloadSchedule: Sendable, Equatable {
    public enum Via: String, Sendable, CaseIterable {
        /// The admin `reload` message, whose round trip is measured.
        case admin
        /// Admin `reload` and SIGHUP in turn (SIGHUP needs the server's process: `--spawn` or `--server-pid`).
        case alternate
    }

    public var everySeconds: Double
    public var via: Via

    public init(everySeconds: Double, via: Via = .admin) {
        self.everySeconds = everySeconds
        self.via = via
    }
}

/// Agents coming and going while arrivals run. Each agent draws once per cycle of `everySeconds` of a
/// kind (at its own phase) whether it takes part, with probability `share`.
public struct ChurnSchedule: Sendable, Equatable {
    /// A clean log-out: the agent goes not ready, finishes what it holds, closes its connection with the
    /// closing handshake, and logs back in after `away`.
    public struct LogOut: Sendable, Equatable {
        public var share: Double
        public var everySeconds: Double
        public var away: Distribution

        public init(share: Double, everySeconds: Double, away: Distribution) {
            self.share = share
            self.everySeconds = everySeconds
            self.away = away
        }
    }

    /// A lost network: the connection closes at once, without the closing handshake, whatever the agent
    /// holds, and the agent reconnects after `reconnect` (its work waits for it for the server's grace).
    public struct Drop: Sendable, Equatable {
        public var share: Double
        public var everySeconds: Double
        public var reconnect: Distribution

        public init(share: Double, everySeconds: Double, reconnect: Distribution) {
            self.share = share
            self.everySeconds = everySeconds
            self.reconnect = reconnect
        }
    }

    public var logOut: LogOut?
    public var drop: Drop?
    /// The server's `agent_reconnect_grace_seconds`, written into the generated configuration; a dropped
    /// agent that is not back by then has lost its work (the server re-queues it).
    public var reconnectGraceSeconds: Double

    public init(logOut: LogOut? = nil, drop: Drop? = nil, reconnectGraceSeconds: Double = 60) {
        self.logOut = logOut
        self.drop = drop
        self.reconnectGraceSeconds = reconnectGraceSeconds
    }
}

/// Resident memory (VmRSS) of the server's process, sampled every `sampleEverySeconds`; after
/// `warmUpSeconds` of arrivals its growth, by least squares until arrivals stop, must stay under
/// `maxGrowthMBPerMinute` (nil: reported, not judged).
public struct MemoryCheck: Sendable, Equatable {
    public var sampleEverySeconds: Double
    public var warmUpSeconds: Double
    public var maxGrowthMBPerMinute: Double?

    public init(sampleEverySeconds: Double = 10, warmUpSeconds: Double = 60, maxGrowthMBPerMinute: Double? = nil) {
        self.sampleEverySeconds = sampleEverySeconds
        self.warmUpSeconds = warmUpSeconds
        self.maxGrowthMBPerMinute = maxGrowthMBPerMinute
    }
}
