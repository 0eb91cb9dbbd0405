import Foundation
import OrderedCollections
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals
import SwitchboardStore
import Testing
@testable import SwitchboardServer

/// Customer memory and risk signals in the routing owner: repeat contacts across channels, the last
/// agent first, surges, complaint deadlines, service levels and the alerts they raise, in virtual
/// time (the wall clock is the row's instant).
struct HubSignalsTests {
    /// A core driven step by step; each step returns its actions rendered as `HubCoreTests` does.
    struct Floor {
        var core: HubCore
        var at = 0

        init(recording: Bool = true, today: CalendarDate? = nil, configure: (inout SwitchboardConfiguration) -> Void = { _ in }) throws {
            var config = testConfiguration()
            config.customers.repeatPolicy = RepeatPolicy(contacts: 2, sameTopicContacts: 0, priorityBoost: 10, lastAgent: true,
                                                         lastAgentWaitSeconds: 30, waitForNotReady: false, alert: true)
            config.alerts.topicSurge.enabled = false
            config.alerts.serviceLevel.enabled = false
            configure(&config)
            core = try HubCore(configuration: config, settings: HubSettings(config), recording: recording, idPrefix: "i-", logger: quietLogger,
                               today: today)
        }

        @discardableResult
        mutating func step(_ input: HubInput, at ms: Int? = nil, store: StoreCondition? = StoreCondition()) -> [String] {
            if let ms { at = ms }
            var actions: [HubAction] = []
            core.step(input, in: HubContext(now: .milliseconds(Int64(at)), wallMilliseconds: at, store: store), into: &actions)
            return HubCoreTests.render(actions)
        }

        @discardableResult
        mutating func send(_ connection: ConnectionID, _ json: String, at ms: Int? = nil) -> [String] {
            step(HubCoreTests.request(connection, json), at: ms)
        }

