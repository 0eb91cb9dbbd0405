/// Everything a caller can ask of the ``Router``, as one value: the router's single entry point is
/// ``Router/handle(_:at:into:)``.
///
/// One enum instead of a method per operation lets the server, the tests, the benchmarks and the
/// simulator drive the core the same way, record what they asked, and replay it.
public enum RoutingCommand: Sendable {
    /// A new interaction enters its queue; it is offered at once when an agent is eligible.
    ///
    /// Refused (``RoutingError``) for an unknown queue, a channel the queue does not accept, a
    /// duplicate id, a priority outside 0...100, invalid requirement levels, or a full queue (waiting
    /// count at its max size).
    case enqueue(InteractionRequest)
    /// The customer left: the interaction leaves routing wherever it is. Waiting or offered counts as
    /// abandoned (pending offers are revoked); during handling it completes for the agent (wrap-up
    /// follows); during wrap-up nothing remains to do.
    case cancel(InteractionID)
    /// The agent takes the offered interaction. Parallel offers of it are revoked in the same step, so
    /// exactly one agent ever holds it. Refused with `notOffered` when no offer to this agent is
    /// pending (accepted elsewhere, revoked or timed out).
    case accept(InteractionID, by: AgentID)
    /// The agent declines: the interaction keeps its place in the queue and skips this agent for the
    /// queue's rejection-skip time.
    case reject(InteractionID, by: AgentID)
    /// The agent finished handling: wrap-up for the queue's wrap-up time, then the slot is free.
    case complete(InteractionID, by: AgentID)
    /// Moves an interaction into another queue, keeping its original enqueue instant (total wait).
    /// Pending offers are revoked; an agent handling it goes to wrap-up.
    case transfer(InteractionID, to: QueueID)
    /// Puts an interaction whose agent is gone for good (its reconnect grace ran out) back into its
    /// queue with its original place; the agent's capacity is freed. Unlike a transfer, it is not
    /// counted as offered to the queue again: the customer never left it. Refused (`notTransferable`)
    /// when nobody is handling it.
    case returnToQueue(InteractionID)
    /// Logs an agent of the roster in with `state` and gives it waiting work; its handled count
    /// (fewest-handled) restarts. Logging in twice does nothing.
    case login(AgentID, state: AgentState = .available)
    /// Logs an agent out: pending offers are revoked (their interactions keep their place), wrap-ups
    /// end; work it is handling stays with it until completed.
    case logout(AgentID)
    /// The agent's chosen state. `available` also ends any wrap-up early; `offline` logs out. A
    /// pending offer stays valid after choosing not-ready, and the chosen reason is not replaced by
    /// `no_answer` if that offer then times out.
    case setState(AgentID, AgentState)
    /// A live change of one agent, all or nothing: its profile (skills and capacity; adds it to the
    /// roster when new; work already held stays even above a lowered capacity), then its state (the
    /// agent must be logged in for a state). Routing re-evaluates at once.
    case setAgent(AgentID, profile: AgentProfile? = nil, state: AgentState? = nil)
    /// Shields an agent from demanding work, or ends that (a cool-down starts or ends): while shielded,
    /// demanding work goes to it only when no unshielded agent is eligible, and when it frees up it
    /// takes other waiting work first. Whether to shield is the caller's decision; an agent whose
    /// profile stage is `new` is shielded regardless. Kept across logins and profile changes; changes
    /// no offer and no eligibility, so it routes nothing at once and emits no effect. Refused for an
    /// unknown agent.
    case setShielded(AgentID, Bool)
    /// Fires every timer due at or before the instant, each at its own instant, in a fixed order:
    /// offer timeouts, wrap-up ends, rejection-skip expiries, preferred-agent fallbacks, relaxation
    /// steps, max waits. Send it whenever ``Router/nextDeadline`` has passed, and before any other
    /// command at a later instant. Never refused.
    case advance
    /// A new configuration between decisions, all or nothing: validated completely first.
    ///
    /// New queues appear; changed requirements, strategies and timers apply to the next decision, and
    /// every waiting interaction is routed again (relaxation and max wait keep counting from its entry
    /// into the queue). A removed queue's interactions move to `movingWorkOfRemovedQueuesTo` keeping
    /// their wait; without a destination the change is refused while the queue holds any. Agents
    /// missing from the new roster are logged out once their current work is done. Queue statistics
    /// carry over for kept queues.
    case reconfigure(RoutingConfiguration, movingWorkOfRemovedQueuesTo: QueueID? = nil)
    /// A waiting interaction recovered after a restart, keeping its place.
    ///
    /// `enqueuedAt` (its original arrival, which may lie before any instant this router has seen)
    /// orders it among the others; `queueEnteredAt` is when it entered its current queue, so its
    /// relaxation steps, max wait and preferred-agent fallback count from there (steps already due
    /// apply at the next ``advance``). The queue's max size does not apply: a customer who was already
    /// waiting is never turned away. Restore in original order so that ties keep it.
    case restoreWaiting(InteractionRequest, enqueuedAt: Instant, queueEnteredAt: Instant)
    /// An interaction an agent was handling when the server stopped, back on that agent: active,
    /// holding its capacity (even above a lowered one), while the agent is offline, as after a
    /// disconnect. Nothing is announced: nobody's view changed. Refused for an agent not in the roster.
    case restoreActive(InteractionRequest, agent: AgentID, enqueuedAt: Instant, assignedAt: Instant)
}

