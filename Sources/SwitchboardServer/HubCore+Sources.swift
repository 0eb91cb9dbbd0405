import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore

extension HubCore {
    mutating func handleSource(_ source: String, _ request: SourceRequest, ref: String?, connection: ConnectionID, now: Instant) -> ProtocolError? {
        switch request {
        case .enqueue(let request):
            return enqueue(request, source: source, ref: ref, connection: connection, now: now)
        case .cancel(let raw, let reason):
            let id = InteractionID(raw)
            guard ledger.owners[id]?.source == source else {
                return refuse(notOwned(id, source: source, ref: ref), to: connection)
            }
            ledger.owners[id]?.pendingReason = reason
            return execute(.cancel(id), now, ref: ref, connection: connection, durable: true)
        case .position(let raw):
            let id = InteractionID(raw)
            guard ledger.owners[id]?.source == source else {
                return refuse(notOwned(id, source: source, ref: ref), to: connection)
            }
            send(.ok(ref: ref, fields: placeFields(id, now: now)), to: connection)
            return nil
        case .subscribeEvents(let since):
            return streamEvents(.source(source), since: since, ref: ref, connection: connection)
        }
    }

    mutating func enqueue(_ request: EnqueueRequest, source: String, ref: String?, connection: ConnectionID, now: Instant) -> ProtocolError? {
        let id: InteractionID
        if let given = request.id {
            id = InteractionID(given)
            if let owner = ledger.owners[id] {
                // Idempotent re-send: describe the interaction as it is now.
                guard owner.source == source else {
                    return refuse(ProtocolError(.conflict, "interaction id '\(given)' is in use by another source", ref: ref), to: connection)
                }
                // Waits, like the first answer, until what is known of it is on disk (a retry may come
                // from another connection before the first answer left).
                answerDurably(.ok(ref: ref, fields: [("interactionId", .string(given))] + placeFields(id, now: now)), ref: ref, to: connection)
                return nil
            }
            if let outcome = ledger.finished[id] {
                guard outcome.source == source else {
                    return refuse(ProtocolError(.conflict, "interaction id '\(given)' was used by another source", ref: ref), to: connection)
                }
                send(.ok(ref: ref, fields: [("interactionId", .string(given)), ("status", .string(outcome.event.rawValue)),
                                            ("position", .number(0)), ("estimatedWaitMs", .number(0))]), to: connection)
                return nil
            }
        } else {
            var candidate: InteractionID
            repeat {
                ledger.nextGeneratedID &+= 1
                candidate = InteractionID("\(generatedIDPrefix)\(ledger.nextGeneratedID)")
            } while ledger.owners[candidate] != nil || router.interaction(candidate) != nil
            id = candidate
        }
        if let problem = requestProblem(request, ref: ref) {
            return refuse(problem, to: connection)
        }
        let waiting = router.waitingCount
        if waiting >= configuration.routing.maxWaiting {
            return refuse(ProtocolError(.unavailable, "the server already holds \(waiting) waiting interactions (routing.max_waiting); new interactions are refused until some are answered", ref: ref), to: connection)
        }
        if let behind = context.store?.pendingEvents, behind > settings.maxPendingStoreEvents {
            return refuse(ProtocolError(.unavailable, "the store is \(behind) events behind; new interactions are refused until it catches up", ref: ref), to: connection)
        }
        // Refused before memory takes the contact (`execute` would refuse it too, but a remembered
        // arrival may already have forgotten a customer at the cap, which cannot be undone).
        if let refusal = storeRefusal(ref: ref) {
            return refuse(refusal, to: connection)
        }
        var routed = routingRequest(request, id: id)
        // Remembered before routing (a repeat routes differently), forgotten again if routing refuses it.
        let customer = rememberArrival(request, routed: &routed)
        ledger.owners[id] = InteractionOwner(source: source, attributes: request.attributes, customerId: request.customerId, customer: customer,
                                             queue: routed.queue, enqueuedAtMs: Int64(context.wallMilliseconds), demanding: routed.demanding)
        let prelude = journal.enabled
            ? StoreEvent.enqueued(Self.storedInteraction(request, id: id, source: source, priority: routed.priority, demanding: routed.demanding), at: Int64(context.wallMilliseconds))
            : nil
        let refusal = execute(.enqueue(routed), now, ref: ref, connection: connection, durable: true, prelude: prelude) { core in
            [("interactionId", JSONValue.string(id.rawValue))] + core.placeFields(id, now: now)
        }
        if refusal != nil {
            ledger.owners[id] = nil
            if customer != nil { forgetArrival(request.customerId, id) }
        } else {
            watchArrival(id, request, queue: routed.queue, customer: customer)
            watchTier(id, tier: request.tier)
        }
        return refusal
    }

