import DequeModule
import HeapModule

extension Router {
    /// ``RoutingCommand/reconfigure(_:movingWorkOfRemovedQueuesTo:)``: validated completely first, so
    /// nothing changes when it throws.
    ///
    /// New queues appear; changed requirements, strategies and timers apply to the next decision, and
    /// every waiting interaction is routed again (relaxation and max wait keep counting from its entry
    /// into the queue). A removed queue's interactions move to `destination` keeping their wait; without
    /// a destination the change is refused while the queue holds any. Agents missing from the new roster
    /// are logged out once their current work is done. Queue statistics carry over for kept queues.
    mutating func performReconfigure(_ configuration: RoutingConfiguration, _ destination: QueueID?, _ now: Int64) throws(RoutingError) {
        // Validate everything before touching any state.
        var newSkills = skills
        let compiled = try Self.compile(configuration, skills: &newSkills)
        let newTiers = try Self.compileTiers(configuration)
        var held: [Int32: Int] = [:]
        for r in interactions where r.alive {
            if compiled.index[queues[Int(r.queue)].id] == nil { held[r.queue, default: 0] += 1 }
        }
        var destinationIndex: Int32?
        if let (q, count) = held.min(by: { $0.key < $1.key }) {
            guard let destination else { throw .queueHoldsWork(queues[Int(q)].id, interactions: count) }
            guard let d = compiled.index[destination] else { throw .unknownQueue(destination) }
            for r in interactions where r.alive && held[r.queue] != nil {
                let channel = Channel(index: r.channel) ?? .voice
                guard compiled.queues[Int(d)].channelMask & channel.bit != 0 else {
                    throw .channelNotAccepted(destination, channel)
                }
            }
            destinationIndex = d
        }

        // Apply.
        clock = max(clock, now)
        skills = newSkills
        if configuration.randomSeed != configurationValue.randomSeed { rng = SplitMix64(seed: configuration.randomSeed) }
        defaultPreferredFallback = configuration.defaultPreferredAgentFallback.clampedNanoseconds
        exclusiveMask = configuration.exclusiveChannels.reduce(0) { $0 | $1.bit }
        let oldQueues = queues
        let oldState = queueState
        queues = compiled.queues
        queueIndex = compiled.index
        queueState = queues.map { queue in
            var state = QueueState(steps: queue.steps.count)
            if let old = oldQueues.firstIndex(where: { $0.id == queue.id }) {
                state.stats = oldState[old].stats
                state.stats.waiting = 0
                state.stats.oldestWaitingSince = nil
                state.recentAnswers = oldState[old].recentAnswers
                state.roundRobinCursor = oldState[old].roundRobinCursor
            }
            return state
        }
        staffing = Array(repeating: .zero, count: queues.count)
        buckets = []
        bucketIndex = [:]
        bucketsByList = []
        preferredWaiting = [:]
        tiers = newTiers
        tierIndex = Self.tierIndex(newTiers)
        reresolveTiers(now)
        growIndexes()

        // Interactions: re-home, re-arm timers, re-route the waiting ones in arrival order.
        var waiting: [(serial: UInt64, slot: Int32)] = []
        for s in interactions.indices where interactions[s].alive {
            let slot = Int32(s)
            let oldID = oldQueues[Int(interactions[s].queue)].id
            let wasWaiting = interactions[s].phase == .waiting
            interactions[s].placement = .none
            interactions[s].placeGeneration &+= 1
            if let q = compiled.index[oldID] {
                interactions[s].queue = q
                rearmQueueTimers(slot)
            } else if let d = destinationIndex {
                interactions[s].preferredActive = false
                if wasWaiting {
                    enterQueue(slot, queue: d, now)
                    sink.append(.interaction(interactions[s].id, .transferred(from: oldID, to: queues[Int(d)].id)))
                } else {
                    interactions[s].queue = d
                    interactions[s].queueEnteredAt = now
                    rearmQueueTimers(slot)
                }
            }
            if interactions[s].phase == .waiting { waiting.append((interactions[s].serial, slot)) }
        }

        // Agents: new profiles, removals after their work, staffing, index kept in idle order.
        let roster = Set(configuration.agents.map(\.id))
        for i in agents.indices {
            // Staffing counts restart from zero in the new queue array.
            agents[i].queues = []
            agents[i].countedAvailable = false
            agents[i].countedBusy = false
        }
        for profile in configuration.agents {
            if let a = agentIndex[profile.id] {
                applyProfile(profile, to: a)
                agents[Int(a)].inRoster = true
                agents[Int(a)].retiring = false
            } else {
                addAgent(profile)
            }
        }
        for i in agents.indices where agents[i].inRoster && !roster.contains(agents[i].id) {
            if agents[i].holdsWork && agents[i].isLoggedIn {
                agents[i].retiring = true
            } else {
                if agents[i].isLoggedIn { logOut(Int32(i), now) }
                agents[i].inRoster = false
            }
        }
        for i in agents.indices {
            var exclusive: Int32 = 0
            for c in 0..<Channel.count where exclusiveMask & (1 << UInt8(c)) != 0 { exclusive += agents[i].load[c] }
            agents[i].exclusiveLoad = Int(exclusive)
            recomputeQueues(of: Int32(i))
        }
        reindexAllAgents()
        configurationValue = configuration
        rebuildTierMembership()

        for w in waiting.sorted(by: { $0.serial < $1.serial }) {
            pending.append(.interaction(w.slot, serial: w.serial))
        }
        for i in agents.indices { pending.append(.agent(Int32(i))) }
        drain(now)
    }

