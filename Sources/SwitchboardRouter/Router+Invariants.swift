import DequeModule
import HeapModule

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The router's indexes (ready lists, waiting buckets, per-agent and per-queue counters, timers)
// repeat what the interaction and agent records say, for speed. These checks recount everything from
// the records and compare, after every `handle` while `checksInvariants` is on. They are compiled
// into debug builds only: in release `checkInvariants()` is empty and the flag does nothing.
//
// Each record is copied once, into plain values (`SlotFacts`, `AgentFacts`) that the other passes
// read, and closures see only locals: in a debug build every read of a record's field copies the
// whole record, and every read of `self` from a closure copies the whole router, reference counts
// and all, which would cost far more than the checks themselves; the tests check after every command.

extension Router {
    /// Whether routers made in this process check their invariants after every command by default:
    /// `SWITCHBOARD_CHECK_INVARIANTS=1` in the environment, read once (debug builds only).
    static let checksInvariantsByDefault: Bool = {
        #if DEBUG
        guard let value = getenv("SWITCHBOARD_CHECK_INVARIANTS") else { return false }
        return String(cString: value) == "1"
        #else
        return false
        #endif
    }()
}

#if DEBUG
/// What the checks need of one interaction slot, as plain values.
private struct SlotFacts {
    static let notPlaced: Int32 = -1
    static let preferred: Int32 = -2

    var alive = false
    var serial: UInt64 = 0
    var queue: Int32 = 0
    var channel = 0
    var phase: InteractionRecord.Phase = .waiting
    /// The bucket it waits in, or `notPlaced`, or `preferred` (waiting for its preferred agent).
    var placement = notPlaced
    var placeGeneration: UInt32 = 0
    var waitGeneration: UInt32 = 0
    var queueGeneration: UInt32 = 0
    var priority = 0
    var relaxStep = 0
    var enqueuedAt: Int64 = 0
    var queueEnteredAt: Int64 = 0
    var activeAgent: Int32 = -1
    var preferredActive = false
    var demanding = false
    /// Its tier's rank (−1 untiered), its tier's boost, and whether it is in the tier's dedicated phase.
    var tierRank: Int32 = -1
    var boost = 0
    var dedicatedOnly = false
    /// Its offers and skips in the census's flat copies.
    var offers = 0..<0
    var skips = 0..<0

    var isPlaced: Bool { placement != Self.notPlaced }
}

/// What the ready-list walk needs of one agent, as plain values.
private struct AgentFacts {
    var readyMask: UInt8 = 0
    var stamp: UInt64 = 0
    /// Its stage as a rank.
    var stage: UInt8 = 0
    /// ``AgentRecord/demandingChatsAgainstCap``.
    var demandingChatsAgainstCap: Int32 = .min
    /// Its tiers, and which work their reserves let it take (``Router/reserveRestriction(_:excludingChosen:)``).
    var tiers: [Int32] = []
    var restriction: Int32 = -1
}

/// Every slot's facts, with their offers and skips copied into flat arrays, read in one pass.
private struct Census {
    var slots: [SlotFacts] = []
    var offers: [PendingOffer] = []
    var skips: [Skip] = []
    /// Slots placed to wait, and their requirements.
    var waiting: [Int] = []
    var waitingRequirements: [[Requirement]] = []
    var agents: [AgentFacts] = []
    /// Proficiency by skill id of every agent.
    var levels: [[UInt8]] = []
}

/// Whether `index` addresses one of `count` elements.
@inline(__always)
private func within(_ index: Int32, _ count: Int) -> Bool {
    index >= 0 && Int(index) < count
}

extension Router {
    /// Traps, naming every broken invariant, when the indexes disagree with the records.
    @inline(never)
    func checkInvariants() {
        let violations = invariantViolations()
        guard !violations.isEmpty else { return }
        let shown = violations.prefix(20).joined(separator: "\n  ")
        let more = violations.count > 20 ? "\n  … and \(violations.count - 20) more" : ""
        preconditionFailure("Router invariants broken:\n  \(shown)\(more)")
    }

    /// Every broken invariant, one sentence each; empty when the router is consistent. What the lazy
    /// schemes leave behind on purpose (stale heap entries, list nodes of agents no longer ready,
    /// timers of what is gone) is not a violation.
    func invariantViolations() -> [String] {
        var p: [String] = []
        guard checkShapes(&p) else { return p }
        var census = Census()
        // The passes below index with what the interactions name: not when a value is out of range.
        guard checkInteractions(&census, &p) else { return p }
        checkAgents(&census, &p)
        checkPreferredWaiting(census, &p)
        checkTiers(&p)
        checkBuckets(census, &p)
        checkReadyLists(census, &p)
        checkTierReadyLists(&p)
        checkQueues(census, &p)
        checkTimers(census, &p)
        checkNobodyIdleNextToWork(census, &p)
        if !pending.isEmpty { p.append("\(pending.count) routing task(s) left pending after the command") }
        return p
    }

    // MARK: Array shapes

