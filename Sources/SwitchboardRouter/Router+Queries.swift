import DequeModule
import HeapModule

extension Router {
    /// Interactions waiting in every queue (no offer pending).
    /// - Complexity: O(queues).
    public var waitingCount: Int {
        var total = 0
        for state in queueState { total += state.stats.waiting }
        return total
    }

    /// Live statistics of a queue. O(1).
    public func statistics(for queue: QueueID) -> QueueStatistics? {
        guard let q = queueIndex[queue] else { return nil }
        var stats = queueState[Int(q)].stats
        stats.availableAgents = Int(staffing[Int(q)].x)
        stats.busyAgents = Int(staffing[Int(q)].y)
        return stats
    }

    /// The interaction's current routing status, if it is being routed.
    public func interaction(_ id: InteractionID) -> InteractionSnapshot? {
        guard let slot = interactionIndex[id] else { return nil }
        let r = interactions[Int(slot)]
        let status: InteractionSnapshot.Status
        switch r.phase {
        case .waiting: status = .waiting
        case .offered: status = .offered(to: r.offers.map { agents[Int($0.agent)].id })
        case .active: status = .active(agents[Int(r.activeAgent)].id)
        }
        return InteractionSnapshot(
            id: r.id, queue: queues[Int(r.queue)].id, channel: Channel(index: r.channel) ?? .voice, priority: r.priority,
            status: status, enqueuedAt: Instant(nanoseconds: r.enqueuedAt),
            queueEnteredAt: Instant(nanoseconds: r.queueEnteredAt), relaxationStep: r.relaxStep,
            customerId: r.customerId, tier: r.tier, preferredAgent: r.preferredAgent,
            preferredAgentPresence: r.preferredPresence, attributes: r.attributes, demanding: r.demanding
        )
    }

    /// The agent's state and load, if it is known.
    public func agent(_ id: AgentID) -> AgentSnapshot? {
        guard let a = agentIndex[id] else { return nil }
        let r = agents[Int(a)]
        var load: [Channel: Int] = [:]
        var readyChannels: Set<Channel> = []
        for c in Channel.allCases {
            if r.load[c.index] > 0 { load[c] = Int(r.load[c.index]) }
            if r.readyMask & c.bit != 0 { readyChannels.insert(c) }
        }
        return AgentSnapshot(
            id: r.id, state: r.state, load: load,
            offers: r.offers.map { interactions[Int($0)].id },
            active: r.active.map { interactions[Int($0)].id },
            wrappingUp: r.wrapUps.map(\.interaction),
            handledSinceLogin: r.handled, readyChannels: readyChannels, inRoster: r.inRoster,
            stage: r.profile.stage, shielded: r.shielded
        )
    }

    /// The agent's profile in force (the configuration's, or the latest ``RoutingCommand/setAgent(_:profile:state:)``).
    public func profile(of id: AgentID) -> AgentProfile? {
        agentIndex[id].map { agents[Int($0)].profile }
    }

    /// The agent's chosen state and held work, in O(1) and without allocating (the routing owner reads
    /// it after every request to log the agent's line).
    public func workload(of id: AgentID) -> AgentWorkload? {
        guard let a = agentIndex[id] else { return nil }
        let index = Int(a)
        return AgentWorkload(state: agents[index].state, offers: agents[index].offers.count,
                             active: agents[index].active.count, wrappingUp: agents[index].wrapUps.count,
                             inRoster: agents[index].inRoster, loadByChannel: agents[index].load)
    }