extension Router {
    /// Carries out `command` at `now`, appending its effects to `effects` in the order the caller
    /// must carry them out. A refused command changes nothing and appends nothing.
    public mutating func handle(_ command: RoutingCommand, at now: Instant, into effects: inout [RoutingEffect]) throws(RoutingError) {
        swap(&sink, &effects)
        defer { swap(&sink, &effects) }
        let mark = sink.count
        #if DEBUG
        // An advance with no timer due only moves the clock, which breaks nothing: no full check for it.
        var check = checksInvariants
        if check, case .advance = command, nextDeadline.map({ $0.nanoseconds > now.nanoseconds }) ?? true { check = false }
        defer { if check { checkInvariants() } }
        #endif
        do {
            try perform(command, now)
        } catch {
            sink.removeSubrange(mark...)
            throw error
        }
    }

    /// ``handle(_:at:into:)`` returning the effects in a new array.
    @discardableResult
    public mutating func handle(_ command: RoutingCommand, at now: Instant) throws(RoutingError) -> [RoutingEffect] {
        var effects: [RoutingEffect] = []
        try handle(command, at: now, into: &effects)
        return effects
    }

    private mutating func perform(_ command: RoutingCommand, _ now: Instant) throws(RoutingError) {
        let t = now.nanoseconds
        switch command {
        case .enqueue(let request): try performEnqueue(request, t)
        case .cancel(let id): try performCancel(id, t)
        case .accept(let id, let agent): try performAccept(id, agent, t)
        case .reject(let id, let agent): try performReject(id, agent, t)
        case .complete(let id, let agent): try performComplete(id, agent, t)
        case .transfer(let id, let queue): try performTransfer(id, queue, t)
        case .returnToQueue(let id): try performReturnToQueue(id, t)
        case .login(let agent, let state): try performLogin(agent, state, t)
        case .logout(let agent): try performLogout(agent, t)
        case .setState(let agent, let state): try performSetState(agent, state, t)
        case .setAgent(let agent, let profile, let state): try performSetAgent(agent, profile, state, t)
        case .setShielded(let agent, let shielded): try performSetShielded(agent, shielded, t)
        case .advance: performAdvance(t)
        case .reconfigure(let configuration, let destination): try performReconfigure(configuration, destination, t)
        case .restoreWaiting(let request, let enqueuedAt, let queueEnteredAt):
            try performRestoreWaiting(request, enqueuedAt: enqueuedAt.nanoseconds, queueEnteredAt: queueEnteredAt.nanoseconds, t)
        case .restoreActive(let request, let agent, let enqueuedAt, let assignedAt):
            try performRestoreActive(request, agent: agent, enqueuedAt: enqueuedAt.nanoseconds, assignedAt: assignedAt.nanoseconds, t)
        }
    }

    /// Validates the whole change before applying any of it, so a refused state leaves the profile as it was.
    mutating func performSetAgent(_ agent: AgentID, _ profile: AgentProfile?, _ state: AgentState?, _ now: Int64) throws(RoutingError) {
        if let profile {
            guard profile.id == agent else { throw .invalidConfiguration(field: "profile.id", value: profile.id.rawValue, reason: "the profile is not agent '\(agent)''s") }
            try Self.validate(profile)
        }
        if state != nil {
            guard let a = agentIndex[agent] else { throw .unknownAgent(agent) }
            guard agents[Int(a)].isLoggedIn else { throw .agentNotLoggedIn(agent) }
        } else if profile == nil {
            guard agentIndex[agent] != nil else { throw .unknownAgent(agent) }
        }
        if let profile { try performUpdateAgent(profile, now) }
        if let state { try performSetState(agent, state, now) }
    }
}
