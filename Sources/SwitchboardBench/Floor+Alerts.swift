import SwitchboardMessages

/// The supervisor that watches the server's alerts: it subscribes to `alerts` before arrivals start,
/// and records every `alert` it receives with its time since arrivals started.
extension Floor {
    func supervisorMessage(_ message: ServerMessage, now: Double, into out: inout [Outgoing]) {
        guard let connection = supervisorConnection else { return }
        switch message {
        case .welcome:
            welcomed += 1
            out.append(Outgoing(connection: connection, text: ClientMessageEncoder.encodeString(.subscribe(topics: [.alerts]), ref: "w")))
        case .ok(let ref, _) where ref == "w":
            alertsSubscribed = true
            checkReady(now: now, into: &out)
        case .error(let error) where error.ref == "h":
            setupError = "supervisor login refused: \(error.code.rawValue) \(error.message)"
            finish(now: now)
        case .error(let error) where error.ref == "w":
            setupError = "the server refused the alerts subscription: \(error.code.rawValue) \(error.message) (a server without alerts? set watch_alerts: false)"
            finish(now: now)
        case .error(let error):
            protocolErrors["supervisor: \(error.code.rawValue)", default: 0] += 1
        case .alert(let alert):
            signals.alerts.record(Self.entry(alert, second: now - (runStart ?? now)), acknowledged: alert.acknowledgedBy != nil)
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