    /// 1-based position of a waiting interaction among those waiting in its queue, in the order the
    /// queue would serve them at `now` (aged priority, then longest wait). O(waiting in the queue).
    public func position(of id: InteractionID, at now: Instant) -> Int? {
        guard let slot = interactionIndex[id] else { return nil }
        // Fields are read in place through the buffer: copying a record (`let r = interactions[i]`)
        // would retain each of its strings and arrays, once per interaction in the queue.
        return interactions.withUnsafeBufferPointer { records -> Int? in
            let me = Int(slot)
            guard records[me].phase == .waiting else { return nil }
            let q = records[me].queue
            let rate = queues[Int(q)].agingRate
            let nowMs = floorMilliseconds(now.nanoseconds)
            func effective(_ i: Int) -> Int64 {
                staticPriorityKey(priority: records[i].priority &+ records[i].boost, agingRate: rate, enqueuedAt: records[i].enqueuedAt) &+ rate &* nowMs
            }
            let mine = effective(me)
            let myEnqueuedAt = records[me].enqueuedAt, mySerial = records[me].serial
            var ahead = 0
            for entry in queueState[Int(q)].oldest.unordered {
                let i = Int(entry.slot)
                guard records[i].alive, records[i].serial == entry.serial, records[i].waitGeneration == entry.generation,
                      records[i].queue == q, records[i].serial != mySerial
                else { continue }
                let e = effective(i)
                if e > mine || (e == mine && (records[i].enqueuedAt < myEnqueuedAt || (records[i].enqueuedAt == myEnqueuedAt && records[i].serial < mySerial))) {
                    ahead += 1
                }
            }
            return ahead + 1
        }
    }

    /// Estimated remaining wait of a waiting interaction.
    ///
    /// With a recent answer rate r (answers per second over the last 15 minutes): position / r.
    /// Otherwise from staffing: N agents serving the queue, AHT (or `fallbackHandleTime`), arrival
    /// rate λ → traffic A = λ·AHT; when N > A (Erlang C applies) the Erlang C wait of a delayed
    /// contact plus (position − 1)·AHT/N, else position·AHT/N. Nil when nobody staffs the queue.
    public func estimatedWait(of id: InteractionID, at now: Instant, fallbackHandleTime: Duration = .seconds(180)) -> Duration? {
        place(of: id, at: now, fallbackHandleTime: fallbackHandleTime)?.estimatedWait
    }

    /// Position and estimated wait of a waiting interaction together (the position, O(waiting in the
    /// queue), is computed once); nil when it is not waiting.
    public func place(of id: InteractionID, at now: Instant, fallbackHandleTime: Duration = .seconds(180)) -> (position: Int, estimatedWait: Duration?)? {
        guard let position = position(of: id, at: now), let slot = interactionIndex[id] else { return nil }
        let wait = estimatedWait(position: position, queue: Int(interactions[Int(slot)].queue), at: now, fallbackHandleTime: fallbackHandleTime)
        return (position, wait)
    }

    private func estimatedWait(position: Int, queue q: Int, at now: Instant, fallbackHandleTime: Duration) -> Duration? {
        let recent = queueState[q].recentAnswers
        let horizon = now.nanoseconds - Self.rateWindow
        // Answer instants are appended in time order: the window starts at a binary-searched index, so
        // this costs O(log answers) and not a walk over every answer of the last 15 minutes.
        var low = recent.startIndex, high = recent.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if recent[middle] >= horizon { high = middle } else { low = middle + 1 }
        }
        let firstInWindow = low
        let answers = recent.count - firstInWindow
        if answers >= 3 {
            let first = recent[firstInWindow]
            let span = max(Double(now.nanoseconds - first) / 1e9, 1)
            return .seconds(Double(position) * span / Double(answers))
        }
        let staff = Int(staffing[q].x + staffing[q].y)
        guard staff > 0 else { return nil }
        let aht = Double((queueState[q].stats.averageHandleTime ?? fallbackHandleTime).clampedNanoseconds) / 1e9
        let lambda = Double(answers) / (Double(Self.rateWindow) / 1e9)
        let traffic = lambda * aht
        if traffic > 0, traffic < Double(staff),
           let asa = ErlangC.averageSpeedOfAnswer(agents: staff, traffic: traffic, averageHandleSeconds: aht) {
            let pw = ErlangC.probabilityOfWaiting(agents: staff, traffic: traffic)
            let delayed = pw > 0 ? asa / pw : 0
            return .seconds(delayed + Double(position - 1) * aht / Double(staff))
        }
        return .seconds(Double(position) * aht / Double(staff))
    }
}
