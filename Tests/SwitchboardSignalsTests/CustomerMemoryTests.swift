import SwitchboardRouter
import SwitchboardSignals
import Testing

@Suite struct CustomerMemoryTests {
    static let hour: Int64 = 3_600_000

    private func memory(windowMs: Int64 = 24 * hour, maxCustomers: Int = 100, maxContacts: Int = 50) -> CustomerMemory {
        CustomerMemory(settings: CustomerMemorySettings(windowMs: windowMs, maxCustomers: maxCustomers, maxContactsPerCustomer: maxContacts))
    }

    /// One arrival, with a fresh interaction id per call.
    private func arrive(
        _ m: inout CustomerMemory, _ customer: String, _ interaction: InteractionID, at: Int64, channel: Channel = .voice,
        topic: String? = nil, rule: RepeatRule = RepeatRule()
    ) -> CustomerContext {
        m.arrive(customer: customer, interaction: interaction, channel: channel, queue: "support", topic: topic, at: at, rule: rule)
    }

    // MARK: Repeat detection

    struct Boundary: Sendable, CustomTestStringConvertible {
        var rule: RepeatRule
        var arrivals: [Int64]
        var contacts: Int
        var reason: RepeatReason?
        var testDescription: String { "\(rule.contacts) contacts, arrivals at \(arrivals)" }
    }

    /// W = 1,000 ms: a contact exactly W ago is out of the window, one a millisecond younger is in.
    @Test(arguments: [
        Boundary(rule: RepeatRule(contacts: 3, sameTopicContacts: 0), arrivals: [0, 500], contacts: 2, reason: nil),
        Boundary(rule: RepeatRule(contacts: 3, sameTopicContacts: 0), arrivals: [0, 500, 999], contacts: 3, reason: .manyContacts),
        Boundary(rule: RepeatRule(contacts: 3, sameTopicContacts: 0), arrivals: [0, 500, 1_000], contacts: 2, reason: nil),
        Boundary(rule: RepeatRule(contacts: 2, sameTopicContacts: 0), arrivals: [0, 999], contacts: 2, reason: .manyContacts),
        Boundary(rule: RepeatRule(contacts: 2, sameTopicContacts: 0), arrivals: [0, 1_000], contacts: 1, reason: nil),
        Boundary(rule: RepeatRule(contacts: 0, sameTopicContacts: 0), arrivals: [0, 1, 2, 3], contacts: 4, reason: nil),
        Boundary(rule: RepeatRule(contacts: 4, sameTopicContacts: 0), arrivals: [0, 1, 2, 3], contacts: 4, reason: .manyContacts),
    ])
    func repeatsCountTheNthContactInTheWindow(_ row: Boundary) {
        var m = memory(windowMs: 1_000)
        var last: CustomerContext?
        for (k, at) in row.arrivals.enumerated() { last = arrive(&m, "C-1", InteractionID("i\(k)"), at: at, rule: row.rule) }
        #expect(last?.contacts == row.contacts)
        #expect(last?.reason == row.reason)
        #expect(last?.isRepeat == (row.reason != nil))
    }

    struct Topics: Sendable, CustomTestStringConvertible {
        var rule: RepeatRule
        var topics: [String?]
        var reason: RepeatReason?
        var sameTopic: Int
        var testDescription: String { "\(topics.map { $0 ?? "none" }) under (\(rule.contacts), \(rule.sameTopicContacts))" }
    }

