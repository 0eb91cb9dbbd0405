/// Checks what the server did against the rules every routing decision must keep, from what the floor
/// observed on its agent and source connections.
///
/// Holds are tracked from the clients' side: an agent holds an interaction from its offer until it
/// rejects or completes it (or hears it was revoked or ended). Since the client lets go no later than the
/// server does, the client's view never holds more than the server's, so a capacity breach seen here is a
/// real one.
public struct CorrectnessChecker: Sendable {
    /// One broken rule.
    public struct Violation: Sendable, Equatable, Codable, CustomStringConvertible {
        public enum Kind: String, Sendable, Codable, CaseIterable {
            /// An offer to an agent below the interaction's required skill levels.
            case skills
            /// An offer beyond the agent's capacity on the channel, in total, or beside exclusive work.
            case capacity
            /// Two agents confirmed on one interaction, or a second `assigned` without a re-queue between.
            case doubleAssignment = "double_assignment"
            /// More than one terminal event (completed, abandoned, ended) for an interaction.
            case duplicateTerminal = "duplicate_terminal"
            /// An event other than a terminal one after the interaction ended.
            case eventAfterTerminal = "event_after_terminal"
            /// An interaction accepted by the server that never reached a terminal event.
            case missingTerminal = "missing_terminal"
            /// An accept confirmed after the offer was revoked.
            case acceptAfterRevoke = "accept_after_revoke"
        }

        public var kind: Kind
        public var interactionId: String
        public var agentId: String?
        public var detail: String

        public var description: String {
            "\(kind.rawValue) \(interactionId)\(agentId.map { " agent \($0)" } ?? ""): \(detail)"
        }
    }

    private struct Interaction {
        var channel: String
        var requirements: [String: Int]
        var assignedTo: String?
        var confirmedBy: Set<String> = []
        /// The terminal event's name once it arrived.
        var terminal: String?
    }

    private var agents: [String: AgentSpec] = [:]
    private var interactions: [String: Interaction] = [:]
    /// Per agent: interaction id → channel, for everything offered, being accepted or active.
    private var holds: [String: [String: String]] = [:]
    /// Per agent: interactions confirmed (accepted) and not yet let go.
    private var active: [String: Set<String>] = [:]
    private var revokedOffers: Set<String> = []
    public private(set) var violations: [Violation] = []
    /// Count per kind (violations beyond ``maxKept`` are counted but not kept).
    public private(set) var counts: [Violation.Kind: Int] = [:]
    public let maxKept: Int
    private let exclusiveChannels: Set<String>

    public init(agents: [AgentSpec], exclusiveChannels: Set<String> = ChannelDefaults.exclusive, maxKept: Int = 100) {
        for agent in agents { self.agents[agent.id] = agent }
        self.exclusiveChannels = exclusiveChannels
        self.maxKept = maxKept
    }

    /// Makes room for `count` interactions up front, so the run never pauses to rehash.
    public mutating func reserveCapacity(_ count: Int) {
        interactions.reserveCapacity(count)
    }

    public var passed: Bool { counts.values.allSatisfy { $0 == 0 } }
    public var violationCount: Int { counts.values.reduce(0, +) }

    /// Whether the checker knows the interaction (it was enqueued by this run).
    public func knows(_ interactionId: String) -> Bool { interactions[interactionId] != nil }

    /// Agents currently confirmed on the interaction.
    public func holders(of interactionId: String) -> Set<String> { interactions[interactionId]?.confirmedBy ?? [] }

    // MARK: Observations

    /// The source enqueued an interaction with these effective requirements.
    public mutating func enqueued(_ id: String, channel: String, requirements: [String: Int]) {
        interactions[id] = Interaction(channel: channel, requirements: requirements)
    }

