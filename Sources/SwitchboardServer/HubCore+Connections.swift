import OrderedCollections
import Logging
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore
import SwitchboardWebSocket

extension HubCore {
    /// A connection authenticated as `principal`: registers it and sends `welcome` (agents: logs in,
    /// returns the interactions still assigned, re-sends pending offers). An agent no longer
    /// configured, or a principal at its connection limit, is refused: the error (with the hello's
    /// `ref`) is sent and the connection closed.
    mutating func attach(_ connection: ConnectionID, _ principal: Principal, ref: String?, now: Instant) -> ProtocolError? {
        let limits = configuration.server.limits
        let wall = context.wallMilliseconds
        switch principal {
        case .agent(let raw):
            let id = AgentID(raw)
            guard let snapshot = router.agent(id), snapshot.inRoster else {
                return refuseLogin(connection, ProtocolError(.unauthorized, "\(principal) is not in the configuration", ref: ref))
            }
            if let old = connections.agents[id], old != connection {
                // From here on the old connection speaks for nobody: what it still sends is refused.
                connections.principals[old] = nil
                connections.replaced.insert(old)
                close(old, code: .policyViolation, reason: "replaced by a newer login")
                logger.info("agent login replaced an older connection", metadata: ["sb.agent": "\(id)"])
            }
            connections.agents[id] = connection
            connections.principals[connection] = principal
            presence.graceUntil[id] = nil
            let resumed = snapshot.active.compactMap { wireInteraction($0, now: now) }
            send(.welcome(role: .agent, agentId: raw, serverTimeMs: wall, resumed: resumed), to: connection)
            presence.pushedStatus[id] = nil
            presence.dirty.append(id)
            if snapshot.state == .offline {
                journal.append(.agentLogin(raw, at: Int64(wall)))
                var state = loginState
                if let saved = presence.stateBeforeDisconnect.removeValue(forKey: id), now - saved.at <= settings.agentReconnectGrace {
                    state = saved.state
                }
                perform(.login(id, state: state), now)
            }
            resendOffers(snapshot.offers, to: id, connection: connection, now: now)
        case .source(let name):
            let open = connections.sources[name]?.count ?? 0
            guard open < limits.maxConnectionsPerSource else {
                return refuseLogin(connection, ProtocolError(
                    .limitExceeded, "source '\(name)' already has \(open) connections (server.limits.max_connections_per_source)", ref: ref))
            }
            connections.sources[name, default: []].append(connection)
            connections.principals[connection] = principal
            send(.welcome(role: .source, agentId: nil, serverTimeMs: wall, resumed: []), to: connection)
        case .supervisor, .admin:
            let open = connections.supervisors[principal] ?? 0
            guard open < limits.maxConnectionsPerSupervisor else {
                return refuseLogin(connection, ProtocolError(
                    .limitExceeded, "\(principal) already has \(open) connections (server.limits.max_connections_per_supervisor)", ref: ref))
            }
            connections.supervisors[principal] = open + 1
            connections.principals[connection] = principal
            send(.welcome(role: principal.role.wireRole, agentId: nil, serverTimeMs: wall, resumed: []), to: connection)
        }
        return nil
    }

    /// Answers a refused login and closes the connection.
    private mutating func refuseLogin(_ connection: ConnectionID, _ refusal: ProtocolError) -> ProtocolError {
        logger.info("login refused", metadata: ["sb.conn": "\(connection)", "sb.reason": "\(refusal.message)"])
        send(.error(refusal), to: connection)
        close(connection, code: .policyViolation, reason: refusal.code == .unauthorized ? "unauthorized" : "login refused")
        return refusal
    }

    /// The state an agent logs in with (`agents.login_state`), unless it is back within the grace.
    var loginState: AgentState {
        switch configuration.agentSettings.loginState {
        case .available: .available
        case .notReady: .notReady(reason: AgentSettings.loginReason)
        }
    }

    /// A connection closed (or stopped answering pings). An agent's offers are revoked and go back
    /// in place; its active interactions wait for it for the reconnect grace.
    mutating func detach(_ connection: ConnectionID, now: Instant) {
        connections.subscribers[connection] = nil
        connections.replaced.remove(connection)
        guard let principal = connections.principals.removeValue(forKey: connection) else { return }
        switch principal {
        case .agent(let raw):
            let id = AgentID(raw)
            guard connections.agents[id] == connection else { return }
            connections.agents[id] = nil
            if let snapshot = router.agent(id), snapshot.state != .offline {
                presence.stateBeforeDisconnect[id] = (snapshot.state, now)
                perform(.logout(id), now)
                journal.append(.agentLogout(raw, reason: "disconnected", at: Int64(context.wallMilliseconds)))
            }
            if let snapshot = router.agent(id), !snapshot.active.isEmpty {
                presence.graceUntil[id] = now + settings.agentReconnectGrace
                logger.info("agent disconnected holding work; grace started",
                            metadata: ["sb.agent": "\(id)", "sb.active": "\(snapshot.active.count)"])
            }
        case .source(let name):
            connections.sources[name]?.removeAll { $0 == connection }
            if connections.sources[name]?.isEmpty == true { connections.sources[name] = nil }
        case .supervisor, .admin:
            let open = (connections.supervisors[principal] ?? 1) - 1
            connections.supervisors[principal] = open > 0 ? open : nil
        }
    }

    /// Sends the agent the offers it held before this login (a replaced connection's offers).
    mutating func resendOffers(_ offers: [InteractionID], to id: AgentID, connection: ConnectionID, now: Instant) {
        for interaction in offers {
            guard let expires = presence.offerExpiry[interaction]?[id]?.expiresAt, let wire = wireInteraction(interaction, now: now) else { continue }
            send(.offer(wire, expiresInMs: max(0, ServerClock.milliseconds(expires - now))), to: connection)
        }
    }

    /// An interaction as the wire describes it, read from the router (welcome and re-sent offers).
    mutating func wireInteraction(_ id: InteractionID, now: Instant) -> WireInteraction? {
        guard let snapshot = router.interaction(id) else { return nil }
        let owner = ledger.owners[id]
        return WireMapping.interaction(snapshot, attributes: owner?.attributes ?? [], customer: owner?.customer, now: now)
    }
}
