import Logging
import OrderedCollections
import SwitchboardMessages
import SwitchboardStore

extension HubCore {
    /// Raises an alert (recorded, pushed to `alerts` subscribers) unless one with the same kind and
    /// subject is raised already; a rise in severity is pushed again under the same id.
    mutating func raiseAlert(_ kind: AlertKind, _ severity: WireAlertSeverity, subject: [(key: String, value: JSONValue)], message: String) {
        let at = context.wallMilliseconds
        guard let (alert, escalated, displaced) = alerts.raise(kind, severity: severity, subject: subject, message: message, atMs: at) else { return }
        if let displaced { cleared(displaced, at: at) }
        if !escalated {
            counters.alertsRaised += 1
            tally.alertsRaised[kind.rawValue, default: 0] += 1
            journal.append(.alertRaised(Self.alertRow(alert), at: Int64(at)))
            logger.notice("alert raised", metadata: ["sb.alert": "\(alert.id)", "sb.alert.kind": "\(kind.rawValue)", "sb.alert.message": "\(message)"])
        }
        pushAlert(alert.wire())
    }

    /// Clears the raised alert of this kind and subject, if any.
    mutating func clearAlert(_ kind: AlertKind, subject: [(key: String, value: JSONValue)]) {
        guard let alert = alerts.clear(kind, subject: subject) else { return }
        cleared(alert, at: context.wallMilliseconds)
    }

    private mutating func cleared(_ alert: Alert, at: Int) {
        counters.alertsCleared += 1
        journal.append(.alertCleared(alert.id, at: Int64(at)))
        pushAlert(alert.wire(clearedAtMs: at))
    }

    /// `ack_alert`: records who took the alert in hand; it stays raised until its condition clears.
    mutating func acknowledgeAlert(_ id: String, note: String?, by principal: String, ref: String?, connection: ConnectionID) -> ProtocolError? {
        let at = context.wallMilliseconds
        guard let alert = alerts.acknowledge(id: id, by: principal, atMs: at) else {
            return refuse(ProtocolError(.notFound, "no raised alert has id '\(id)' (it may have cleared)", ref: ref), to: connection)
        }
        journal.append(.alertAcknowledged(id, by: principal, note: note, at: Int64(at)))
        if journal.enabled {
            answerDurably(.ok(ref: ref, fields: []), ref: ref, to: connection)
        } else {
            send(.ok(ref: ref, fields: []), to: connection)
        }
        pushAlert(alert.wire())
        return nil
    }

    /// Sends an alert to every connection subscribed to `alerts`.
    mutating func pushAlert(_ alert: WireAlert) {
        for (connection, topics) in connections.subscribers where topics.contains(.alerts) {
            send(.alert(alert), to: connection)
        }
    }

    /// The raised alerts, oldest first, for a new `alerts` subscriber.
    mutating func sendRaisedAlerts(to connection: ConnectionID) {
        for alert in alerts.raised.values {
            send(.alert(alert.wire()), to: connection)
        }
    }

    /// The store's row of a newly raised alert.
    static func alertRow(_ alert: Alert) -> AlertRow {
        var subject = JSONWriter(reservingCapacity: 64)
        subject.value(.object(alert.subject))
        return AlertRow(id: alert.id, kind: alert.kind.rawValue, severity: alert.severity.rawValue, subject: subject.string,
                        message: alert.message, raisedAt: Int64(alert.raisedAtMs))
    }

    /// An alert raised before a restart, from its row; nil when the row is unreadable.
    static func alert(_ row: AlertRow) -> Alert? {
        guard let severity = WireAlertSeverity(rawValue: row.severity),
              case .object(let subject)? = try? JSONParser.parse(row.subject)
        else { return nil }
        return Alert(id: row.id, kind: AlertKind(rawValue: row.kind), severity: severity, subject: subject, message: row.message,
                     raisedAtMs: Int(row.raisedAt), acknowledgedBy: row.acknowledgedBy, acknowledgedAtMs: row.acknowledgedAt.map { Int($0) })
    }
}