    /// Why an enqueue naming things the configuration does not know is refused: skills it never
    /// declared (they would be interned for good, and no agent could match them) and a preferred agent
    /// outside the roster (it could never log in, so the interaction would wait for nobody).
    mutating func requestProblem(_ request: EnqueueRequest, ref: String?) -> ProtocolError? {
        if let skills = request.skills {
            for name in skills.keys.sorted() where !declaredSkills.contains(name) {
                return ProtocolError(.badRequest, "field interaction.skills.\(name): unknown skill '\(name)'; the configuration declares \(declaredSkills.sorted().joined(separator: ", "))", ref: ref)
            }
        }
        if let preferred = request.preferredAgent, router.agent(AgentID(preferred))?.inRoster != true {
            return ProtocolError(.badRequest, "field interaction.preferredAgent: unknown agent '\(preferred)'", ref: ref)
        }
        return nil
    }

    /// What the router routes for a source's request: the queue's default priority and preferred-agent
    /// fallback where the request says nothing; attributes with text values (routing ignores the rest).
    func routingRequest(_ request: EnqueueRequest, id: InteractionID) -> InteractionRequest {
        let policy = policies[request.queue] ?? QueuePolicy()
        var attributes: [String: String] = [:]
        for (key, value) in request.attributes {
            if case .string(let text) = value { attributes[key] = text }
        }
        return InteractionRequest(
            id: id, queue: QueueID(request.queue), channel: request.channel,
            priority: request.priority ?? policy.defaultPriority, requirements: request.skills,
            customerId: request.customerId, tier: request.tier, preferredAgent: request.preferredAgent.map { AgentID($0) },
            preferredAgentFallback: policy.preferredAgentFallback, attributes: attributes,
            demanding: signals.wellbeing.isDemanding(queue: QueueID(request.queue), attributes: request.attributes)
        )
    }

    /// `status`, `position` (1-based among those waiting; 0 once offered or assigned) and
    /// `estimatedWaitMs` (null when nobody staffs the queue).
    mutating func placeFields(_ id: InteractionID, now: Instant) -> [(key: String, value: JSONValue)] {
        guard let snapshot = router.interaction(id) else {
            return [("status", .string("ended")), ("position", .number(0)), ("estimatedWaitMs", .number(0))]
        }
        switch snapshot.status {
        case .waiting:
            let place = router.place(of: id, at: now)
            let wait = place?.estimatedWait.map { JSONValue.number(Double(ServerClock.milliseconds($0))) } ?? .null
            return [("status", .string("waiting")), ("position", .number(Double(place?.position ?? 0))), ("estimatedWaitMs", wait)]
        case .offered:
            return [("status", .string("offered")), ("position", .number(0)), ("estimatedWaitMs", .number(0))]
        case .active:
            return [("status", .string("assigned")), ("position", .number(0)), ("estimatedWaitMs", .number(0))]
        }
    }

    func notOwned(_ id: InteractionID, source: String, ref: String?) -> ProtocolError {
        if let outcome = ledger.finished[id], outcome.source == source {
            return ProtocolError(.conflict, "interaction '\(id)' already ended (\(outcome.event.rawValue))", ref: ref)
        }
        return ProtocolError(.notFound, "unknown interaction '\(id)'", ref: ref)
    }

    /// The store's record of a new interaction; `demanding` as routed (reports count demanding work from it).
    static func storedInteraction(_ request: EnqueueRequest, id: InteractionID, source: String, priority: Int, demanding: Bool) -> NewInteraction {
        var attributes = JSONWriter(reservingCapacity: 64)
        attributes.value(.object(request.attributes))
        var requirements = JSONWriter(reservingCapacity: 32)
        requirements.value(.object((request.skills ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
        return NewInteraction(
            id: id.rawValue, source: source, queue: request.queue, channel: request.channel.rawValue, priority: priority,
            customerId: request.customerId, tier: request.tier, attributes: attributes.string,
            requirements: request.skills == nil ? "null" : requirements.string, preferredAgent: request.preferredAgent,
            demanding: demanding)
    }
}
