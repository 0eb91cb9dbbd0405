extension StoreEvent {
    /// Why the event cannot be logged, or `nil` when it can. Checked at intake so that one bad event
    /// never fails the batch it would have joined.
    var validationProblem: String? {
        switch kind {
        case .enqueued:
            // Read through the box: `interaction` would copy the whole interaction for two checks.
            guard let box = boxedInteraction else { return "enqueued event lacks field 'interaction'" }
            if box.value.id.isEmpty { return "enqueued event has an empty 'interaction.id'" }
            if box.value.queue.isEmpty { return "enqueued event \(box.value.id) has an empty 'interaction.queue'" }
            return nil
        case .agentState:
            if agentId == nil { return "agent_state event lacks field 'agentId'" }
            if state == nil { return "agent_state event for \(agentId ?? "?") lacks field 'state'" }
            return nil
        case .agentLogin, .agentLogout:
            return agentId == nil ? "\(kind.rawValue) event lacks field 'agentId'" : nil
        case .wrapUpEnded:
            return interactionId == nil && agentId == nil ? "wrap_up_ended event needs 'interactionId' or 'agentId'" : nil
        default:
            return interactionId == nil ? "\(kind.rawValue) event lacks field 'interactionId'" : nil
        }
    }
}
