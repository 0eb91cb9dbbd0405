extension InteractionRow {
    /// Applies one logged event to the row. This is the only place where the row changes after its
    /// `enqueued` event, so the table always equals a replay of the log.
    ///
    /// - Returns: the duration the log stamps on the event: the wait for `accepted`, `cancelled`,
    ///   `abandoned` and unanswered `ended`; talk for `completed` and `transferred`; talk plus wrap-up
    ///   for `wrap_up_ended`; otherwise `nil`.
    @discardableResult
    public mutating func apply(_ event: StoreEvent) -> Int64? {
        guard !state.isTerminal else { return nil }
        let t = event.at
        switch event.kind {
        case .enqueued, .agentState, .agentLogin, .agentLogout, .alertRaised, .alertCleared, .alertAcknowledged:
            return nil

        case .offered:
            guard state.isWaiting else { return nil }
            state = .offered
            agentId = event.agentId
            if firstOfferedAt == nil { firstOfferedAt = t }
            return nil

        case .accepted:
            // A duplicate or late accept (a race with a timeout or cancel) changes nothing and counts nowhere.
            guard state.isWaiting else { return nil }
            let wait = max(0, t - waitStartedAt)
            state = .active
            if let agent = event.agentId { agentId = agent }
            if answeredAt == nil {
                answeredAt = t
                waitMs = wait
            }
            assignedAt = t
            return wait

        case .rejected, .offerTimeout, .revoked:
            guard state == .offered else { return nil }
            state = .queued
            agentId = nil
            return nil

        case .cancelled, .abandoned:
            // A customer who hangs up during the conversation was answered: the agent completes it.
            guard state.isWaiting else {
                finalReason = event.reason ?? event.kind.rawValue
                return nil
            }
            let wait = max(0, t - waitStartedAt)
            state = .abandoned
            agentId = nil
            abandonedAt = t
            if answeredAt == nil { waitMs = wait }
            finalReason = event.reason ?? event.kind.rawValue
            return wait

        case .completed:
            guard state == .active else { return nil }
            let talk = max(0, t - (assignedAt ?? t))
            state = .wrapUp
            completedAt = t
            handleMs = (handleMs ?? 0) + talk
            if let disposition = event.disposition { self.disposition = disposition }
            return talk

        case .wrapUpEnded:
            guard state == .wrapUp else { return nil }
            state = .completed
            handleMs = (handleMs ?? 0) + max(0, t - (completedAt ?? t))
            if finalReason == nil { finalReason = "completed" }
            return max(0, t - (assignedAt ?? t))

        case .transferred:
            var talk: Int64?
            if state == .active {
                let handled = max(0, t - (assignedAt ?? t))
                handleMs = (handleMs ?? 0) + handled
                talk = handled
                waitStartedAt = t
            }
            if let target = event.queue { queue = target }
            state = .queued
            agentId = nil
            return talk

        case .overflowed:
            if let target = event.queue { queue = target }
            if state == .offered {
                state = .queued
                agentId = nil
            }
            return nil

        case .agentLost, .requeued:
            if state == .active || state == .wrapUp {
                // The customer starts a new wait; the answer already counted.
                waitStartedAt = t
            }
            state = .queued
            agentId = nil
            return nil

        case .ended:
            let wait = max(0, t - waitStartedAt)
            let unanswered = answeredAt == nil
            state = .ended
            endedAt = t
            if unanswered { waitMs = wait }
            finalReason = event.reason ?? "ended"
            return unanswered ? wait : nil
        }
    }
}
