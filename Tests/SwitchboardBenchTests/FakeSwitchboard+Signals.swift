import SwitchboardBench
import SwitchboardMessages
import SwitchboardRouter

/// The fake's customer memory and alerts: a customer's second contact (in the whole run) is a repeat,
/// offered first to the agent who last took one of its interactions when that agent is free, and raises a
/// `repeat_contact` alert; a topic reaching `surgeAt` contacts raises one `topic_surge`.
extension FakeSwitchboard {
    struct Signals {
        let topicAttribute: String
        /// Contacts of one topic that raise its surge (nil: never).
        var surgeAt: Int?
        var subscribers: Set<Int> = []
        var contacts: [String: Int] = [:]
        var topics: [String: Int] = [:]
        var lastAgent: [String: String] = [:]
        /// Every customer id and topic attribute enqueued, in order.
        var enqueued: [(customerId: String?, topic: String?)] = []
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
        signals.enqueued.append((request.customerId, topic))
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

    private func alert(kind: String, subject: [(key: String, value: JSONValue)], message: String, into out: inout [Outgoing]) {
        signals.alertsSent += 1
        let alert = WireAlert(id: "a-\(signals.alertsSent)", kind: kind, severity: .warning, subject: subject, message: message,
                              atMs: signals.alertsSent, raisedAtMs: signals.alertsSent)
        for connection in signals.subscribers.sorted() {
            out.append(Outgoing(connection: connection, text: MessageEncoder.encodeString(.alert(alert))))
        }
    }
}
