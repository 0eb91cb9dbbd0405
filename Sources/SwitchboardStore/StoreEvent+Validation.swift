extension StoreEvent {
    /// Why the event cannot be logged, or `nil` when it can. Checked at intake so that one bad event
    /// never fails the batch it would have joined.
    var validationProblem: String? {
        switch kind {
        case .enqueued:
            // Read through the box: `interaction` would copy the whole interaction for two checks.
            guard let box = boxed, let id = box.interaction?.id else { return "enqueued event lacks field 'interaction'" }
            if id.isEmpty { return "enqueued event has an empty 'interaction.id'" }
            if box.interaction?.queue.isEmpty ?? true { return "enqueued event \(id) has an empty 'interaction.queue'" }
            return nil
        case .agentState:
            if agentId == nil { return "agent_state event lacks field 'agentId'" }
            if state == nil { return "agent_state event for \(agentId ?? "?") lacks field 'state'" }
            return nil
        case .agentLogin, .agentLogout:
            return agentId == nil ? "\(kind.rawValue) event lacks field 'agentId'" : nil
        case .wrapUpEnded:
            return interactionId == nil && agentId == nil ? "wrap_up_ended event needs 'interactionId' or 'agentId'" : nil
        case .alertRaised, .alertCleared, .alertAcknowledged:
            return alertProblem
        default:
            return interactionId == nil ? "\(kind.rawValue) event lacks field 'interactionId'" : nil
        }
    }

    /// Why an alert event cannot be logged: its change must match its kind and name an alert; a raise
    /// must be whole (kind, a known severity, a JSON object as subject) and neither cleared nor
    /// acknowledged yet, so that the `alerts` table stays a replay of the log.
    private var alertProblem: String? {
        guard let change = boxed?.alert else { return "\(kind.rawValue) event lacks field 'alertChange'" }
        if change.id.isEmpty { return "\(kind.rawValue) event has an empty alert id" }
        switch (kind, change) {
        case (.alertRaised, .raised(let row)):
            if row.kind.isEmpty { return "alert_raised event \(row.id) has an empty 'alert.kind'" }
            if !AlertRow.severities.contains(row.severity) {
                return "alert_raised event \(row.id) has 'alert.severity' '\(row.severity)', not one of \(AlertRow.severities.joined(separator: ", "))"
            }
            if row.clearedAt != nil || row.acknowledgedAt != nil || row.acknowledgedBy != nil || row.acknowledgementNote != nil {
                return "alert_raised event \(row.id) is already cleared or acknowledged; log those with alert_cleared and alert_acknowledged"
            }
            if JSONTree.object(row.subject) == nil { return "alert_raised event \(row.id) has an 'alert.subject' that is not a JSON object" }
            return nil
        case (.alertCleared, .cleared):
            return nil
        case (.alertAcknowledged, .acknowledged(let id, let by, _)):
            return by.isEmpty ? "alert_acknowledged event for \(id) has an empty 'by'" : nil
        default:
            return "\(kind.rawValue) event for alert \(change.id) carries a different change (\(change.kindName))"
        }
    }
}

extension StoreEvent.AlertChange {
    /// The event kind this change belongs to, for messages.
    var kindName: String {
        switch self {
        case .raised: StoreEvent.Kind.alertRaised.rawValue
        case .cleared: StoreEvent.Kind.alertCleared.rawValue
        case .acknowledged: StoreEvent.Kind.alertAcknowledged.rawValue
        }
    }
}