    private func checkShapes(_ p: inout [String]) -> Bool {
        let queueCount = queues.count
        if queueState.count != queueCount { p.append("queueState has \(queueState.count) entries for \(queueCount) queues") }
        if staffing.count != queueCount { p.append("staffing has \(staffing.count) entries for \(queueCount) queues") }
        if queueIndex.count != queueCount { p.append("queueIndex has \(queueIndex.count) entries for \(queueCount) queues") }
        guard p.isEmpty else { return false }
        for q in 0..<queueCount {
            let queue = queues[q]
            if queueIndex[queue.id] != Int32(q) { p.append("queueIndex does not lead to queue '\(queue.id)'") }
            if queueState[q].defaultBuckets.count != (queue.steps.count + 1) * Channel.count * 2 {
                p.append("queue '\(queue.id)': its default-bucket cache has \(queueState[q].defaultBuckets.count) entries")
            }
        }
        let lists = (skills.count + 1) * Channel.count
        if bucketsByList.count < lists { p.append("bucketsByList has \(bucketsByList.count) lists for \(lists) (channel, skill) pairs") }
        if ready.lists.count < lists { p.append("the ready lists are \(ready.lists.count) for \(lists) (channel, skill) pairs") }
        for i in 0..<agents.count {
            let a = agents[i]
            if a.load.count != Channel.count || a.capacity.count != Channel.count {
                p.append("agent '\(a.id)' has \(a.load.count) load and \(a.capacity.count) capacity entries")
            }
            for slot in a.offers where !within(slot, interactions.count) { p.append("agent '\(a.id)' holds an offer of slot \(slot), out of range") }
            for slot in a.active where !within(slot, interactions.count) { p.append("agent '\(a.id)' handles slot \(slot), out of range") }
            for w in a.wrapUps where w.channel < 0 || w.channel >= Channel.count {
                p.append("agent '\(a.id)' wraps up '\(w.interaction)' on channel \(w.channel), out of range")
            }
            for node in a.nodes where !within(node, ready.nodes.count) { p.append("agent '\(a.id)' holds ready-list node \(node), out of range") }
        }
        let nodeCount = ready.nodes.count
        let agentCount = agents.count
        ready.nodes.withUnsafeBufferPointer { nodes in
            for n in 0..<nodes.count {
                let node = nodes[n]
                if (node.list >= 0 && !within(node.agent, agentCount)) || !(node.prev == -1 || within(node.prev, nodeCount))
                    || !(node.next == -1 || within(node.next, nodeCount)) {
                    p.append("ready-list node \(n) names agent \(node.agent) and links \(node.prev)/\(node.next), out of range")
                }
            }
        }
        for (l, list) in ready.lists.enumerated() where !(list.head == -1 || within(list.head, nodeCount)) || !(list.tail == -1 || within(list.tail, nodeCount)) {
            p.append("ready list \(l) runs from node \(list.head) to \(list.tail), out of range")
        }
        for (list, ids) in bucketsByList.enumerated() {
            for b in ids where !within(b, buckets.count) { p.append("list \(list) registers bucket \(b), out of range") }
        }
        for bucket in buckets where !within(bucket.queue, queueCount) || bucket.channel < 0 || bucket.channel >= Channel.count {
            p.append("a bucket belongs to queue \(bucket.queue), channel \(bucket.channel): out of range")
        }
        return p.isEmpty
    }

    // MARK: Interaction slots, the id index and each interaction's own state