    /// Re-arms relaxation and max-wait timers of the current queue from the interaction's entry.
    mutating func rearmQueueTimers(_ slot: Int32) {
        let s = Int(slot)
        let queue = queues[Int(interactions[s].queue)]
        interactions[s].queueGeneration &+= 1
        interactions[s].relaxStep = min(interactions[s].relaxStep, queue.steps.count)
        let step = interactions[s].relaxStep
        interactions[s].requirements = interactions[s].override.map { queue.relaxed($0, step: step) } ?? queue.requirementsByStep[step]
        let serial = interactions[s].serial
        let generation = interactions[s].queueGeneration
        let entered = interactions[s].queueEnteredAt
        for (k, step) in queue.steps.enumerated() where k + 1 > interactions[s].relaxStep {
            schedule(Deadline(at: entered &+ step.after, kind: .relaxation, a: serial, b: UInt64(k + 1),
                                      slot: slot, generation: generation))
        }
        if let maxWait = queue.maxWait {
            schedule(Deadline(at: entered &+ maxWait, kind: .maxWait, a: serial, b: 0, slot: slot, generation: generation))
        }
    }

    /// Rebuilds every agent's ready-list membership, keeping idle stamps and so the idle order.
    mutating func reindexAllAgents() {
        for i in agents.indices {
            for node in agents[i].nodes { ready.remove(node) }
            agents[i].nodes.removeAll(keepingCapacity: true)
            agents[i].readyMask = 0
        }
        let order = agents.indices.sorted { agents[$0].stamp < agents[$1].stamp }
        for i in order {
            let a = Int32(i)
            let mask = agents[i].computeReadyMask(exclusiveChannels: exclusiveMask)
            agents[i].readyMask = mask
            for c in 0..<Channel.count where mask & (1 << UInt8(c)) != 0 {
                agents[i].nodes.append(ready.append(agent: a, to: ReadyAgentLists.listIndex(channel: c, skill: -1)))
                for s in agents[i].skills {
                    agents[i].nodes.append(ready.append(agent: a, to: ReadyAgentLists.listIndex(channel: c, skill: s)))
                }
            }
            updateStaffing(a)
        }
    }
}
