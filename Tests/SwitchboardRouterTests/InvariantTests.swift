// The checker exists in debug builds only, like the checks it runs.
#if DEBUG
import HeapModule
@testable import SwitchboardRouter
import Testing

/// The invariant checker itself: quiet on a consistent router, including the leftovers its lazy
/// schemes allow, and naming each kind of corruption when a copy of a router is damaged on purpose.
@Suite struct InvariantTests {
    /// A floor with every kind of state: a1 and a3 hold offers, a2 wraps up, a4 idles ready for
    /// chat, a5 is not ready and a6 went on a break with its chat nodes still linked (detached
    /// lazily); i3 (skipping a3) and i6 wait in the bucket next to the stale entry of cancelled i7;
    /// i5 waits for its preferred agent a1; i2's offer timer outlived its acceptance.
    private func busyRouter() throws -> Router {
        let queue = QueueConfiguration(id: "q", channels: [.voice, .chat], wrapUp: .seconds(30), offerTimeout: .seconds(10),
                                       rejectionSkip: .seconds(60))
        var r = try router([queue], [agent("a1"), agent("a2"), agent("a3"), agent("a4", voice: 0, chat: 2), agent("a5"),
                                     agent("a6", voice: 0, chat: 1)])
        for a in ["a1", "a2", "a3", "a4", "a6"] as [AgentID] { try r.handle(.login(a), at: t(0)) }
        try r.handle(.login("a5", state: .notReady(reason: "break")), at: t(0))
        #expect(offers(try r.handle(.enqueue(request("i1")), at: t(1))) == ["i1→a1"])
        #expect(offers(try r.handle(.enqueue(request("i2")), at: t(2))) == ["i2→a2"])
        #expect(offers(try r.handle(.enqueue(request("i3")), at: t(3))) == ["i3→a3"])
        try r.handle(.accept("i2", by: "a2"), at: t(4))
        try r.handle(.complete("i2", by: "a2"), at: t(5))
        #expect(offers(try r.handle(.reject("i3", by: "a3"), at: t(6))) == [])
        #expect(offers(try r.handle(.enqueue(request("i4")), at: t(7))) == ["i4→a3"])
        try r.handle(.enqueue(request("i5", preferred: "a1", fallback: .seconds(60))), at: t(8))
        try r.handle(.enqueue(request("i6")), at: t(9))
        try r.handle(.enqueue(request("i7")), at: t(10))
        try r.handle(.cancel("i7"), at: t(11))
        try r.handle(.setState("a6", .notReady(reason: "break")), at: t(11))
        return r
    }

    private func slot(_ r: Router, _ id: InteractionID) -> Int { Int(r.interactionIndex[id]!) }
    private func index(_ r: Router, _ id: AgentID) -> Int { Int(r.agentIndex[id]!) }

    /// The violations of a copy of the busy router after `damage`.
    private func violations(after damage: (inout Router) -> Void) throws -> [String] {
        var r = try busyRouter()
        damage(&r)
        return r.invariantViolations()
    }

    @Test func aConsistentRouterWithLazyLeftoversHasNoViolations() throws {
        let r = try busyRouter()
        #expect(r.invariantViolations() == [])
        // The leftovers are there: a6 is not ready yet still linked, the bucket holds i7's stale
        // entry, and i2's offer timer waits in the heap.
        let a6 = r.agents[index(r, "a6")]
        #expect(a6.readyMask == 0 && a6.nodes.contains { r.ready.nodes[Int($0)].list >= 0 })
        guard case .bucket(let b) = r.interactions[slot(r, "i3")].placement else {
            Issue.record("i3 is not in a bucket")
            return
        }
        #expect(r.buckets[Int(b)].heap.count > r.buckets[Int(b)].live)
        #expect(r.deadlines.unordered.contains { !r.isLive($0) })
        #expect(r.interactions[slot(r, "i5")].placement == .preferred)
    }

    @Test func aLoadThatDisagreesWithTheWorkHeldIsReported() throws {
        let found = try violations { r in r.agents[index(r, "a4")].load[Channel.chat.index] += 1 }
        #expect(found.contains { $0.contains("agent 'a4'") && $0.contains("has load") })
    }

    @Test func aDemandingChatCountThatDisagreesWithTheWorkHeldIsReported() throws {
        let found = try violations { r in r.agents[index(r, "a4")].demandingChats += 1 }
        #expect(found.contains { $0.contains("agent 'a4'") && $0.contains("counts 1 demanding chats held") })
    }

    @Test func aReadyAgentMissingFromAReadyListIsReported() throws {
        let found = try violations { r in r.ready.detach(r.agents[index(r, "a4")].nodes[0]) }
        #expect(found.contains { $0.contains("agent 'a4' is ready on channels") && $0.contains("sits on ready lists") })
    }