    /// Checks every slot on its own and against the index, and gathers the census the other checks
    /// read; false when a slot names something out of range.
    private func checkInteractions(_ census: inout Census, _ p: inout [String]) -> Bool {
        let slotCount = interactions.count
        let queues = self.queues
        let requirementsByStep = queues.map(\.requirementsByStep)
        census.slots.reserveCapacity(slotCount)
        var alive = 0
        var allInRange = true
        for s in 0..<slotCount {
            let r = interactions[s]
            guard r.alive else {
                census.slots.append(SlotFacts())
                continue
            }
            alive += 1
            let slot = Int32(s)
            func name() -> String { "interaction '\(r.id)' (slot \(s))" }
            var facts = SlotFacts(
                alive: true, serial: r.serial, queue: r.queue, channel: r.channel, phase: r.phase, placement: SlotFacts.notPlaced,
                placeGeneration: r.placeGeneration, waitGeneration: r.waitGeneration, queueGeneration: r.queueGeneration,
                priority: r.priority, relaxStep: r.relaxStep, enqueuedAt: r.enqueuedAt, queueEnteredAt: r.queueEnteredAt,
                activeAgent: r.activeAgent, preferredActive: r.preferredActive,
                tierRank: r.tierRank, boost: r.boost, dedicatedOnly: r.dedicatedOnly
            )
            facts.demanding = r.demanding
            switch r.placement {
            case .none: break
            case .bucket(let b): facts.placement = b
            case .preferred: facts.placement = SlotFacts.preferred
            }
            if !r.offers.isEmpty {
                facts.offers = census.offers.count..<(census.offers.count + r.offers.count)
                census.offers.append(contentsOf: r.offers)
            }
            if !r.skips.isEmpty {
                facts.skips = census.skips.count..<(census.skips.count + r.skips.count)
                census.skips.append(contentsOf: r.skips)
            }
            census.slots.append(facts)

            // Ranges first: everything after indexes with these.
            var inRange = within(r.queue, queues.count) && r.channel >= 0 && r.channel < Channel.count
            if !inRange { p.append("\(name()) is in queue \(r.queue) on channel \(r.channel), out of range") }
            if r.phase == .active && !within(r.activeAgent, agents.count) {
                p.append("\(name()) is active on agent \(r.activeAgent), out of range")
                inRange = false
            }
            // (Empty lists are the rule: not even an iterator for them.)
            if !r.offers.isEmpty {
                for o in r.offers where !within(o.agent, agents.count) {
                    p.append("\(name()) is offered to agent \(o.agent), out of range")
                    inRange = false
                }
            }
            if !r.skips.isEmpty {
                for skip in r.skips where !within(skip.agent, agents.count) {
                    p.append("\(name()) skips agent \(skip.agent), out of range")
                    inRange = false
                }
            }
            if case .bucket(let b) = r.placement, !within(b, buckets.count) {
                p.append("\(name()) is placed in bucket \(b), out of range")
                inRange = false
            }
            guard inRange else {
                allInRange = false
                continue
            }

            if interactionIndex[r.id] != slot {
                p.append("\(name()) is alive but interactionIndex maps its id to \(interactionIndex[r.id].map { "slot \($0)" } ?? "nothing")")
            }
            if r.serial >= nextSerial { p.append("\(name()) has serial \(r.serial), not below the next serial \(nextSerial)") }
            let steps = requirementsByStep[Int(r.queue)].count - 1
            if r.relaxStep < 0 || r.relaxStep > steps {
                p.append("\(name()) is at relaxation step \(r.relaxStep) of \(steps)")
            } else {
                var expected = requirementsByStep[Int(r.queue)][r.relaxStep]
                if let override = r.override { expected = queues[Int(r.queue)].relaxed(override, step: r.relaxStep) }
                if r.requirements != expected { p.append("\(name()) has requirements \(r.requirements), not those of its queue at step \(r.relaxStep): \(expected)") }
            }
            if r.preferredActive && r.preferredAgent == nil { p.append("\(name()) waits for a preferred agent but names none") }
            let rank = r.tier.flatMap { tierIndex[$0] } ?? -1
            if r.tierRank != rank { p.append("\(name()) has tier rank \(r.tierRank); its tier '\(r.tier ?? "")' says \(rank)") }
            let boost = within(r.tierRank, tiers.count) ? tiers[Int(r.tierRank)].boost : 0
            if r.boost != boost { p.append("\(name()) has boost \(r.boost); its tier gives \(boost)") }
            if r.dedicatedOnly && !within(r.tierRank, tiers.count) { p.append("\(name()) is in a dedicated phase without a tier") }
            if r.skips.count > 1 {
                for k in r.skips.indices where r.skips[..<k].contains(where: { $0.agent == r.skips[k].agent }) {
                    p.append("\(name()) skips agent \(r.skips[k].agent) twice")
                }
            }

            switch r.phase {
            case .waiting:
                if !r.offers.isEmpty { p.append("\(name()) is waiting but has \(r.offers.count) pending offer(s)") }
                if r.activeAgent != -1 { p.append("\(name()) is waiting but names active agent \(r.activeAgent)") }
                if r.placement == .none { p.append("\(name()) is waiting but placed nowhere: no agent that frees will find it") }
            case .offered:
                if r.offers.isEmpty { p.append("\(name()) is offered to nobody") }
                if r.placement != .none { p.append("\(name()) is offered but still placed (\(r.placement))") }
                if r.activeAgent != -1 { p.append("\(name()) is offered but names active agent \(r.activeAgent)") }
                if r.offers.count > 1 {
                    for k in r.offers.indices where r.offers[..<k].contains(where: { $0.agent == r.offers[k].agent }) {
                        p.append("\(name()) is offered twice to agent \(r.offers[k].agent)")
                    }
                }
            case .active:
                if !r.offers.isEmpty { p.append("\(name()) is active but has \(r.offers.count) pending offer(s)") }
                if r.placement != .none { p.append("\(name()) is active but still placed (\(r.placement))") }
            }

            switch r.placement {
            case .none:
                break
            case .bucket(let b):
                let bucket = buckets[Int(b)]
                if bucket.queue != r.queue || bucket.channel != r.channel || bucket.requirements != r.requirements
                    || bucket.demanding != r.demanding || bucket.tier != r.tierRank || bucket.dedicatedOnly != r.dedicatedOnly {
                    p.append("\(name()) sits in bucket \(b) (queue \(bucket.queue), channel \(bucket.channel), requirements \(bucket.requirements), demanding \(bucket.demanding), tier \(bucket.tier), dedicated only \(bucket.dedicatedOnly)), not its own (queue \(r.queue), channel \(r.channel), requirements \(r.requirements), demanding \(r.demanding), tier \(r.tierRank), dedicated only \(r.dedicatedOnly))")
                }
                if r.dedicatedOnly && within(r.tierRank, tiers.count) && !dedicatedAgentQualifies(for: slot) {
                    p.append("\(name()) waits for its tier's dedicated agents, none of whom could take it")
                }
                if r.preferredActive { p.append("\(name()) sits in a bucket during its preferred-agent window") }
            case .preferred:
                if !r.preferredActive { p.append("\(name()) waits for its preferred agent after the window closed") }
                var held = 0
                if let agent = r.preferredAgent, let list = preferredWaiting[agent] {
                    for other in list where other == slot { held += 1 }
                }
                if held != 1 { p.append("\(name()) waits for its preferred agent, whose waiting list holds it \(held) time(s)") }
                checkPreferredAgentQualifies(r, name(), &p)
            }
            if r.placement != .none {
                census.waiting.append(s)
                census.waitingRequirements.append(r.requirements)
            }
        }
        // With as many entries as live interactions, each leading back to its own slot, the index
        // holds exactly the live interactions.
        if alive != interactionIndex.count { p.append("\(alive) interactions are alive, interactionIndex has \(interactionIndex.count) entries") }
        var free = Array(repeating: false, count: slotCount)
        for slot in freeSlots {
            guard within(slot, slotCount) else {
                p.append("free slot \(slot) is out of range")
                continue
            }
            if free[Int(slot)] { p.append("slot \(slot) is free twice") }
            free[Int(slot)] = true
            if census.slots[Int(slot)].alive { p.append("slot \(slot) is free but holds a live interaction") }
        }
        if alive + freeSlots.count != slotCount {
            p.append("of \(slotCount) slots, \(alive) are alive and \(freeSlots.count) free: the others are lost")
        }
        return allInRange
    }

    // MARK: Agents: work held, load, readiness, staffing membership

