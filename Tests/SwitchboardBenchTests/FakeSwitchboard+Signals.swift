import SwitchboardBench
import SwitchboardMessages
import SwitchboardRouter

/// The fake's customer memory and alerts: a customer's second contact (in the whole run) is a repeat,
/// offered first to the agent who last took one of its interactions when that agent is free, and raises a
/// `repeat_contact` alert; a topic reaching `surgeAt` contacts raises one `topic_surge`. Contacts marked
/// `kind: complaint` are demanding: each agent's streak of them raises `agent_strain` at `strainStreak`,
/// and subscribers of `agents` get every agent's day in `stats` after each completion.
extension FakeSwitchboard {
    struct Signals {
        let topicAttribute: String
        /// Contacts of one topic that raise its surge (nil: never).
        var surgeAt: Int?
        var subscribers: Set<Int> = []
        var agentSubscribers: Set<Int> = []
        /// A streak of this many demanding contacts raises `agent_strain` and starts a cool-down (nil: never).
        var strainStreak: Int?
        /// Each agent's day, by agent id.
        var days: [String: WireAgentDay] = [:]
        var contacts: [String: Int] = [:]
        var topics: [String: Int] = [:]
        var lastAgent: [String: String] = [:]
        /// Every customer id, topic attribute and tier enqueued, and whether it was demanding, in order.
        var enqueued: [(customerId: String?, topic: String?, tier: String?, demanding: Bool)] = []
        var alertsSent = 0

        init(topicAttribute: String, surgeAt: Int? = nil) {
            self.topicAttribute = topicAttribute
            self.surgeAt = surgeAt
        }
    }

    /// Counts the enqueue's customer and topic; returns what an offer shows of the customer, and pushes alerts.
    func remember(_ request: EnqueueRequest, into out: inout [Outgoing]) -> WireCustomer? {
        var topic: String?
        if case .string(let text)? = request.attributes.first(where: { $0.key == signals.topicAttribute })?.value { topic = text }
        signals.enqueued.append((request.customerId, topic, request.tier, Self.isDemanding(request)))
        if let topic {
            signals.topics[topic, default: 0] += 1
            if signals.topics[topic] == signals.surgeAt {
                alert(kind: "topic_surge", subject: [("topic", .string(topic)), ("count", .number(Double(signals.surgeAt ?? 0)))],
                      message: "\(signals.surgeAt ?? 0) contacts about \(topic)", into: &out)
            }
        }
        guard let customerId = request.customerId else { return nil }
        signals.contacts[customerId, default: 0] += 1
        let contacts = signals.contacts[customerId] ?? 1
        let isRepeat = contacts >= 2
        if isRepeat {
            alert(kind: "repeat_contact", subject: [("customerId", .string(customerId)), ("contacts", .number(Double(contacts)))],
                  message: "\(customerId) contacted \(contacts) times", into: &out)
        }
        return WireCustomer(contacts: contacts, byChannel: [(request.channel.rawValue, 1)], isRepeat: isRepeat,
                            reason: isRepeat ? "many_contacts" : nil, topic: topic, lastAgent: signals.lastAgent[customerId])
    }

    static func isDemanding(_ request: EnqueueRequest) -> Bool {
        request.attributes.contains { $0.key == "kind" && $0.value == .string("complaint") }
    }

    /// `agent` completed `item`: its day counts it, its streak may raise `agent_strain`, and subscribers of
    /// `agents` get the new figures.
    func finished(_ item: Item, by agent: String, into out: inout [Outgoing]) {
        var day = signals.days[agent] ?? WireAgentDay(occupancy: 0.5)
        day.handled += 1
        if item.demanding {
            day.demandingHandled += 1
            day.demandingLastHour += 1
            day.streak += 1
            day.longestStreak = max(day.longestStreak, day.streak)
            if day.streak == signals.strainStreak {
                day.coolDownUntilMs = 120_000
                alert(kind: "agent_strain", subject: [("agentId", .string(agent)), ("streak", .number(Double(day.streak)))],
                      message: "agent \(agent) is under strain: streak", into: &out)
            }
        } else {
            day.streak = 0
        }
        signals.days[agent] = day
        for connection in signals.agentSubscribers.sorted() {
            out.append(Outgoing(connection: connection, text: MessageEncoder.encodeString(agentStats())))
        }
    }

    /// A `stats` push of every agent with a day so far.
    func agentStats() -> ServerMessage {
        .stats(queues: nil, agents: signals.days.sorted { $0.key < $1.key }.map { WireAgentStatus(id: $0.key, state: "available", today: $0.value) })
    }

    private func alert(kind: String, subject: [(key: String, value: JSONValue)], message: String, into out: inout [Outgoing]) {
        signals.alertsSent += 1
        let alert = WireAlert(id: "a-\(signals.alertsSent)", kind: kind, severity: .warning, subject: subject, message: message,
                              atMs: signals.alertsSent, raisedAtMs: signals.alertsSent)
        for connection in signals.subscribers.sorted() {
            out.append(Outgoing(connection: connection, text: MessageEncoder.encodeString(.alert(alert))))
        }
    }
}
