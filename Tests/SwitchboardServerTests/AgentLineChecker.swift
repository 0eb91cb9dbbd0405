import SwitchboardMessages

/// What one agent holds as its own message stream tells it, and every offer that broke its capacity.
///
/// Models a careful client, like the bench's: it holds an interaction from its offer (or from `welcome`
/// when work is resumed) until it rejects, completes or transfers it itself, hears it was revoked, hears
/// the customer left, or sees its accept refused. Such a client never lets go later than the server
/// does, so an offer beyond capacity in this view is a real breach, or a message sent out of order.
struct AgentLineChecker {
    let agentId: String
    /// Per channel (wire name); a channel not named takes nothing.
    let capacity: [String: Int]
    /// Channels whose work blocks every other channel (voice).
    let exclusive: Set<String>
    /// Interaction id → channel, for everything offered or active.
    private(set) var holds: [String: String] = [:]
    /// Interactions whose accept the server confirmed and the agent still holds.
    private(set) var accepted: Set<String> = []
    private(set) var breaches: [String] = []

    init(agentId: String, capacity: [String: Int], exclusive: Set<String> = ["voice"]) {
        self.agentId = agentId
        self.capacity = capacity
        self.exclusive = exclusive
    }

    /// Offers pending an answer.
    var pendingOffers: [String] { holds.keys.filter { !accepted.contains($0) }.sorted() }
    /// Interactions being handled.
    var active: [String] { accepted.sorted() }

    /// Takes in one message the agent's connection received; `step` names the moment in breaches.
    mutating func receive(_ message: ServerMessage, step: String) {
        switch message {
        case let .welcome(_, _, _, resumed):
            // A new connection: what the server says the agent still handles is all it holds.
            holds = Dictionary(resumed.map { ($0.id, $0.channel) }, uniquingKeysWith: { first, _ in first })
            accepted = Set(resumed.map(\.id))
        case let .offer(interaction, _):
            offered(interaction.id, channel: interaction.channel, step: step)
        case let .revoked(id, _):
            letGo(id)
        case let .interaction(id, event, _, _, _, _) where event == .completed:
            letGo(id)
        case let .ok(ref?, _) where ref.hasPrefix("a:"):
            let id = String(ref.dropFirst(2))
            if holds[id] != nil { accepted.insert(id) }
        case let .error(error) where error.ref?.hasPrefix("a:") == true:
            letGo(String(error.ref?.dropFirst(2) ?? ""))
        default:
            break
        }
    }

    /// The agent let go by itself (reject, complete, transfer sent).
    mutating func letGo(_ id: String) {
        holds[id] = nil
        accepted.remove(id)
    }

    private mutating func offered(_ id: String, channel: String, step: String) {
        defer { holds[id] = channel }
        guard holds[id] == nil else { return }
        let held = holds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let same = holds.values.filter { $0 == channel }.count + 1
        let limit = capacity[channel] ?? 0
        if same > limit {
            breaches.append("\(step): \(agentId) offered \(channel) \(id) holding [\(held)]: \(same) \(channel), capacity \(limit)")
        } else if exclusive.contains(channel), !holds.isEmpty {
            breaches.append("\(step): \(agentId) offered exclusive \(channel) \(id) beside [\(held)]")
        } else if holds.values.contains(where: { exclusive.contains($0) }) {
            breaches.append("\(step): \(agentId) offered \(channel) \(id) beside exclusive work [\(held)]")
        }
    }
}