    private func checkAgents(_ census: inout Census, _ p: inout [String]) {
        if agentIndex.count != agents.count { p.append("agentIndex has \(agentIndex.count) entries for \(agents.count) agents") }
        let slots = census.slots
        let channelMasks = queues.map(\.channelMask)
        let defaultRequirements = queues.map { $0.requirementsByStep[0] }
        let minimumStages = queues.map(\.minimumStage)
        // Which agent's lists last named a slot, to catch a slot listed twice; and how many agents
        // hold it (offered: one per offer; active: one).
        var listedBy = Array(repeating: Int32(-1), count: slots.count)
        var holders = Array(repeating: 0, count: slots.count)
        for i in 0..<agents.count {
            let a = agents[i]
            let index = Int32(i)
            census.agents.append(AgentFacts(readyMask: a.readyMask, stamp: a.stamp, stage: a.stage,
                                            demandingChatsAgainstCap: a.demandingChatsAgainstCap, tiers: a.tiers,
                                            restriction: reserveRestriction(index)))
            if a.free != (a.isAvailable && a.holdsWork == false) { p.append("agent '\(a.id)' (index \(i)) is counted \(a.free ? "" : "not ")free") }
            var expectedTiers: [Int32] = []
            if a.inRoster && !a.retiring {
                for t in 0..<min(tiers.count, configurationValue.tiers.count) where configurationValue.tiers[t].dedicatedAgents.contains(a.id) {
                    expectedTiers.append(Int32(t))
                }
            }
            if a.tiers != expectedTiers { p.append("agent '\(a.id)' (index \(i)) is dedicated to tiers \(a.tiers); the configuration says \(expectedTiers)") }
            let bound = a.tiers.contains { Int($0) < tiers.count && tiers[Int($0)].reserve > 0 }
            if a.isDedicated == a.tiers.isEmpty || a.reserveBound != bound {
                p.append("agent '\(a.id)' (index \(i)) is marked dedicated \(a.isDedicated), reserve-bound \(a.reserveBound) for tiers \(a.tiers)")
            }
            if a.stage != a.profile.stage.rank { p.append("agent '\(a.id)' (index \(i)) has stage rank \(a.stage); its profile says \(a.profile.stage)") }
            if a.shielded != (a.shieldRequested || a.profile.stage == .new) {
                p.append("agent '\(a.id)' (index \(i)) is \(a.shielded ? "" : "not ")shielded; requested \(a.shieldRequested), stage \(a.profile.stage)")
            }
            census.levels.append(a.levels)
            func name() -> String { "agent '\(a.id)' (index \(i))" }
            if agentIndex[a.id] != index { p.append("agentIndex maps '\(a.id)' to \(agentIndex[a.id].map(String.init) ?? "nothing"), not \(i)") }

            var load = Array(repeating: Int32(0), count: Channel.count)
            var demandingChats: Int32 = 0
            let chat = Channel.chat.index
            for slot in a.offers {
                let s = Int(slot)
                if listedBy[s] == index { p.append("\(name()) lists slot \(slot) twice in its offers and active work") }
                listedBy[s] = index
                holders[s] += 1
                guard slots[s].alive, slots[s].phase == .offered, census.offers[slots[s].offers].contains(where: { $0.agent == index }) else {
                    p.append("\(name()) lists an offer of slot \(slot), which is not offered to it")
                    continue
                }
                load[slots[s].channel] += 1
                if slots[s].demanding && slots[s].channel == chat { demandingChats += 1 }
            }
            for slot in a.active {
                let s = Int(slot)
                if listedBy[s] == index { p.append("\(name()) lists slot \(slot) twice in its offers and active work") }
                listedBy[s] = index
                holders[s] += 1
                guard slots[s].alive, slots[s].phase == .active, slots[s].activeAgent == index else {
                    p.append("\(name()) lists slot \(slot) as active work, which it is not handling")
                    continue
                }
                load[slots[s].channel] += 1
                if slots[s].demanding && slots[s].channel == chat { demandingChats += 1 }
            }
            for w in a.wrapUps {
                load[w.channel] += 1
                if w.demanding && w.channel == chat { demandingChats += 1 }
            }
            if a.demandingChats != demandingChats {
                p.append("\(name()) counts \(a.demandingChats) demanding chats held; its offers, active work and wrap-ups hold \(demandingChats)")
            }
            if load != a.load { p.append("\(name()) has load \(a.load) by channel; its offers, active work and wrap-ups make \(load)") }
            var total = 0
            var exclusive = 0
            for c in 0..<Channel.count {
                total += Int(load[c])
                if exclusiveMask & (1 << UInt8(c)) != 0 { exclusive += Int(load[c]) }
            }
            if a.totalLoad != total { p.append("\(name()) has total load \(a.totalLoad); it holds \(total)") }
            if a.exclusiveLoad != exclusive { p.append("\(name()) has exclusive load \(a.exclusiveLoad); it holds \(exclusive)") }
            if !a.isLoggedIn && (!a.offers.isEmpty || !a.wrapUps.isEmpty) {
                p.append("\(name()) is offline with \(a.offers.count) offer(s) and \(a.wrapUps.count) wrap-up(s)")
            }

            let mask = a.computeReadyMask(exclusiveChannels: exclusiveMask)
            if a.readyMask != mask { p.append("\(name()) is indexed as ready on channels \(a.readyMask); its state and load say \(mask)") }

            var held: [Int32] = []
            for s in 0..<a.levels.count where a.levels[s] > 0 { held.append(Int32(s)) }
            if held != a.skills { p.append("\(name()) holds skills \(held) by level but lists \(a.skills)") }

            var member: [Int32] = []
            for q in 0..<channelMasks.count {
                var serves = false
                for c in 0..<Channel.count where channelMasks[q] & (1 << UInt8(c)) != 0 && a.capacity[c] > 0 { serves = true }
                if serves && a.stage >= minimumStages[q] && a.meets(defaultRequirements[q]) { member.append(Int32(q)) }
            }
            if a.queues != member { p.append("\(name()) counts toward queues \(a.queues) in staffing; its profile says \(member)") }
            if a.countedAvailable != (a.readyMask != 0) { p.append("\(name()) is counted \(a.countedAvailable ? "" : "not ")available in staffing") }
            if a.countedBusy != (a.isLoggedIn && a.holdsWork) { p.append("\(name()) is counted \(a.countedBusy ? "" : "not ")busy in staffing") }
        }
        // Every pending offer and every active interaction is on its agent's list, once.
        for s in 0..<slots.count where slots[s].alive {
            let expected = slots[s].phase == .offered ? slots[s].offers.count : (slots[s].phase == .active ? 1 : 0)
            if holders[s] != expected {
                p.append("interaction in slot \(s) is \(slots[s].phase) but on \(holders[s]) agent list(s), not \(expected)")
            }
        }
    }

    /// An interaction waits for its preferred agent only while that agent is present as its mode asks
    /// and able to take it: otherwise it should have gone to everyone.
    private func checkPreferredAgentQualifies(_ r: InteractionRecord, _ name: String, _ p: inout [String]) {
        guard let agent = r.preferredAgent, let a = agentIndex[agent], within(a, agents.count) else {
            p.append("\(name) waits for preferred agent '\(r.preferredAgent?.rawValue ?? "")', unknown to the router")
            return
        }
        let state = agents[Int(a)].state
        let present: Bool
        switch (r.preferredPresence, state) {
        case (.loggedIn, .offline): present = false
        case (.loggedIn, _): present = true
        case (.available, .available): present = true
        case (.available, _): present = false
        }
        if !present { p.append("\(name) waits for preferred agent '\(agent)' while \(r.preferredPresence), but the agent is \(state)") }
        let capacity = agents[Int(a)].capacity[r.channel]
        if capacity <= 0 { p.append("\(name) waits for preferred agent '\(agent)', who has no capacity on channel \(r.channel)") }
        if !agents[Int(a)].meets(r.requirements) {
            p.append("\(name) waits for preferred agent '\(agent)', who does not meet its requirements \(r.requirements)")
        }
        if agents[Int(a)].stage < queues[Int(r.queue)].minimumStage {
            p.append("\(name) waits for preferred agent '\(agent)', whose stage \(agents[Int(a)].profile.stage) is below its queue's minimum")
        }
    }