        /// A source `gw` (10), agents on 1–3 as they log in, a supervisor (20) subscribed to alerts.
        mutating func open(agents: [ConnectionID] = [], supervisor: Bool = true) {
            step(.attach(HubCoreTests.source, .source(name: "gw"), ref: nil))
            for connection in agents { step(.attach(connection, .agent(id: "a\(connection)"), ref: nil)) }
            if supervisor {
                step(.attach(20, .supervisor(name: "lead"), ref: nil))
                send(20, #"{"type":"subscribe","ref":"s","topics":["alerts"]}"#)
            }
        }

        mutating func enqueue(_ id: String, channel: String = "voice", queue: String = "sales", customer: String? = "C1", extra: String = "",
                              at ms: Int? = nil) -> [String] {
            let customerField = customer.map { #","customerId":"\#($0)""# } ?? ""
            return send(HubCoreTests.source, #"{"type":"enqueue","ref":"e-\#(id)","interaction":{"id":"\#(id)","channel":"\#(channel)","queue":"\#(queue)"\#(customerField)\#(extra)}}"#, at: ms)
        }

        /// Accepts and completes (with a disposition) on the agent's connection.
        mutating func handle(_ id: String, by connection: ConnectionID, disposition: String = "solved", at ms: Int) {
            send(connection, #"{"type":"accept","ref":"k","interactionId":"\#(id)"}"#, at: ms)
            send(connection, #"{"type":"complete","ref":"d","interactionId":"\#(id)","disposition":"\#(disposition)"}"#, at: ms + 1)
        }
    }

    static func offer(_ lines: [String], to connection: ConnectionID) -> String? {
        lines.first { $0.hasPrefix("→ \(connection) {\"type\":\"offer\"") }
    }

    static func alerts(_ lines: [String]) -> [String] {
        lines.filter { $0.contains(#""type":"alert""#) }
    }

    // MARK: Repeat contacts

    @Test func aChatThenACallFromOneCustomerIsARepeatWithTheCustomerInTheOffer() throws {
        var floor = try Floor { $0.agents[2].capacity = [.voice: 1, .chat: 2]; $0.agents[2].skills["english"] = 6 }
        floor.open(agents: [3])
        let first = floor.enqueue("c1", channel: "chat", queue: "chat", at: 10)
        let firstOffer = try #require(Self.offer(first, to: 3))
        #expect(firstOffer.contains(#""customer":{"contacts":1,"byChannel":{"chat":1},"repeat":false,"reason":null"#))
        floor.handle("c1", by: 3, at: 1_000)
        let second = floor.enqueue("c2", at: 61_000)
        let offer = try #require(Self.offer(second, to: 3))
        // Across channels: the call is the customer's second contact, a repeat; the boost shows in its priority.
        #expect(offer.contains(#""priority":10"#))
        #expect(offer.contains(#""customer":{"contacts":2,"byChannel":{"voice":1,"chat":1},"repeat":true,"reason":"many_contacts","topic":null,"lastAgent":"a3","lastDisposition":"solved","lastChannel":"chat","secondsSinceLastContact":60}"#))
        let raised = Self.alerts(second)
        #expect(raised.count == 1)
        #expect(raised.first?.contains(#""kind":"repeat_contact","severity":"warning","subject":{"customerId":"C1","interactionId":"c2","contacts":2,"reason":"many_contacts""#) == true)
        #expect(second.contains { $0.hasPrefix("record") && $0.contains("alert_raised") })
        // The alert clears when nothing of the customer's is open any more.
        floor.handle("c2", by: 3, at: 62_000)
        floor.send(3, #"{"type":"complete","ref":"x","interactionId":"c2"}"#, at: 62_001)
        #expect(floor.core.alerts.raised.isEmpty)
        #expect(floor.core.counters.alertsCleared == 1)
    }

    @Test(arguments: [
        // N = 3 in a 1-hour window: the third contact is the repeat; one a full hour after the first is out.
        (times: [0, 1_000, 2_000], repeats: [false, false, true]),
        (times: [0, 1_000, 3_600_000], repeats: [false, false, false]),
        (times: [0, 1_000, 3_599_999], repeats: [false, false, true]),
    ])
    func repeatsAtTheBoundariesOfNAndTheWindow(times: [Int], repeats: [Bool]) throws {
        var floor = try Floor {
            $0.customers.windowHours = 1
            $0.customers.repeatPolicy.contacts = 3
        }
        floor.open(agents: [1], supervisor: false)
        for (index, (time, expected)) in zip(times, repeats).enumerated() {
            let lines = floor.enqueue("c\(index)", at: time)
            let offer = try #require(Self.offer(lines, to: 1), "contact \(index)")
            #expect(offer.contains(#""repeat":\#(expected)"#), "contact \(index) at \(time)")
            floor.handle("c\(index)", by: 1, at: time + 10)
        }
    }

    @Test func theSameTopicIsARepeatBeforeManyContactsAre() throws {
        var floor = try Floor { $0.customers.repeatPolicy.contacts = 3; $0.customers.repeatPolicy.sameTopicContacts = 2 }
        floor.open(agents: [1], supervisor: false)
        var lines = floor.enqueue("c1", extra: #","attributes":{"topic":"billing"}"#, at: 0)
        floor.handle("c1", by: 1, at: 10)
        lines = floor.enqueue("c2", extra: #","attributes":{"topic":"delivery"}"#, at: 100)
        #expect(Self.offer(lines, to: 1)?.contains(#""repeat":false"#) == true)
        floor.handle("c2", by: 1, at: 110)
        lines = floor.enqueue("c3", extra: #","attributes":{"topic":"billing"}"#, at: 200)
        #expect(Self.offer(lines, to: 1)?.contains(#""repeat":true,"reason":"same_topic","topic":"billing""#) == true)
    }

    // MARK: The last agent first

    /// a1 handled the customer C1, then another customer's call; a2, logged in since 30, has idled
    /// longer than a1 (since 46), so longest-idle would pick a2 for anyone else.
    func floorWhereA1HandledTheCustomer() throws -> Floor {
        var floor = try Floor()
        floor.open(agents: [1], supervisor: false)
        _ = floor.enqueue("c1", at: 10)
        floor.handle("c1", by: 1, at: 20)
        floor.step(.attach(2, .agent(id: "a2"), ref: nil), at: 30)
        let other = floor.enqueue("x1", customer: "OTHER", at: 40)
        #expect(Self.offer(other, to: 1) != nil)
        floor.handle("x1", by: 1, at: 45)
        return floor
    }

    @Test func aRepeatGoesToTheLastAgentWhenAvailableWhoeverIdledLonger() throws {
        var floor = try floorWhereA1HandledTheCustomer()
        let lines = floor.enqueue("c2", at: 60)
        #expect(Self.offer(lines, to: 1)?.contains(#""id":"c2""#) == true)
        // Anyone else's contact goes by the queue's strategy: to a2.
        let other = floor.enqueue("n1", customer: "NEW", at: 61)
        #expect(Self.offer(other, to: 2)?.contains(#""id":"n1""#) == true)
    }

    @Test func aRepeatWaitsForItsBusyLastAgentThenGoesToAnyone() throws {
        var floor = try floorWhereA1HandledTheCustomer()
        // a2 takes one call, a1 the next and stays busy with it; a2 is free again.
        _ = floor.enqueue("y1", customer: "Y", at: 50)
        floor.send(2, #"{"type":"accept","ref":"k","interactionId":"y1"}"#, at: 50)
        _ = floor.enqueue("y2", customer: "Z", at: 51)
        floor.send(1, #"{"type":"accept","ref":"k","interactionId":"y2"}"#, at: 51)
        floor.send(2, #"{"type":"complete","ref":"d","interactionId":"y1"}"#, at: 52)
        let lines = floor.enqueue("c2", at: 60)
        #expect(Self.offer(lines, to: 2) == nil, "a free a2 must not get the repeat while its last agent may free up")
        // a1 frees up within the wait: the repeat is offered to a1.
        let freed = floor.send(1, #"{"type":"complete","ref":"d","interactionId":"y2"}"#, at: 5_000)
        #expect(Self.offer(freed, to: 1)?.contains(#""id":"c2""#) == true)
        // Another repeat while a1 stays busy goes to a2 once the 30 s wait is over.
        floor.send(1, #"{"type":"accept","ref":"k","interactionId":"c2"}"#, at: 5_001)
        let third = floor.enqueue("c3", at: 6_000)
        #expect(Self.offer(third, to: 2) == nil)
        let later = floor.step(.timer, at: 36_001)
        #expect(Self.offer(later, to: 2)?.contains(#""id":"c3""#) == true)
    }

    @Test(arguments: ["not_ready", "logged_out"])
    func aRepeatNeverWaitsForALastAgentWhoIsNotReadyOrGone(_ absence: String) throws {
        var floor = try floorWhereA1HandledTheCustomer()
        if absence == "not_ready" {
            floor.send(1, #"{"type":"state","ref":"n","state":"not_ready","reason":"break"}"#, at: 40)
        } else {
            floor.step(.detach(1), at: 40)
        }
        let lines = floor.enqueue("c2", at: 50)
        let offer = try #require(Self.offer(lines, to: 2), "offered at once to the available agent")
        #expect(offer.contains(#""repeat":true"#))
    }

    @Test func waitingForANotReadyLastAgentIsAConfigurationChoice() throws {
        var floor = try Floor { $0.customers.repeatPolicy.waitForNotReady = true }
        floor.open(agents: [1], supervisor: false)
        _ = floor.enqueue("c1", at: 10)
        floor.handle("c1", by: 1, at: 20)
        floor.step(.attach(2, .agent(id: "a2"), ref: nil), at: 30)
        floor.send(1, #"{"type":"state","ref":"n","state":"not_ready","reason":"break"}"#, at: 40)
        let lines = floor.enqueue("c2", at: 50)
        #expect(Self.offer(lines, to: 2) == nil)
        let back = floor.send(1, #"{"type":"state","ref":"r","state":"available"}"#, at: 1_000)
        #expect(Self.offer(back, to: 1)?.contains(#""id":"c2""#) == true)
    }

    // MARK: Memory bounds and reload

    @Test func theCapForgetsTheCustomerSeenLeastRecently() throws {
        var floor = try Floor { $0.customers.maxCustomers = 2 }
        floor.open(agents: [1], supervisor: false)
        for (index, customer) in ["A", "B", "C"].enumerated() {
            _ = floor.enqueue("c\(index)", customer: customer, at: index * 100)
            floor.handle("c\(index)", by: 1, at: index * 100 + 10)
        }
        #expect(floor.core.signals.memory.count == 2)
        // A was forgotten: its next contact counts as a first. C is remembered: a repeat.
        var lines = floor.enqueue("a2", customer: "A", at: 1_000)
        #expect(Self.offer(lines, to: 1)?.contains(#""contacts":1,"byChannel":{"voice":1},"repeat":false"#) == true)
        floor.handle("a2", by: 1, at: 1_010)
        lines = floor.enqueue("c3b", customer: "C", at: 1_100)
        #expect(Self.offer(lines, to: 1)?.contains(#""repeat":true"#) == true)
        #expect(floor.core.signals.memory.count == 2)
    }

    @Test func aReloadThatChangesTheThresholdAppliesToTheNextContact() throws {
        var floor = try Floor { $0.customers.repeatPolicy.contacts = 3 }
        floor.open(agents: [1], supervisor: false)
        _ = floor.enqueue("c1", at: 0)
        floor.handle("c1", by: 1, at: 10)
        var config = floor.core.currentConfiguration
        config.customers.repeatPolicy.contacts = 2
        var actions: [HubAction] = []
        let outcome = floor.core.reconfigure(to: config, in: HubContext(now: .milliseconds(20), wallMilliseconds: 20, store: StoreCondition()), into: &actions)
        guard case .applied = outcome else { Issue.record("reload refused: \(outcome)"); return }
        let lines = floor.enqueue("c2", at: 30)
        #expect(Self.offer(lines, to: 1)?.contains(#""repeat":true"#) == true)
    }

    @Test func aRefusedEnqueueLeavesNoContactBehind() throws {
        var floor = try Floor()
        floor.open(agents: [], supervisor: false)
        let refused = floor.enqueue("c1", queue: "nowhere", at: 0)
        #expect(refused.contains { $0.contains(#""code":"not_found""#) })
        #expect(floor.core.signals.memory.count == 0)
    }

    // MARK: Surges, complaints, service levels

    @Test func aTopicSurgeRaisesAtTheFloorAndClearsWithHysteresisAsMinutesPass() throws {
        var floor = try Floor {
            $0.alerts.topicSurge = TopicSurgeSettings(enabled: true, windowMinutes: 2, floor: 3, multiple: 3, clearRatio: 0.7,
                                                      baselineHalfLifeHours: 24, baselineDays: 0, maxTopics: 10, perQueue: false)
        }
        floor.open()
        for index in 0..<2 {
            let lines = floor.enqueue("o\(index)", customer: "K\(index)", extra: #","attributes":{"topic":"outage"}"#, at: 60_000 + index)
            #expect(Self.alerts(lines).isEmpty)
        }
        let third = floor.enqueue("o2", customer: "K2", extra: #","attributes":{"topic":"outage"}"#, at: 60_010)
        let raised = Self.alerts(third)
        #expect(raised.count == 1)
        #expect(raised.first?.contains(#""kind":"topic_surge","severity":"warning","subject":{"topic":"outage","count":3,"expected":0"#) == true)
        // Still within the window (and above 0.7 × 3): raised, no flapping.
        #expect(Self.alerts(floor.step(.timer, at: 120_000)).isEmpty)
        // Two minutes on, the window is empty: cleared.
        let cleared = Self.alerts(floor.step(.timer, at: 180_001))
        #expect(cleared.count == 1)
        #expect(cleared.first?.contains(#""state":"cleared""#) == true)
        #expect(floor.core.alerts.raised.isEmpty)
    }

    @Test func aComplaintWaitingPastItsDeadlineRaisesAnAlertThatClearsWhenAnswered() throws {
        var floor = try Floor { $0.alerts.complaints.deadlineSeconds = 5 }
        floor.open()
        _ = floor.enqueue("k1", extra: #","attributes":{"kind":"complaint"}"#, at: 1_000)
        _ = floor.enqueue("n1", customer: "OTHER", at: 1_000)
        #expect(Self.alerts(floor.step(.timer, at: 5_999)).isEmpty)
        let due = Self.alerts(floor.step(.timer, at: 6_000))
        #expect(due.count == 1)
        #expect(due.first?.contains(#""kind":"complaint_waiting","severity":"critical","subject":{"interactionId":"k1","queue":"sales","waitedSeconds":5"#) == true)
        let answered = floor.step(.attach(1, .agent(id: "a1"), ref: nil), at: 7_000)
        #expect(Self.offer(answered, to: 1)?.contains(#""id":"k1""#) == true)
        let accepted = floor.send(1, #"{"type":"accept","ref":"k","interactionId":"k1"}"#, at: 7_100)
        #expect(Self.alerts(accepted).first?.contains(#""state":"cleared""#) == true)
    }

    @Test func aServiceLevelBelowTargetRaisesAndRecoveringClears() throws {
        var floor = try Floor {
            $0.alerts.serviceLevel = ServiceLevelAlertSettings(enabled: true, windowMinutes: 5, minContacts: 2, clearMargin: 0.05)
            $0.queues[0].serviceLevelSeconds = 1
        }
        floor.open()
        _ = floor.enqueue("late0", customer: nil, at: 0)
        _ = floor.enqueue("late1", customer: nil, at: 0)
        floor.step(.attach(1, .agent(id: "a1"), ref: nil), at: 2_000)
        floor.step(.attach(2, .agent(id: "a2"), ref: nil), at: 2_000)
        #expect(Self.alerts(floor.send(1, #"{"type":"accept","ref":"k","interactionId":"late0"}"#, at: 2_100)).isEmpty, "one contact is no verdict")
        let raised = Self.alerts(floor.send(2, #"{"type":"accept","ref":"k","interactionId":"late1"}"#, at: 2_200))
        #expect(raised.count == 1)
        #expect(raised.first?.contains(#""kind":"service_level","severity":"critical","subject":{"queue":"sales","level":0,"target":0.8,"contacts":2"#) == true)
        floor.send(1, #"{"type":"complete","ref":"d","interactionId":"late0"}"#, at: 2_500)
        floor.send(2, #"{"type":"complete","ref":"d","interactionId":"late1"}"#, at: 2_500)
        // Answered at once from now on: 11 of 13 (0.846) is still below target + margin; 12 of 14 clears.
        var clearedAt: Int?
        for index in 0..<14 {
            let at = 3_000 + index * 10
            let agent: ConnectionID = Self.offer(floor.enqueue("f\(index)", customer: nil, at: at), to: 1) != nil ? 1 : 2
            let accepted = floor.send(agent, #"{"type":"accept","ref":"k","interactionId":"f\#(index)"}"#, at: at + 1)
            if clearedAt == nil, Self.alerts(accepted).contains(where: { $0.contains(#""state":"cleared""#) }) { clearedAt = index + 1 }
            floor.send(agent, #"{"type":"complete","ref":"d","interactionId":"f\#(index)"}"#, at: at + 2)
        }
        #expect(clearedAt == 12)
    }

    // MARK: The alerts topic, acknowledgements, history

    @Test func aSubscriberGetsTheRaisedAlertsAndAnAcknowledgementIsRecordedAndPushed() throws {
        var floor = try Floor()
        floor.open(agents: [1])
        _ = floor.enqueue("c1", at: 10)
        floor.handle("c1", by: 1, at: 20)
        _ = floor.enqueue("c2", at: 30)
        let alert = try #require(floor.core.alerts.raised.values.first)
        // A second supervisor subscribing to alerts only: the ok, then the raised alert, no stats.
        floor.step(.attach(21, .supervisor(name: "second"), ref: nil), at: 40)
        let subscribed = floor.send(21, #"{"type":"subscribe","ref":"s2","topics":["alerts"]}"#, at: 41)
        #expect(subscribed.count == 2)
        #expect(subscribed.first == #"→ 21 {"type":"ok","ref":"s2"}"#)
        #expect(subscribed.last?.contains(#""id":"\#(alert.id)","kind":"repeat_contact""#) == true)
        let acked = floor.send(21, #"{"type":"ack_alert","ref":"a","id":"\#(alert.id)","note":"calling back"}"#, at: 50)
        #expect(acked.contains("record alert_acknowledged"))
        #expect(acked.contains(#"→ 21 when durable {"type":"ok","ref":"a"}"#))
        #expect(acked.contains { $0.hasPrefix("→ 20 ") && $0.contains(#""acknowledgedBy":"supervisor second","acknowledgedAt":50"#) })
        let unknown = floor.send(21, #"{"type":"ack_alert","ref":"b","id":"a-nope"}"#, at: 60)
        #expect(unknown.first?.contains(#""code":"not_found""#) == true)
    }

    @Test func historyIsReadFromTheStoreForASupervisorAndOnlyForTheirOwnCustomerForAnAgent() throws {
        var floor = try Floor()
        floor.open(agents: [1])
        _ = floor.enqueue("c1", at: 10)
        #expect(floor.send(20, #"{"type":"customer","ref":"h","customerId":"C1","limit":5}"#, at: 20)
            == ["read customer C1 limit 5 before - for 20 ref h"])
        // The agent is offered C1's interaction: allowed; another customer's: forbidden.
        #expect(floor.send(1, #"{"type":"customer","ref":"h1","customerId":"C1"}"#, at: 21) == ["read customer C1 limit 50 before - for 1 ref h1"])
        let refused = floor.send(1, #"{"type":"customer","ref":"h2","customerId":"C9"}"#, at: 22)
        #expect(refused.first?.contains(#""code":"forbidden""#) == true)
        let badCursor = floor.send(20, #"{"type":"customer","ref":"h3","customerId":"C1","before":"nonsense"}"#, at: 23)
        #expect(badCursor.first?.contains(#""code":"bad_request","message":"field before:"#) == true)
        // Sources may not ask at all: their gate has no such request.
        #expect(Role.source.request(.customer(customerId: "C1", limit: nil, before: nil)) == nil)
    }

    @Test func withoutAStoreMemoryAnswersTheHistoryInPages() throws {
        var floor = try Floor(recording: false)
        floor.open(agents: [1])
        for index in 0..<3 {
            _ = floor.enqueue("c\(index)", at: index * 100)
            floor.handle("c\(index)", by: 1, at: index * 100 + 10)
        }
        let first = floor.send(20, #"{"type":"customer","ref":"h","customerId":"C1","limit":2}"#, at: 1_000)
        let page = try #require(first.first)
        #expect(page.contains(#""contacts":[{"id":"c2","channel":"voice","queue":"sales","agentId":"a1","disposition":"solved","state":"completed","enqueuedAt":200,"answeredAt":210,"endedAt":211,"topic":null},{"id":"c1""#))
        let next = try #require(page.range(of: #""next":""#).map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
        let second = floor.send(20, #"{"type":"customer","ref":"h","customerId":"C1","limit":2,"before":"\#(next)"}"#, at: 1_001)
        #expect(second.first?.contains(#""contacts":[{"id":"c0""#) == true)
        #expect(second.first?.hasSuffix(#""next":null}"#) == true)
    }

    // MARK: Restart

    @Test func alertsSurviveARestartAreNotRaisedTwiceAndStaleOnesClear() throws {
        var floor = try Floor { $0.alerts.complaints.deadlineSeconds = 5 }
        let waiting = InteractionRow(NewInteraction(
            id: "k1", source: "gw", queue: "sales", channel: "voice", priority: 0, customerId: "C1", tier: nil,
            attributes: #"{"kind":"complaint"}"#, requirements: "null", preferredAgent: nil), at: 1_000)
        let complaint = AlertRow(id: "a-old-1", kind: "complaint_waiting", severity: "critical", subject: #"{"interactionId":"k1","queue":"sales"}"#,
                                 message: "complaint k1 waited", raisedAt: 7_000)
        let staleRepeat = AlertRow(id: "a-old-2", kind: "repeat_contact", severity: "warning", subject: #"{"customerId":"GONE"}"#,
                                   message: "customer GONE contacted us 3 times", raisedAt: 7_000)
        var actions: [HubAction] = []
        let summary = floor.core.restore(
            RecoveredState(waiting: [waiting], assigned: [], agents: []), finished: [],
            signals: RecoveredSignals(contacts: [CustomerContactRow(id: "k1", customerId: "C1", channel: "voice", queue: "sales", state: .queued, enqueuedAt: 1_000)],
                                      alerts: [complaint, staleRepeat]),
            in: HubContext(now: .milliseconds(10_000), wallMilliseconds: 10_000, store: StoreCondition()), into: &actions)
        #expect(summary.alerts == 2)
        #expect(summary.customers == 1)
        // The stale repeat alert (nothing of GONE is open) clears and is recorded; the complaint stays.
        #expect(HubCoreTests.render(actions).contains { $0.contains("alert_cleared") })
        #expect(floor.core.alerts.raised.values.map(\.id) == ["a-old-1"])
        floor.at = 10_000
        floor.open()
        // The complaint is past its deadline again: the raised alert keeps its id; nothing new is raised.
        let tick = floor.step(.timer, at: 10_100)
        #expect(Self.alerts(tick).isEmpty)
        #expect(floor.core.counters.alertsRaised == 0)
        #expect(floor.core.alerts.raised.values.map(\.id) == ["a-old-1"])
    }
}
