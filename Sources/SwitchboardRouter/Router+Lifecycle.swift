import DequeModule
import HeapModule

extension Router {
    /// Proposes an interaction to one agent: reserves the capacity and arms the offer timer.
    mutating func offer(_ slot: Int32, to a: Int32, _ now: Int64) {
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        let expires = now &+ queues[q].offerTimeout
        let heldByReserve = agents[Int(a)].free && agents[Int(a)].reserveBound
        let (channel, serial) = interactions.withUnsafeMutableBufferPointer { interactions in
            interactions[s].phase = .offered
            interactions[s].offers.append(PendingOffer(agent: a, expiresAt: expires))
            return (interactions[s].channel, interactions[s].serial)
        }
        addLoad(a, channel: channel, demanding: interactions[s].demanding)
        agents[Int(a)].offers.append(slot)
        touch(a)
        // No longer free, no longer held back by a reserve: it may take more, other work included.
        if heldByReserve { pending.append(.agent(a)) }
        schedule(Deadline(at: expires, kind: .offerTimeout, a: serial, b: UInt64(a), slot: slot, generation: 0))
        let offered = OfferedInteraction(
            id: interactions[s].id, channel: Channel(index: channel) ?? .voice, queue: queues[q].id,
            priority: interactions[s].priority, customerId: interactions[s].customerId, tier: interactions[s].tier,
            enqueuedAt: Instant(nanoseconds: interactions[s].enqueuedAt), demanding: interactions[s].demanding
        )
        sink.append(.offer(offered, agent: agents[Int(a)].id, expiresAt: Instant(nanoseconds: expires)))
    }

    /// Drops agent `a`'s pending offer of `slot`, releasing its capacity (no re-index).
    mutating func dropOffer(_ slot: Int32, agent a: Int32) {
        let s = Int(slot)
        if let k = interactions[s].offers.firstIndex(where: { $0.agent == a }) {
            interactions[s].offers.remove(at: k)
        }
        if let k = agents[Int(a)].offers.firstIndex(of: slot) {
            agents[Int(a)].offers.remove(at: k)
        }
        removeLoad(a, channel: interactions[s].channel, demanding: interactions[s].demanding)
    }

    /// Puts an interaction whose offers are all gone back into its queue, with its original place.
    mutating func requeue(_ slot: Int32) {
        let s = Int(slot)
        interactions[s].phase = .waiting
        sink.append(.interaction(interactions[s].id, .requeued(queues[Int(interactions[s].queue)].id)))
        pending.append(.interaction(slot, serial: interactions[s].serial))
    }

    /// Skips agent `a` for this interaction for the queue's rejection-skip time.
    mutating func addSkip(_ slot: Int32, agent a: Int32, _ now: Int64) {
        let s = Int(slot)
        let until = now &+ queues[Int(interactions[s].queue)].rejectionSkip
        if let k = interactions[s].skips.firstIndex(where: { $0.agent == a }) {
            interactions[s].skips[k].until = until
        } else {
            interactions[s].skips.append(Skip(agent: a, until: until))
        }
        schedule(Deadline(at: until, kind: .skipExpiry, a: interactions[s].serial, b: UInt64(a),
                                  slot: slot, generation: 0))
    }

    /// Enters a queue: resets relaxation, arms its timers and (unless told otherwise) counts it as
    /// offered to the queue.
    mutating func enterQueue(_ slot: Int32, queue q: Int32, _ now: Int64, countOffered: Bool = true) {
        let s = Int(slot)
        let qi = Int(q)
        let defaults = queues[qi].requirementsByStep[0]
        let (serial, generation) = interactions.withUnsafeMutableBufferPointer { interactions in
            interactions[s].queue = q
            interactions[s].queueEnteredAt = now
            interactions[s].queueGeneration &+= 1
            interactions[s].relaxStep = 0
            interactions[s].requirements = interactions[s].override ?? defaults
            interactions[s].activeAgent = -1
            interactions[s].phase = .waiting
            return (interactions[s].serial, interactions[s].queueGeneration)
        }
        if countOffered { queueState[qi].stats.offered += 1 }
        for k in queues[qi].steps.indices {
            schedule(Deadline(at: now &+ queues[qi].steps[k].after, kind: .relaxation, a: serial, b: UInt64(k + 1),
                              slot: slot, generation: generation))
        }
        if let maxWait = queues[qi].maxWait {
            schedule(Deadline(at: now &+ maxWait, kind: .maxWait, a: serial, b: 0, slot: slot, generation: generation))
        }
    }