    /// The tiers repeat the configuration's, and each tier lists exactly the agents dedicated to it.
    private func checkTiers(_ p: inout [String]) {
        if tiers.count != configurationValue.tiers.count || tierIndex.count != tiers.count {
            p.append("\(tiers.count) tiers (\(tierIndex.count) by name) for \(configurationValue.tiers.count) configured")
            return
        }
        for (t, tier) in tiers.enumerated() {
            let configured = configurationValue.tiers[t]
            if tier.name != configured.name || tierIndex[tier.name] != Int32(t) || tier.boost != configured.priorityBoost
                || tier.fallback != configured.fallback.clampedNanoseconds || tier.reserve != configured.reserve {
                p.append("tier \(t) ('\(tier.name)') disagrees with its configuration")
            }
            for k in tier.dedicated.indices {
                let a = tier.dedicated[k]
                if !within(a, agents.count) || (k > 0 && tier.dedicated[k - 1] >= a) || !agents[Int(a)].tiers.contains(Int32(t)) {
                    p.append("tier '\(tier.name)' lists dedicated agent \(a), out of order, out of range or not dedicated to it")
                }
            }
        }
        var memberships = 0
        for a in agents { memberships += a.tiers.count }
        var listed = 0
        for tier in tiers { listed += tier.dedicated.count }
        if memberships != listed { p.append("agents are dedicated \(memberships) time(s); the tiers list \(listed)") }
    }

    private func checkPreferredWaiting(_ census: Census, _ p: inout [String]) {
        let slots = census.slots
        var listed = 0
        for (agent, list) in preferredWaiting {
            if list.isEmpty { p.append("an empty preferred-waiting list is kept for agent '\(agent)'") }
            listed += list.count
            for slot in list {
                guard within(slot, slots.count) else {
                    p.append("agent '\(agent)''s preferred-waiting list holds slot \(slot), out of range")
                    continue
                }
                let s = Int(slot)
                if !slots[s].alive || slots[s].placement != SlotFacts.preferred || interactions[s].preferredAgent != agent {
                    p.append("agent '\(agent)''s preferred-waiting list holds slot \(slot), which does not wait for that agent")
                }
            }
        }
        var placed = 0
        for s in 0..<slots.count where slots[s].alive && slots[s].placement == SlotFacts.preferred { placed += 1 }
        if listed != placed { p.append("\(placed) interactions wait for a preferred agent; the waiting lists hold \(listed)") }
    }

    // MARK: Waiting buckets

    private func checkBuckets(_ census: Census, _ p: inout [String]) {
        let slots = census.slots
        let agingRates = queues.map(\.agingRate)
        let minimumStages = queues.map(\.minimumStage)
        var placed = Array(repeating: 0, count: buckets.count)
        for s in 0..<slots.count where slots[s].alive && slots[s].placement >= 0 { placed[Int(slots[s].placement)] += 1 }
        var registered = Array(repeating: 0, count: buckets.count)
        for (list, ids) in bucketsByList.enumerated() {
            for b in ids {
                registered[Int(b)] += 1
                let expected = ReadyAgentLists.listIndex(channel: buckets[Int(b)].channel, skill: buckets[Int(b)].requirements.first?.skill ?? -1)
                if list != expected { p.append("bucket \(b) is registered under list \(list); its channel and first skill say \(expected)") }
            }
        }
        if bucketIndex.count != buckets.count { p.append("bucketIndex has \(bucketIndex.count) keys for \(buckets.count) buckets") }
        // The bucket whose current entry for a slot was seen last, to catch a slot entered twice.
        var entered = Array(repeating: Int32(-1), count: slots.count)
        for b in 0..<buckets.count {
            let bucket = buckets[b]
            func name() -> String { "bucket \(b) (queue \(bucket.queue), channel \(bucket.channel))" }
            if registered[b] != 1 { p.append("\(name()) is registered under \(registered[b]) lists") }
            if bucketIndex[BucketKey(queue: bucket.queue, channel: bucket.channel, requirements: bucket.requirements,
                                     demanding: bucket.demanding, tier: bucket.tier, dedicatedOnly: bucket.dedicatedOnly)] != Int32(b) {
                p.append("bucketIndex does not lead to \(name())")
            }
            let chatCap = newAgentDemandingChatCap(queue: bucket.queue, channel: bucket.channel, demanding: bucket.demanding)
            if bucket.newAgentDemandingChats != chatCap {
                p.append("\(name()) caps new agents' demanding chats at \(bucket.newAgentDemandingChats), its queue at \(chatCap)")
            }
            if bucket.minimumStage != minimumStages[Int(bucket.queue)] {
                p.append("\(name()) admits stages from \(bucket.minimumStage), its queue from \(minimumStages[Int(bucket.queue)])")
            }
            if bucket.agingRate != agingRates[Int(bucket.queue)] {
                p.append("\(name()) ages at \(bucket.agingRate), its queue at \(agingRates[Int(bucket.queue)])")
            }
            if bucket.requirementCount != bucket.requirements.count || bucket.firstSkill != (bucket.requirements.first?.skill ?? -1)
                || bucket.firstLevel != (bucket.requirements.first?.level ?? 0) {
                p.append("\(name()): its inline first requirement disagrees with its requirements")
            }
            var current = 0
            var best: WaitEntry?
            bucket.heap.unordered.withUnsafeBufferPointer { entries in
                for e in 0..<entries.count {
                    let entry = entries[e]
                    guard within(entry.slot, slots.count) else {
                        p.append("\(name()) holds an entry for slot \(entry.slot), out of range")
                        continue
                    }
                    let r = slots[Int(entry.slot)]
                    // Entries of interactions that left, or were placed again since, are stale:
                    // dropped when they surface, or when the heap is rebuilt.
                    guard r.alive, r.serial == entry.serial, r.placeGeneration == entry.generation, r.placement == Int32(b) else { continue }
                    current += 1
                    if entered[Int(entry.slot)] == Int32(b) { p.append("\(name()) holds two current entries for slot \(entry.slot)") }
                    entered[Int(entry.slot)] = Int32(b)
                    let key = staticPriorityKey(priority: r.priority + r.boost, agingRate: bucket.agingRate, enqueuedAt: r.enqueuedAt)
                    if entry.key != key || entry.enqueuedAt != r.enqueuedAt {
                        p.append("\(name()): the entry of slot \(entry.slot) has key \(entry.key) and enqueue \(entry.enqueuedAt); the interaction says \(key) and \(r.enqueuedAt)")
                    }
                    if best.map({ entry < $0 }) ?? true { best = entry }
                }
            }
            if current != bucket.live { p.append("\(name()) counts \(bucket.live) live entries; its heap holds \(current) current ones") }
            if current != placed[b] { p.append("\(placed[b]) interactions are placed in \(name()); its heap holds \(current) current entries") }
            if bucket.best?.slot != best?.slot || bucket.best != best {
                let describe = { (e: WaitEntry?) in e.map { "slot \($0.slot) (serial \($0.serial))" } ?? "none" }
                p.append("\(name()) caches \(describe(bucket.best)) as its best entry; the best current entry is \(describe(best))")
            }
        }
        for q in 0..<queueState.count {
            let cache = queueState[q].defaultBuckets
            for k in 0..<cache.count where cache[k] >= 0 {
                let b = cache[k]
                guard within(b, buckets.count) else {
                    p.append("queue '\(queues[q].id)' caches bucket \(b), out of range")
                    continue
                }
                let step = k / 2 / Channel.count
                let channel = k / 2 % Channel.count
                let demanding = k % 2 == 1
                if buckets[Int(b)].queue != Int32(q) || buckets[Int(b)].channel != channel
                    || buckets[Int(b)].requirements != queues[q].requirementsByStep[step] || buckets[Int(b)].demanding != demanding
                    || buckets[Int(b)].tier != -1 || buckets[Int(b)].dedicatedOnly {
                    p.append("queue '\(queues[q].id)' caches bucket \(b) for step \(step) on channel \(channel), but it is another bucket")
                }
            }
        }
    }