    /// The server offered `id` to `agentId`.
    public mutating func offered(_ id: String, channel: String, to agentId: String) {
        guard let agent = agents[agentId] else { return }
        revokedOffers.remove(key(id, agentId))
        if let interaction = interactions[id] {
            let missing = interaction.requirements.filter { (agent.skills[$0.key] ?? 0) < $0.value }
            if !missing.isEmpty {
                let detail = missing.sorted { $0.key < $1.key }
                    .map { "\($0.key) needs \($0.value), agent has \(agent.skills[$0.key] ?? 0)" }.joined(separator: ", ")
                record(.skills, id, agentId, detail)
            }
        }
        var held = holds[agentId] ?? [:]
        if held[id] == nil {
            let sameChannel = held.values.filter { $0 == channel }.count + 1
            let limit = agent.capacity(for: channel)
            if sameChannel > limit {
                record(.capacity, id, agentId, "\(sameChannel) \(channel) interactions held, capacity \(limit)")
            } else if let total = agent.totalCapacity, held.count + 1 > total {
                record(.capacity, id, agentId, "\(held.count + 1) interactions held, total capacity \(total)")
            } else if let busy = (active[agentId] ?? []).first(where: { exclusiveChannels.contains(held[$0] ?? "") && held[$0] != channel }) {
                record(.capacity, id, agentId, "offered \(channel) while handling exclusive \(held[busy] ?? "") \(busy)")
            }
        }
        held[id] = channel
        holds[agentId] = held
    }

    /// The server confirmed `agentId`'s accept of `id`.
    public mutating func accepted(_ id: String, by agentId: String) {
        if revokedOffers.contains(key(id, agentId)) {
            record(.acceptAfterRevoke, id, agentId, "accept confirmed after the offer was revoked")
        }
        active[agentId, default: []].insert(id)
        guard var interaction = interactions[id] else { return }
        if let other = interaction.confirmedBy.first(where: { $0 != agentId }) {
            record(.doubleAssignment, id, agentId, "also confirmed to \(other)")
        }
        interaction.confirmedBy.insert(agentId)
        interactions[id] = interaction
    }

    /// The server handed `id` back to `agentId` on its return (`welcome` after a drop): it is the agent's
    /// again, as if accepted. Not a new offer, so capacity is not checked; a second holder still is.
    public mutating func resumed(_ id: String, channel: String, by agentId: String) {
        revokedOffers.remove(key(id, agentId))
        holds[agentId, default: [:]][id] = channel
        accepted(id, by: agentId)
    }

    /// The agent let go of `id` (rejected, completed, or heard it ended).
    public mutating func released(_ id: String, by agentId: String) {
        holds[agentId]?[id] = nil
        active[agentId]?.remove(id)
        interactions[id]?.confirmedBy.remove(agentId)
    }

    /// The server revoked the offer of `id` to `agentId`.
    public mutating func revoked(_ id: String, from agentId: String) {
        revokedOffers.insert(key(id, agentId))
        released(id, by: agentId)
    }

    /// An `interaction` event on the source connection.
    public mutating func sourceEvent(_ id: String, event: String, agentId: String?) {
        guard var interaction = interactions[id] else { return }
        let terminal = ["completed", "abandoned", "ended"].contains(event)
        if let previous = interaction.terminal {
            record(terminal ? .duplicateTerminal : .eventAfterTerminal, id, agentId, "\(event) after \(previous)")
            return
        }
        switch event {
        case "assigned":
            if let current = interaction.assignedTo, current != agentId {
                record(.doubleAssignment, id, agentId, "assigned while still assigned to \(current)")
            }
            interaction.assignedTo = agentId
        case "queued", "agent_lost", "transferred", "overflowed":
            interaction.assignedTo = nil
        default:
            break
        }
        if terminal { interaction.terminal = event }
        interactions[id] = interaction
    }

    /// Drops an interaction the server refused (it owes it no terminal event).
    public mutating func forget(_ id: String) {
        interactions[id] = nil
    }

    /// Marks every enqueued interaction that never ended. Call once, at the end of the run.
    public mutating func finish() {
        for (id, interaction) in interactions.sorted(by: { $0.key < $1.key }) where interaction.terminal == nil {
            record(.missingTerminal, id, interaction.assignedTo, "no completed, abandoned or ended event")
        }
    }

    /// Whether `id` has reached its terminal event.
    public func hasEnded(_ id: String) -> Bool { interactions[id]?.terminal != nil }

    private func key(_ id: String, _ agentId: String) -> String { "\(agentId)\u{1F}\(id)" }

    private mutating func record(_ kind: Violation.Kind, _ id: String, _ agentId: String?, _ detail: String) {
        counts[kind, default: 0] += 1
        if violations.count < maxKept {
            violations.append(Violation(kind: kind, interactionId: id, agentId: agentId, detail: detail))
        }
    }
}