    /// Applies the max-wait rule to a waiting, unplaced interaction; true when it is still routed.
    mutating func applyMaxWait(_ slot: Int32, _ now: Int64) -> Bool {
        let s = Int(slot)
        let q = Int(interactions[s].queue)
        if let target = queues[q].overflowTarget {
            if queueState[Int(target)].stats.waiting >= queues[Int(target)].maxSize {
                queueState[q].stats.ended += 1
                sink.append(.interaction(interactions[s].id, .ended(reason: "overflow_queue_full")))
                forget(slot)
                return false
            }
            queueState[q].stats.overflowed += 1
            interactions[s].preferredActive = false
            enterQueue(slot, queue: target, now)
            sink.append(.interaction(interactions[s].id, .overflowed(from: queues[q].id, to: queues[Int(target)].id)))
            return true
        }
        queueState[q].stats.ended += 1
        sink.append(.interaction(interactions[s].id, .ended(reason: queues[q].endReason)))
        forget(slot)
        return false
    }

    /// After handling (completion, transfer, hang-up): wrap-up on that slot, or free it at once.
    mutating func finishWork(agent a: Int32, slot: Int32, _ now: Int64) {
        let s = Int(slot)
        let i = Int(a)
        let q = Int(interactions[s].queue)
        if let k = agents[i].active.firstIndex(of: slot) { agents[i].active.remove(at: k) }
        let wrapUp = queues[q].wrapUp
        if wrapUp > 0 && agents[i].isLoggedIn {
            let until = now &+ wrapUp
            agents[i].wrapUps.append(WrapUp(
                interaction: interactions[s].id, serial: interactions[s].serial, channel: interactions[s].channel,
                queue: queues[q].id, demanding: interactions[s].demanding, startedAt: now, until: until
            ))
            schedule(Deadline(at: until, kind: .wrapUpEnd, a: UInt64(a), b: interactions[s].serial,
                                      slot: a, generation: 0))
            sink.append(.wrapUpStarted(agent: agents[i].id, interaction: interactions[s].id, until: Instant(nanoseconds: until)))
        } else {
            removeLoad(a, channel: interactions[s].channel, demanding: interactions[s].demanding)
            touch(a)
            pending.append(.agent(a))
        }
    }

    /// Ends one wrap-up of the agent, counting its time into the queue's handle time.
    mutating func endWrapUp(agent a: Int32, at k: Int, _ now: Int64, reindex: Bool = true) {
        let i = Int(a)
        let w = agents[i].wrapUps.remove(at: k)
        if let q = queueIndex[w.queue] {
            queueState[Int(q)].stats.totalHandleTime += .nanoseconds(now - w.startedAt)
        }
        sink.append(.wrapUpEnded(agent: agents[i].id, interaction: w.interaction))
        removeLoad(a, channel: w.channel, demanding: w.demanding)
        if reindex {
            touch(a)
            pending.append(.agent(a))
        }
    }

    /// A removed agent whose work is done leaves: logged out and out of the roster.
    mutating func finishRetirement(_ a: Int32) {
        let i = Int(a)
        agents[i].retiring = false
        agents[i].inRoster = false
        if agents[i].state != .offline {
            agents[i].state = .offline
            sink.append(.agentStateChanged(agent: agents[i].id, state: .offline))
        }
        touch(a)
        releasePreferredWaiters(of: a)
        releaseDedicatedWaiters(of: a)
    }
}