    // MARK: Ready lists

    /// Every list is well linked and, skipping nodes of agents no longer ready (detached lazily by
    /// whoever walks over them, or at the agent's next re-index), holds ready agents holding its
    /// skill, longest idle first. An agent ready on some channel sits on exactly the lists of its
    /// ready channels and held skills. Each node is free or held by exactly one agent.
    /// Each tier's ready list on each channel holds, among agents ready on that channel, exactly the
    /// tier's dedicated agents, longest idle first (nodes of agents no longer ready are leftovers).
    private func checkTierReadyLists(_ p: inout [String]) {
        guard !tiers.isEmpty else { return }
        for t in tiers.indices {
            let free = tiers[t].dedicated.filter { agents[Int($0)].free }.count
            if tiers[t].freeCount != free { p.append("tier \(t) counts \(tiers[t].freeCount) free dedicated agents; \(free) are") }
        }
        if tierReady.lists.count < (tiers.count + 1) * Channel.count {
            p.append("the tiers' ready lists are \(tierReady.lists.count) for \(tiers.count) tiers")
            return
        }
        for t in tiers.indices {
            for c in 0..<Channel.count {
                let bit = UInt8(1) << UInt8(c)
                var seen: Set<Int32> = []
                var lastStamp: UInt64?
                var node = tierReady.first(ReadyAgentLists.listIndex(channel: c, skill: Int32(t)))
                var steps = 0
                while node >= 0, steps <= tierReady.nodes.count {
                    steps += 1
                    let a = tierReady.agent(node)
                    node = tierReady.next(node)
                    guard within(a, agents.count), agents[Int(a)].readyMask & bit != 0 else { continue }
                    if !agents[Int(a)].tiers.contains(Int32(t)) { p.append("agent \(a) is on tier \(t)'s ready list without being dedicated to it") }
                    if !seen.insert(a).inserted { p.append("agent \(a) is twice on tier \(t)'s ready list") }
                    if let lastStamp, agents[Int(a)].stamp <= lastStamp { p.append("tier \(t)'s ready list is out of longest-idle order at agent \(a)") }
                    lastStamp = agents[Int(a)].stamp
                }
                for a in tiers[t].dedicated where agents[Int(a)].readyMask & bit != 0 && !seen.contains(a) {
                    p.append("agent \(a), ready on channel \(c), is missing from tier \(t)'s ready list")
                }
            }
        }
    }