    @Test func aReadyListOutOfLongestIdleOrderIsReported() throws {
        var r = try busyRouter()
        // a4 idles alone; a second ready agent, then a4 made to look younger than it.
        r.agents[index(r, "a5")].state = .available
        r.agents[index(r, "a5")].capacity = [0, 1, 0, 0, 0, 0]
        r.touch(Int32(index(r, "a5")))
        #expect(r.invariantViolations().isEmpty)
        r.agents[index(r, "a4")].stamp = r.nextStamp + 1
        #expect(r.invariantViolations().contains { $0.contains("out of longest-idle order") })
    }

    @Test func aReadyMaskThatDisagreesWithStateAndLoadIsReported() throws {
        let found = try violations { r in r.agents[index(r, "a1")].readyMask = 1 }
        #expect(found.contains { $0.contains("agent 'a1'") && $0.contains("is indexed as ready on channels 1") })
    }

    @Test func aBucketMiscountingItsEntriesIsReported() throws {
        let found = try violations { r in
            guard case .bucket(let b) = r.interactions[slot(r, "i3")].placement else { return }
            r.buckets[Int(b)].live += 1
        }
        #expect(found.contains { $0.contains("counts 3 live entries; its heap holds 2 current ones") })
    }

    @Test func aStaleCachedBestEntryIsReported() throws {
        let found = try violations { r in
            guard case .bucket(let b) = r.interactions[slot(r, "i3")].placement else { return }
            r.buckets[Int(b)].best = nil
        }
        #expect(found.contains { $0.contains("caches none as its best entry") })
    }

    @Test func anInteractionLostFromTheIdIndexIsReported() throws {
        let found = try violations { r in r.interactionIndex["i6"] = nil }
        #expect(found.contains { $0.contains("interaction 'i6'") && $0.contains("interactionIndex maps its id to nothing") })
    }

    @Test func aLiveSlotOnTheFreeListIsReported() throws {
        let found = try violations { r in r.freeSlots.append(Int32(slot(r, "i6"))) }
        #expect(found.contains { $0.contains("is free but holds a live interaction") })
    }

    @Test func anOfferMissingFromItsAgentsListIsReported() throws {
        let found = try violations { r in r.agents[index(r, "a1")].offers.removeAll() }
        #expect(found.contains { $0.contains("is offered but on 0 agent list(s), not 1") })
        #expect(found.contains { $0.contains("agent 'a1'") && $0.contains("has load") })
    }

    @Test func anInteractionMissingFromItsPreferredAgentsListIsReported() throws {
        let found = try violations { r in r.preferredWaiting = [:] }
        #expect(found.contains { $0.contains("interaction 'i5'") && $0.contains("whose waiting list holds it 0 time(s)") })
    }

    @Test func workWaitingForAPreferredAgentWhoNoLongerQualifiesIsReported() throws {
        // i5 waits for a1 while it is available; a1 goes on a break behind routing's back.
        let absent = try violations { r in
            r.interactions[slot(r, "i5")].preferredPresence = .available
            r.agents[index(r, "a1")].state = .notReady(reason: "break")
        }
        #expect(absent.contains { $0.contains("interaction 'i5'") && $0.contains("while available, but the agent is not_ready(break)") })
        // a1 loses its voice capacity behind routing's back.
        let unable = try violations { r in r.agents[index(r, "a1")].capacity[Channel.voice.index] = 0 }
        #expect(unable.contains { $0.contains("interaction 'i5'") && $0.contains("who has no capacity on channel") })
    }

    @Test func queueCountsThatDisagreeWithARecountAreReported() throws {
        let found = try violations { r in
            r.queueState[0].stats.waiting += 1
            r.staffing[0].x += 1
        }
        #expect(found.contains { $0.contains("queue 'q' counts 4 waiting; 3 are placed in it") })
        #expect(found.contains { $0.contains("queue 'q' counts 2 available and") })
    }

    @Test func workWithoutItsTimersIsReported() throws {
        let found = try violations { r in r.deadlines = [] }
        #expect(found.contains { $0.contains("offer to agent") && $0.contains("has no timeout") })
        #expect(found.contains { $0.contains("wrap-up of 'i2' has no timer to end it") })
        #expect(found.contains { $0.contains("skip of agent") && $0.contains("never expires") })
        #expect(found.contains { $0.contains("preferred-agent window never closes") })
    }

    @Test func anAgentLeftReadyNextToWorkItCouldTakeIsReported() throws {
        // a5 becomes available behind routing's back: every index is updated, but nobody gave it i3.
        let found = try violations { r in
            r.agents[index(r, "a5")].state = .available
            r.touch(Int32(index(r, "a5")))
        }
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.hasPrefix("agent 'a5' is ready for the interaction in slot") })
    }

    @Test func aCheckingRouterRunsTheChecksAfterEveryCommand() throws {
        // Refused and accepted commands alike leave a consistent router behind (a broken one traps).
        var r = try busyRouter()
        #expect(r.checksInvariants)
        #expect(throws: RoutingError.notOffered("i6", to: "a1")) { try r.handle(.accept("i6", by: "a1"), at: t(12)) }
        try r.handle(.advance, at: t(60))
        #expect(r.invariantViolations() == [])
    }
}
#endif