    @Test(arguments: [
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 2), topics: ["billing", "billing"], reason: .sameTopic, sameTopic: 2),
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 2), topics: ["billing", "shipping"], reason: nil, sameTopic: 1),
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 2), topics: ["billing", "shipping", "returns"], reason: .manyContacts, sameTopic: 1),
        // Both hold: same_topic is the sharper signal.
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 2), topics: ["billing", "shipping", "billing"], reason: .sameTopic, sameTopic: 2),
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 2), topics: [nil, nil], reason: nil, sameTopic: 0),
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 2), topics: ["billing", nil], reason: nil, sameTopic: 0),
        Topics(rule: RepeatRule(contacts: 0, sameTopicContacts: 2), topics: ["a", "b", "c"], reason: nil, sameTopic: 1),
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 0), topics: ["a", "a"], reason: nil, sameTopic: 2),
        Topics(rule: RepeatRule(contacts: 3, sameTopicContacts: 0), topics: ["a", "a", "a"], reason: .manyContacts, sameTopic: 3),
        Topics(rule: RepeatRule(contacts: 5, sameTopicContacts: 3), topics: ["a", "b", "a", "a"], reason: .sameTopic, sameTopic: 3),
    ])
    func sameTopicAndManyContacts(_ row: Topics) {
        var m = memory()
        var last: CustomerContext?
        for (k, topic) in row.topics.enumerated() {
            last = arrive(&m, "C-1", InteractionID("i\(k)"), at: Int64(k) * 60_000, topic: topic, rule: row.rule)
        }
        #expect(last?.reason == row.reason)
        #expect(last?.sameTopicContacts == row.sameTopic)
        #expect(last?.topic == row.topics.last!)
    }

    @Test func aChatThenACallAreOneCustomer() {
        var m = memory()
        let chat = arrive(&m, "C-17", "chat-1", at: 1_000_000, channel: .chat, topic: "billing")
        #expect(chat.contacts == 1 && chat.previousContactAt == nil && chat.secondsSincePreviousContact == nil && !chat.isRepeat)
        #expect(chat.lastChannel == nil && chat.lastAgent == nil && chat.lastDisposition == nil)
        let call = arrive(&m, "C-17", "call-1", at: 1_000_000 + 3_600_500, channel: .voice, topic: "billing")
        #expect(call.contacts == 2 && call.reason == .sameTopic)
        #expect(call.byChannel[.chat] == 1 && call.byChannel[.voice] == 1 && call.byChannel[.email] == 0 && call.byChannel.total == 2)
        #expect(call.byChannel.nonZero.map(\.channel) == [.voice, .chat])
        #expect(call.lastChannel == .chat && call.previousContactAt == 1_000_000 && call.secondsSincePreviousContact == 3_600)
        // Another customer is unaffected.
        let other = arrive(&m, "C-18", "call-2", at: 1_000_000 + 3_600_600, topic: "billing")
        #expect(other.contacts == 1 && !other.isRepeat)
    }

    @Test func lastAgentAndDispositionComeFromEarlierContacts() {
        var m = memory()
        _ = arrive(&m, "C-1", "i1", at: 0)
        do { let known = m.assigned(customer: "C-1", interaction: "i1", agent: "alice", at: 5_000); #expect(known) }
        do { let known = m.finished(customer: "C-1", interaction: "i1", disposition: "resolved", at: 60_000); #expect(known) }
        let second = arrive(&m, "C-1", "i2", at: 100_000, channel: .chat)
        #expect(second.lastAgent == "alice" && second.lastDisposition == "resolved" && second.lastChannel == .voice)
        m.assigned(customer: "C-1", interaction: "i2", agent: "bob", at: 101_000)
        _ = arrive(&m, "C-1", "i3", at: 102_000, channel: .email)
        // Abandoned: finished with no agent and no disposition.
        m.finished(customer: "C-1", interaction: "i3", disposition: nil, at: 103_000)
        let fourth = arrive(&m, "C-1", "i4", at: 104_000)
        // The latest contact with an agent is i2 (still open); with a disposition, i1.
        #expect(fourth.lastAgent == "bob" && fourth.lastDisposition == "resolved" && fourth.lastChannel == .email)
        #expect(fourth.previousContactAt == 102_000)
        let history = m.contacts(of: "C-1")
        #expect(history.map(\.interaction) == ["i4", "i3", "i2", "i1"])
        #expect(history.map(\.state) == [.waiting, .finished, .assigned, .finished])
        #expect(history[3].assignedAt == 5_000 && history[3].finishedAt == 60_000 && history[3].queue == "support")
        let summary = m.summary(of: "C-1", at: 104_000)
        #expect(summary?.contacts == 4 && summary?.openInteractions == 2 && summary?.lastAgent == "bob")
        #expect(summary?.lastChannel == .voice && summary?.lastContactAt == 104_000 && summary?.lastSeenAt == 104_000)
        // Events for what the memory does not hold are ignored.
        do { let known = m.assigned(customer: "C-1", interaction: "nope", agent: "carol", at: 105_000); #expect(!known) }
        do { let known = m.finished(customer: "C-2", interaction: "i1", disposition: "x", at: 105_000); #expect(!known) }
    }

    @Test func earlierContactsPastTheWindowShowNothing() {
        var m = memory(windowMs: 1_000)
        _ = arrive(&m, "C-1", "i1", at: 0)
        m.assigned(customer: "C-1", interaction: "i1", agent: "alice", at: 1)
        m.finished(customer: "C-1", interaction: "i1", disposition: "resolved", at: 2)
        let late = arrive(&m, "C-1", "i2", at: 1_000)
        #expect(late.contacts == 1 && late.lastAgent == nil && late.lastDisposition == nil && late.previousContactAt == nil)
        // The finished contact past the window was trimmed.
        #expect(m.contacts(of: "C-1").map(\.interaction) == ["i2"])
    }

    @Test func anInteractionArrivingAgainAddsNoContact() {
        var m = memory()
        _ = arrive(&m, "C-1", "i1", at: 0, topic: "billing")
        let again = m.arrive(customer: "C-1", interaction: "i1", channel: .voice, queue: "retention", topic: nil, at: 10, rule: RepeatRule())
        #expect(again.contacts == 1 && !again.isRepeat && again.topic == "billing")
        #expect(m.contacts(of: "C-1").map(\.queue) == ["retention"])
    }

    // MARK: Bounds

    @Test func theCapForgetsTheCustomerSeenLeastRecently() {
        var m = memory(maxCustomers: 3)
        _ = arrive(&m, "A", "a1", at: 0)
        _ = arrive(&m, "B", "b1", at: 1)
        _ = arrive(&m, "C", "c1", at: 2)
        _ = arrive(&m, "A", "a2", at: 3)
        // A finish is a sighting too.
        m.finished(customer: "B", interaction: "b1", disposition: "resolved", at: 4)
        #expect(m.customers() == ["C", "A", "B"])
        // C holds an open interaction and is forgotten all the same.
        _ = arrive(&m, "D", "d1", at: 5)
        #expect(m.count == 3 && !m.contains("C") && m.forgottenByCap == 1)
        #expect(m.customers() == ["A", "B", "D"])
        // Its later events are ignored, and its next contact counts as a first.
        do { let known = m.finished(customer: "C", interaction: "c1", disposition: nil, at: 6); #expect(!known) }
        let back = arrive(&m, "C", "c2", at: 7)
        #expect(back.contacts == 1 && back.previousContactAt == nil)
        #expect(!m.contains("A") && m.forgottenByCap == 2)
    }

    @Test func theCustomerCountNeverExceedsTheCap() {
        var m = memory(maxCustomers: 10)
        var seed: UInt64 = 42
        for k in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let customer = "C-\((seed >> 33) % 40)"
            let context = arrive(&m, customer, InteractionID("i\(k)"), at: Int64(k))
            if k % 3 == 0 { m.finished(customer: customer, interaction: InteractionID("i\(k)"), disposition: nil, at: Int64(k)) }
            #expect(m.count <= 10 && context.contacts >= 1)
        }
        #expect(m.count == 10 && m.forgottenByCap > 0)
    }

    @Test func eachCustomerKeepsItsNewestContacts() {
        var m = memory(maxContacts: 3)
        var last: CustomerContext?
        for k in 1...5 { last = arrive(&m, "C-1", InteractionID("i\(k)"), at: Int64(k), rule: RepeatRule(contacts: 4, sameTopicContacts: 0)) }
        #expect(m.contacts(of: "C-1").map(\.interaction) == ["i5", "i4", "i3"])
        #expect(m.droppedContacts == 2)
        // What the memory shows comes from what it keeps.
        #expect(last?.contacts == 3 && last?.reason == nil)
        // A dropped open contact no longer holds the customer.
        #expect(m.summary(of: "C-1", at: 5)?.openInteractions == 3)
        do { let known = m.finished(customer: "C-1", interaction: "i1", disposition: nil, at: 6); #expect(!known) }
    }

    @Test func pruneForgetsTheIdleAndKeepsOpenOnes() {
        var m = memory(windowMs: 1_000)
        _ = arrive(&m, "A", "a1", at: 0)
        m.finished(customer: "A", interaction: "a1", disposition: "resolved", at: 10)
        _ = arrive(&m, "B", "b1", at: 10)  // still open
        _ = arrive(&m, "C", "c1", at: 500)
        m.finished(customer: "C", interaction: "c1", disposition: nil, at: 500)
        do { let forgotten = m.prune(now: 1_009); #expect(forgotten == 0) }
        do { let forgotten = m.prune(now: 1_010); #expect(forgotten == 1) }
        #expect(!m.contains("A") && m.contains("B") && m.contains("C") && m.pruned == 1)
        // B is set aside, not forgotten; once it finishes its sighting is fresh again.
        m.finished(customer: "B", interaction: "b1", disposition: "resolved", at: 1_100)
        do { let forgotten = m.prune(now: 2_099); #expect(forgotten == 1) }
        #expect(m.customers() == ["B"])
        do { let forgotten = m.prune(now: 2_100); #expect(forgotten == 1) }
        #expect(m.isEmpty && m.pruned == 3)
    }

    @Test func customersSetAsideAreTheFirstTheCapForgets() {
        var m = memory(windowMs: 1_000, maxCustomers: 2)
        _ = arrive(&m, "B", "b1", at: 0)  // open, set aside by the prune
        _ = arrive(&m, "A", "a1", at: 900)
        m.prune(now: 1_500)
        #expect(m.customers() == ["B", "A"])
        _ = arrive(&m, "C", "c1", at: 1_600)
        #expect(m.customers() == ["A", "C"])
        // A set-aside customer that comes back is seen again.
        var n = memory(windowMs: 1_000, maxCustomers: 2)
        _ = arrive(&n, "B", "b1", at: 0)
        _ = arrive(&n, "A", "a1", at: 900)
        n.prune(now: 1_500)
        _ = arrive(&n, "B", "b2", at: 1_550)
        _ = arrive(&n, "C", "c1", at: 1_600)
        #expect(n.customers() == ["B", "C"])
    }

    @Test func reconfigureTrimsAtOnce() {
        var m = memory(windowMs: 10_000, maxCustomers: 10, maxContacts: 5)
        for k in 0..<6 {
            _ = arrive(&m, "C-\(k)", InteractionID("x\(k)"), at: Int64(k) * 1_000)
            m.finished(customer: "C-\(k)", interaction: InteractionID("x\(k)"), disposition: nil, at: Int64(k) * 1_000)
        }
        for k in 0..<4 { _ = arrive(&m, "C-5", InteractionID("y\(k)"), at: 5_000 + Int64(k)) }
        m.reconfigure(CustomerMemorySettings(windowMs: 10_000, maxCustomers: 4, maxContactsPerCustomer: 2), now: 6_000)
        #expect(m.customers() == ["C-2", "C-3", "C-4", "C-5"])
        #expect(m.contacts(of: "C-5").count == 2)
        // A shorter window forgets at once what left it.
        m.reconfigure(CustomerMemorySettings(windowMs: 2_000, maxCustomers: 4, maxContactsPerCustomer: 2), now: 6_000)
        #expect(m.customers() == ["C-5"])
    }

    // MARK: Rebuild

    @Test func rebuildEqualsTheLiveReplay() {
        var seed: UInt64 = 7
        func next(_ bound: UInt64) -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (seed >> 33) % bound
        }
        var stored: [StoredContact] = []
        var at: Int64 = 0
        for k in 0..<600 {
            at += Int64(next(5_000))
            let agent: AgentID? = next(3) == 0 ? nil : AgentID("agent-\(next(5))")
            let finished: Int64? = next(4) == 0 ? nil : at + Int64(next(20_000))
            stored.append(StoredContact(
                customer: "C-\(next(30))", interaction: InteractionID("i\(k)"), channel: Channel(index: Int(next(6)))!,
                queue: QueueID("q\(next(2))"), topic: next(2) == 0 ? nil : "t\(next(3))", agent: agent,
                disposition: agent != nil && finished != nil ? "d\(next(2))" : nil, enqueuedAt: at,
                answeredAt: agent.map { _ in at + 1 }, finishedAt: finished
            ))
        }
        let settings = CustomerMemorySettings(windowMs: 60_000, maxCustomers: 12, maxContactsPerCustomer: 6)
        var rebuilt = CustomerMemory(settings: settings)
        let stats = rebuilt.rebuild(from: stored)

        // The same events fed live: arrivals and finishes in time order, an arrival first at a tie.
        var live = CustomerMemory(settings: settings)
        var events: [(at: Int64, finish: Bool, index: Int)] = []
        for (i, c) in stored.enumerated() {
            events.append((c.enqueuedAt, false, i))
            if let f = c.finishedAt { events.append((f, true, i)) }
        }
        events.sort { ($0.at, $0.finish ? 1 : 0, $0.index) < ($1.at, $1.finish ? 1 : 0, $1.index) }
        for event in events {
            let c = stored[event.index]
            if event.finish {
                live.finished(customer: c.customer, interaction: c.interaction, disposition: c.disposition, at: event.at)
            } else {
                _ = live.arrive(customer: c.customer, interaction: c.interaction, channel: c.channel, queue: c.queue, topic: c.topic, at: c.enqueuedAt, rule: .off)
                if let agent = c.agent { live.assigned(customer: c.customer, interaction: c.interaction, agent: agent, at: c.answeredAt!) }
            }
        }

        #expect(stats.contacts == 600 && stats.customers == live.count && stats.forgottenByCap == live.forgottenByCap)
        #expect(rebuilt.customers() == live.customers())
        #expect(rebuilt.droppedContacts == live.droppedContacts && live.forgottenByCap > 0)
        for customer in live.customers() {
            #expect(rebuilt.contacts(of: customer) == live.contacts(of: customer))
            #expect(rebuilt.summary(of: customer, at: at) == live.summary(of: customer, at: at))
        }
        // And both answer the next contact alike.
        let a = rebuilt.arrive(customer: "C-1", interaction: "next", channel: .chat, queue: "q0", topic: "t1", at: at + 1, rule: RepeatRule())
        let b = live.arrive(customer: "C-1", interaction: "next", channel: .chat, queue: "q0", topic: "t1", at: at + 1, rule: RepeatRule())
        #expect(a == b)
    }

    @Test func rebuildReplacesWhatWasHeld() {
        var m = memory()
        _ = arrive(&m, "old", "o1", at: 0)
        m.rebuild(from: [StoredContact(customer: "C-1", interaction: "i1", channel: .sms, queue: "q", topic: "billing", agent: "alice", disposition: "resolved", enqueuedAt: 10, finishedAt: 20)])
        #expect(m.customers() == ["C-1"])
        let next = arrive(&m, "C-1", "i2", at: 30, topic: "billing")
        #expect(next.reason == .sameTopic && next.lastAgent == "alice" && next.lastDisposition == "resolved" && next.lastChannel == .sms)
    }
}