    private func checkReadyLists(_ census: Census, _ p: inout [String]) {
        let facts = census.agents
        let agents = self.agents
        let free = ready.free
        let lists = ready.lists
        let unowned: Int32 = -2
        let freeOwner: Int32 = -1
        ready.nodes.withUnsafeBufferPointer { nodes in
            var owner = Array(repeating: unowned, count: nodes.count)
            for node in free {
                guard within(node, nodes.count) else {
                    p.append("free ready-list node \(node) is out of range")
                    continue
                }
                if owner[Int(node)] != unowned { p.append("ready-list node \(node) is free twice") }
                owner[Int(node)] = freeOwner
            }
            for i in 0..<agents.count {
                for node in agents[i].nodes {
                    if owner[Int(node)] != unowned {
                        p.append("ready-list node \(node) is held by agent \(i) and by \(owner[Int(node)] == freeOwner ? "the free list" : "agent \(owner[Int(node)])")")
                    }
                    owner[Int(node)] = Int32(i)
                }
            }
            for node in 0..<owner.count where owner[node] == unowned { p.append("ready-list node \(node) is neither free nor held by an agent") }

            var linked = Array(repeating: false, count: nodes.count)
            for l in 0..<lists.count {
                let list = lists[l]
                let bit = UInt8(1) << UInt8(l % Channel.count)
                let skill = Int32(l / Channel.count - 1)
                var node = list.head
                var previous: Int32 = -1
                var count: Int32 = 0
                var lastStamp: UInt64?
                while node >= 0 {
                    if linked[Int(node)] {
                        p.append("ready list \(l) loops, or shares node \(node) with another list")
                        break
                    }
                    linked[Int(node)] = true
                    let n = nodes[Int(node)]
                    if n.list != Int32(l) { p.append("node \(node) is linked in ready list \(l) but says it is in list \(n.list)") }
                    if n.prev != previous { p.append("node \(node) in ready list \(l) points back to \(n.prev), not \(previous)") }
                    if owner[Int(node)] != n.agent { p.append("node \(node) in ready list \(l) stands for agent \(n.agent), who does not hold it") }
                    guard within(n.agent, facts.count) else { break }
                    let a = facts[Int(n.agent)]
                    // Nodes of agents no longer ready on this channel are legal leftovers.
                    if a.readyMask & bit != 0 {
                        let levels = census.levels[Int(n.agent)]
                        if skill >= 0 && (Int(skill) >= levels.count || levels[Int(skill)] == 0) {
                            p.append("agent \(n.agent) is on the ready list of skill \(skill) without holding it")
                        }
                        if let lastStamp, a.stamp <= lastStamp { p.append("ready list \(l) is out of longest-idle order at agent \(n.agent)") }
                        lastStamp = a.stamp
                    }
                    count += 1
                    previous = node
                    node = n.next
                }
                if list.tail != previous { p.append("ready list \(l) ends at node \(list.tail), but its last node is \(previous)") }
                if list.count != count { p.append("ready list \(l) counts \(list.count) nodes and links \(count)") }
            }
            for node in 0..<nodes.count {
                // A recycled node may keep the list it had; only one an agent holds must be where it says.
                if !linked[node] && nodes[node].list >= 0 && owner[node] >= 0 {
                    p.append("node \(node) of agent \(owner[node]) says it is in ready list \(nodes[node].list) but is not linked there")
                }
                if linked[node] && owner[node] == freeOwner { p.append("free node \(node) is still linked in a ready list") }
            }

            for i in 0..<agents.count where facts[i].readyMask != 0 {
                let a = agents[i]
                var expected: [Int] = []
                for c in 0..<Channel.count where a.readyMask & (1 << UInt8(c)) != 0 {
                    expected.append(ReadyAgentLists.listIndex(channel: c, skill: -1))
                    for s in a.skills { expected.append(ReadyAgentLists.listIndex(channel: c, skill: s)) }
                }
                var actual: [Int] = []
                for node in a.nodes where nodes[Int(node)].list >= 0 { actual.append(Int(nodes[Int(node)].list)) }
                if a.nodes.count != expected.count || actual.sorted() != expected.sorted() {
                    p.append("agent '\(a.id)' is ready on channels \(a.readyMask) but sits on ready lists \(actual.sorted()) (\(a.nodes.count) nodes), not \(expected.sorted())")
                }
            }
        }
    }

    // MARK: Queues: waiting counts, longest wait, staffing, counters

    private func checkQueues(_ census: Census, _ p: inout [String]) {
        let slots = census.slots
        var waiting = Array(repeating: 0, count: queues.count)
        var oldest: [Int64?] = Array(repeating: nil, count: queues.count)
        for s in 0..<slots.count where slots[s].alive && slots[s].isPlaced {
            let q = Int(slots[s].queue)
            waiting[q] += 1
            oldest[q] = min(oldest[q] ?? .max, slots[s].enqueuedAt)
        }
        var staffed = Array(repeating: SIMD2<Int32>.zero, count: queues.count)
        for i in 0..<agents.count {
            let a = agents[i]
            for q in a.queues where within(q, queues.count) {
                staffed[Int(q)] &+= SIMD2(a.countedAvailable ? 1 : 0, a.countedBusy ? 1 : 0)
            }
        }
        // The queue whose longest-wait heap last held a current entry for a slot.
        var entered = Array(repeating: Int32(-1), count: slots.count)
        for q in 0..<queueState.count {
            let state = queueState[q]
            let id = queues[q].id
            func name() -> String { "queue '\(id)'" }
            let stats = state.stats
            if stats.waiting != waiting[q] { p.append("\(name()) counts \(stats.waiting) waiting; \(waiting[q]) are placed in it") }
            if stats.oldestWaitingSince?.nanoseconds != oldest[q] {
                p.append("\(name()) reports its oldest waiting since \(stats.oldestWaitingSince.map { "\($0.nanoseconds)" } ?? "never"); the waiting say \(oldest[q].map(String.init) ?? "never")")
            }
            var current = 0
            state.oldest.unordered.withUnsafeBufferPointer { entries in
                for e in 0..<entries.count {
                    let entry = entries[e]
                    guard within(entry.slot, slots.count) else {
                        p.append("\(name())'s longest-wait heap holds slot \(entry.slot), out of range")
                        continue
                    }
                    let r = slots[Int(entry.slot)]
                    guard r.alive, r.serial == entry.serial, r.waitGeneration == entry.generation, r.queue == Int32(q) else { continue }  // stale
                    current += 1
                    if !r.isPlaced { p.append("\(name())'s longest-wait heap has a current entry for slot \(entry.slot), which does not wait") }
                    if entered[Int(entry.slot)] == Int32(q) { p.append("\(name())'s longest-wait heap has two current entries for slot \(entry.slot)") }
                    entered[Int(entry.slot)] = Int32(q)
                    if entry.enqueuedAt != r.enqueuedAt {
                        p.append("\(name())'s longest-wait heap has slot \(entry.slot) enqueued at \(entry.enqueuedAt), not \(r.enqueuedAt)")
                    }
                }
            }
            if current != waiting[q] { p.append("\(name())'s longest-wait heap holds \(current) current entries for \(waiting[q]) waiting") }
            if staffing[q] != staffed[q] {
                p.append("\(name()) counts \(staffing[q].x) available and \(staffing[q].y) busy agents; a recount says \(staffed[q].x) and \(staffed[q].y)")
            }
            if stats.answeredWithinServiceLevel > stats.answered
                || min(stats.offered, stats.answered, stats.abandoned, stats.overflowed, stats.ended, stats.completed) < 0 {
                p.append("\(name()) has impossible counters: \(stats)")
            }
            var previous = Int64.min
            for at in state.recentAnswers {
                if at < previous {
                    p.append("\(name())'s recent answers are out of time order")
                    break
                }
                previous = at
            }
        }
    }

    // MARK: Timers

