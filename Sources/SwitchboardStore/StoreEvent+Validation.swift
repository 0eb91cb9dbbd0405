extension StoreEvent {
    /// Why the event cannot be logged, or `nil` when it can. Checked at intake so that one bad event
    /// never fails the batch it would have joined.
    var validationProblem: String? {
        switch kind {
        case .enqueued:
            guard let interaction else { return "enqueued event lacks field 'interaction'" }
            if interaction.id.isEmpty { return "enqueued event has an empty 'interaction.id'" }
            if interaction.queue.isEmpty { return "enqueued event \(interaction.id) has an empty 'interaction.queue'" }
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
