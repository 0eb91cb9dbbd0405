/// Something the caller must carry out or record; the core never does I/O itself.
///
/// The server sends offers and revocations to agents, the store persists every effect and the
/// statistics module folds them; all consume the same values, in the order returned.
public enum RoutingEffect: Hashable, Sendable {
    /// Propose the interaction to the agent until `expiresAt`; the effect carries what the agent is
    /// told about it.
    case offer(OfferedInteraction, agent: AgentID, expiresAt: Instant)
    /// Withdraw a pending offer from the agent.
    case revoke(interaction: InteractionID, agent: AgentID, reason: RevokeReason)
    /// The agent's presence changed (login, logout, chosen state, missed offer).
    case agentStateChanged(agent: AgentID, state: AgentState)
    /// The agent started after-contact work on an interaction, ending at `until` at the latest.
    case wrapUpStarted(agent: AgentID, interaction: InteractionID, until: Instant)
    /// The agent's after-contact work ended (timer, or the agent chose available).
    case wrapUpEnded(agent: AgentID, interaction: InteractionID)
    /// A step in an interaction's life.
    case interaction(InteractionID, InteractionEvent)
}

/// Why an offer was withdrawn.
public enum RevokeReason: String, Hashable, Sendable {
    /// Another agent accepted the parallel offer first.
    case acceptedElsewhere = "accepted_elsewhere"
    /// The customer left.
    case cancelled
    /// The offer was not answered in time.
    case timedOut = "timed_out"
    /// The interaction moved to another queue.
    case transferred
    /// The agent logged out or was removed.
    case agentLoggedOut = "agent_logged_out"
}

/// A step in an interaction's routing life.
public enum InteractionEvent: Hashable, Sendable {
    /// Entered a queue (arrival); `Router.position(of:)` tells where.
    case queued(QueueID)
    /// Back in its queue after a rejected, missed or withdrawn offer, with its original place.
    case requeued(QueueID)
    /// The agent declined the offer.
    case rejected(by: AgentID)
    /// The agent let the offer expire.
    case missed(by: AgentID)
    /// An agent accepted; `waited` runs from the original enqueue.
    case assigned(AgentID, waited: Duration)
    /// Moved by its queue's max wait.
    case overflowed(from: QueueID, to: QueueID)
    /// Moved by an agent or supervisor, keeping its wait.
    case transferred(from: QueueID, to: QueueID)
    /// A requirement relaxation step of its queue applied (1-based).
    case relaxed(step: Int)
    /// The customer left before being answered.
    case abandoned(waited: Duration)
    /// Handling ended (agent completed, or the customer hung up during handling: `customerLeft`);
    /// routing forgets it. Emitted before the freed slot is offered new work.
    case completed(by: AgentID, handled: Duration, customerLeft: Bool)
    /// Left routing unanswered (max wait with `.end`, or overflow target full).
    case ended(reason: String)
}