    /// Whatever must still happen has its timer in the heap: offer timeouts, wrap-up ends, skip
    /// expiries and preferred-agent fallbacks always; relaxation steps and max waits while still in
    /// the future (one already due may have fired while its interaction was offered). Timers of what
    /// is gone may stay: they are cancelled lazily.
    private func checkTimers(_ census: Census, _ p: inout [String]) {
        let slots = census.slots
        let offers = census.offers
        let skips = census.skips
        let stepAfter = queues.map { $0.steps.map(\.after) }
        let maxWaits = queues.map(\.maxWait)
        var wrapBase = Array(repeating: 0, count: agents.count + 1)
        var wrapUps: [WrapUp] = []
        for i in 0..<agents.count {
            wrapUps.append(contentsOf: agents[i].wrapUps)
            wrapBase[i + 1] = wrapUps.count
        }
        var offerArmed = Array(repeating: false, count: offers.count)
        var skipArmed = Array(repeating: false, count: skips.count)
        var wrapArmed = Array(repeating: false, count: wrapUps.count)
        var fallbackArmed = Array(repeating: false, count: slots.count)
        var tierFallbackArmed = Array(repeating: false, count: slots.count)
        var relaxationArmed = Array(repeating: false, count: slots.count)
        var maxWaitArmed = Array(repeating: false, count: slots.count)
        let agentCount = agents.count

        deadlines.unordered.withUnsafeBufferPointer { timers in
            for t in 0..<timers.count {
                let d = timers[t]
                if d.kind == .wrapUpEnd {
                    guard within(d.slot, agentCount) else { continue }
                    for k in wrapBase[Int(d.slot)]..<wrapBase[Int(d.slot) + 1] where wrapUps[k].serial == d.b && wrapUps[k].until == d.at {
                        wrapArmed[k] = true
                    }
                    continue
                }
                guard within(d.slot, slots.count) else { continue }
                let s = Int(d.slot)
                let r = slots[s]
                guard r.alive, r.serial == d.a else { continue }
                switch d.kind {
                case .offerTimeout:
                    for k in r.offers where UInt64(offers[k].agent) == d.b && offers[k].expiresAt == d.at { offerArmed[k] = true }
                case .skipExpiry:
                    for k in r.skips where UInt64(skips[k].agent) == d.b && skips[k].until == d.at { skipArmed[k] = true }
                case .preferredFallback:
                    fallbackArmed[s] = true
                case .tierFallback:
                    if within(r.tierRank, tiers.count) && d.at == r.enqueuedAt &+ tiers[Int(r.tierRank)].fallback { tierFallbackArmed[s] = true }
                case .relaxation:
                    if d.generation == r.queueGeneration && d.b == UInt64(r.relaxStep + 1) { relaxationArmed[s] = true }
                case .maxWait:
                    if d.generation == r.queueGeneration { maxWaitArmed[s] = true }
                case .wrapUpEnd:
                    break
                }
            }
        }

        for i in 0..<agents.count {
            for k in wrapBase[i]..<wrapBase[i + 1] where !wrapArmed[k] {
                p.append("agent '\(agents[i].id)''s wrap-up of '\(wrapUps[k].interaction)' has no timer to end it")
            }
        }
        for s in 0..<slots.count where slots[s].alive {
            let r = slots[s]
            for k in r.offers where !offerArmed[k] { p.append("slot \(s)'s offer to agent \(offers[k].agent) has no timeout") }
            for k in r.skips where !skipArmed[k] { p.append("slot \(s)'s skip of agent \(skips[k].agent) never expires") }
            if r.preferredActive && !fallbackArmed[s] { p.append("slot \(s)'s preferred-agent window never closes") }
            if r.dedicatedOnly && !tierFallbackArmed[s] { p.append("slot \(s)'s tier's dedicated phase never ends") }
            guard r.phase != .active else { continue }
            let steps = stepAfter[Int(r.queue)]
            if r.relaxStep >= 0 && r.relaxStep < steps.count && r.queueEnteredAt &+ steps[r.relaxStep] > clock && !relaxationArmed[s] {
                p.append("slot \(s)'s relaxation step \(r.relaxStep + 1) has no timer")
            }
            if let maxWait = maxWaits[Int(r.queue)], r.queueEnteredAt &+ maxWait > clock && !maxWaitArmed[s] {
                p.append("slot \(s)'s max wait has no timer")
            }
        }
    }

    // MARK: The routing rule itself

    /// After every command no agent is left ready next to waiting work it may take (at its queue's
    /// minimum stage, and under its queue's cap on a new agent's demanding chats).
    private func checkNobodyIdleNextToWork(_ census: Census, _ p: inout [String]) {
        let agentFacts = census.agents
        var anyReady: UInt8 = 0
        for a in agentFacts { anyReady |= a.readyMask }
        guard anyReady != 0 else { return }
        let slots = census.slots
        let minimumStages = queues.map(\.minimumStage)
        let chatCaps = queues.map(\.newAgentDemandingChats)
        for w in 0..<census.waiting.count {
            let s = census.waiting[w]
            let bit = UInt8(1) << UInt8(slots[s].channel)
            guard anyReady & bit != 0 else { continue }
            let requirements = census.waitingRequirements[w]
            let minimumStage = minimumStages[Int(slots[s].queue)]
            let chatCap = slots[s].demanding && slots[s].channel == Channel.chat.index ? chatCaps[Int(slots[s].queue)] : .max
            for i in 0..<agentFacts.count where agentFacts[i].readyMask & bit != 0 && agentFacts[i].stage >= minimumStage
                && agentFacts[i].demandingChatsAgainstCap < chatCap {
                let levels = census.levels[i]
                var meets = true
                for r in requirements where Int(r.skill) >= levels.count || Int32(levels[Int(r.skill)]) < r.level { meets = false }
                guard meets, !census.skips[slots[s].skips].contains(where: { $0.agent == Int32(i) }) else { continue }
                if slots[s].placement == SlotFacts.preferred && interactions[s].preferredAgent != agents[i].id { continue }
                // Work in its tier's dedicated phase is for the tier's dedicated agents; a reserve may
                // hold a free dedicated agent for its own tier.
                if slots[s].dedicatedOnly && slots[s].placement != SlotFacts.preferred && !agentFacts[i].tiers.contains(slots[s].tierRank) { continue }
                if !agentFacts[i].tiers.isEmpty && !Self.admits(agentFacts[i].restriction, tier: slots[s].tierRank) { continue }
                p.append("agent '\(agents[i].id)' is ready for the interaction in slot \(s), which waits")
            }
        }
    }
}
#else
extension Router {
    /// Compiled out of release builds.
    @inline(__always)
    func checkInvariants() {}
}
#endif
