import SwitchboardMessages

/// The supervisor that watches the server: before arrivals start it subscribes to `alerts`
/// (``Scenario/watchesAlerts``) and to `stats` on topic `agents` (``Scenario/watchesAgents``), then
/// records every `alert` it receives with its time since arrivals started, and each agent's latest day.
extension Floor {
    /// The topics the supervisor subscribes to.
    var supervisorTopics: [WireTopic] {
        (scenario.watchesAlerts ? [.alerts] : []) + (scenario.watchesAgents ? [.agents] : [])
    }

    func supervisorMessage(_ message: ServerMessage, now: Double, into out: inout [Outgoing]) {
        guard let connection = supervisorConnection else { return }
        switch message {
        case .welcome:
            welcomed += 1
            out.append(Outgoing(connection: connection, text: ClientMessageEncoder.encodeString(.subscribe(topics: supervisorTopics), ref: "w")))
        case .ok(let ref, _) where ref == "w":
            supervisorSubscribed = true
            checkReady(now: now, into: &out)
        case .error(let error) where error.ref == "h":
            setupError = "supervisor login refused: \(error.code.rawValue) \(error.message)"
            finish(now: now)
        case .error(let error) where error.ref == "w":
            let topics = supervisorTopics.map(\.rawValue).joined(separator: ", ")
            let keys = supervisorTopics.map { $0 == .alerts ? "watch_alerts: false" : "watch_agents: false" }.joined(separator: " or ")
            setupError = "the server refused the \(topics) subscription: \(error.code.rawValue) \(error.message) (a server without them? set \(keys))"
            finish(now: now)
        case .error(let error):
            protocolErrors["supervisor: \(error.code.rawValue)", default: 0] += 1
        case .alert(let alert):
            signals.alerts.record(Self.entry(alert, second: now - (runStart ?? now)), acknowledged: alert.acknowledgedBy != nil)
        case .stats(_, let agents?):
            signals.agentDays.record(agents)
        default:
            break
        }
    }

    static func entry(_ alert: WireAlert, second: Double) -> AlertLog.Entry {
        var subject: [String: String] = [:]
        for (key, value) in alert.subject {
            if case .string(let text) = value {
                subject[key] = text
            } else {
                var writer = JSONWriter()
                writer.value(value)
                subject[key] = writer.string
            }
        }
        return AlertLog.Entry(id: alert.id, kind: alert.kind, severity: alert.severity.rawValue, state: alert.state.rawValue,
                              subject: subject, message: alert.message, second: second)
    }
}
