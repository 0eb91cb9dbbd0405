import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

@Suite struct ReportTests {
    /// The scripted day in one transaction, or one transaction per event (then the log's time index,
    /// `event_spans`, has a row per minute of it, and a period starts in the middle of the log).
    private func scriptedStore(_ dir: TemporaryDirectory, oneByOne: Bool = false) async throws -> Store {
        let store = try openStore(dir.path("day.sqlite"))
        if oneByOne {
            for event in ScriptedDay.events { try await store.append([event]) }
        } else {
            try await store.append(ScriptedDay.events)
        }
        return store
    }

    private var dayQuery: ReportQuery {
        ReportQuery(from: ScriptedDay.base, to: ScriptedDay.periodEnd,
                    serviceLevelThresholdsMs: ["support": 20_000, "sales": 30_000], now: ScriptedDay.now)
    }

    @Test(arguments: [false, true])
    func scriptedDayGivesTheQueueNumbersWorkedOutByHand(oneByOne: Bool) async throws {
        let dir = try TemporaryDirectory()
        let store = try await scriptedStore(dir, oneByOne: oneByOne)
        let report = try await store.report(dayQuery)
        #expect(report.queues.map(\.queue) == ["sales", "support"])
        let sales = try #require(report.queues.first { $0.queue == "sales" })
        // i3, i4, i5 enqueued; i3 answered after 25 s (within 30 s); i5 abandoned.
        #expect(sales == QueueReport(
            queue: "sales", offered: 3, answered: 1, abandoned: 1, answeredWithinThreshold: 1,
            serviceLevelThresholdMs: 30_000, serviceLevelPercent: 100, averageSpeedOfAnswerMs: 25_000,
            handled: 0, averageHandleTimeMs: nil))
        let support = try #require(report.queues.first { $0.queue == "support" })
        // Entered: i1, i2 (enqueued), i3 (transferred in), i4 (overflowed in); i0 entered the day before.
        // Answered: i0 after 105 s, i1 after 10 s, i3 25 s after its transfer, i4 75 s after its original enqueue.
        // Handled: i0 75 s, i1 330 s, i3 250 s, i4 325 s.
        #expect(support == QueueReport(
            queue: "support", offered: 4, answered: 4, abandoned: 1, answeredWithinThreshold: 1,
            serviceLevelThresholdMs: 20_000, serviceLevelPercent: 25, averageSpeedOfAnswerMs: 53_750,
            handled: 4, averageHandleTimeMs: 245_000))
        await store.close()
    }

    @Test func anAgentLineCarriedByTheEventThatCausedItCountsTheSame() async throws {
        // The server writes a line change without a reason into the row of the agent's own event of the
        // same instant (busy in the accept's row): one row instead of two. Reports and the agents'
        // last states must come out exactly as with separate `agent_state` rows.
        var folded: [StoreEvent] = []
        for event in ScriptedDay.events {
            if event.kind == .agentState, event.reason == nil, let last = folded.indices.last,
               folded[last].agentId == event.agentId, folded[last].at == event.at,
               !folded[last].kind.isAgentEvent, folded[last].state == nil, folded[last].reason == nil {
                folded[last].state = event.state
                continue
            }
            folded.append(event)
        }
        #expect(ScriptedDay.events.count - folded.count >= 3)
        let dir = try TemporaryDirectory()
        let separate = try await scriptedStore(dir)
        let carried = try openStore(dir.path("folded.sqlite"))
        try await carried.append(folded)
        #expect(try await carried.report(dayQuery) == separate.report(dayQuery))
        await separate.close()
        await carried.close()
        let agents = "SELECT agent_id, state, reason, changed_at, logged_in FROM agents ORDER BY agent_id"
        let expected = try readAfresh(dir.path("day.sqlite")) { try Row.fetchAll($0, sql: agents) }
        #expect(try readAfresh(dir.path("folded.sqlite")) { try Row.fetchAll($0, sql: agents) } == expected)
    }

    @Test(arguments: [false, true])
    func scriptedDayGivesTheAgentNumbersWorkedOutByHand(oneByOne: Bool) async throws {
        let dir = try TemporaryDirectory()
        let store = try await scriptedStore(dir, oneByOne: oneByOne)
        let report = try await store.report(dayQuery)
        #expect(report.agents.map(\.agentId) == ["a1", "a2"])
        let a1 = try #require(report.agents.first { $0.agentId == "a1" })
        #expect(a1.handled == 3)
        #expect(abs((a1.averageHandleTimeMs ?? 0) - 655_000.0 / 3) < 0.001)
        #expect(a1.handlingMs == 655_000)
        #expect(a1.availableMs == 345_000)
        #expect(a1.occupancyPercent == 65.5)
        #expect(a1.notReadyMs == ["break": 200_000])
        let a2 = try #require(report.agents.first { $0.agentId == "a2" })
        #expect(a2.handled == 1)
        #expect(a2.averageHandleTimeMs == 325_000)
        #expect(a2.handlingMs == 425_000)
        #expect(a2.availableMs == 530_000)
        #expect(abs((a2.occupancyPercent ?? 0) - 42_500.0 / 955) < 0.000_001)
        // Lunch began the day before; only its part inside the period counts (read from the log
        // since a2's login, though the period's own events begin later).
        #expect(a2.notReadyMs == ["lunch": 180_000, "no_answer": 65_000, "break": 600_000])
        await store.close()
    }

    @Test func queueFilterKeepsOnlyThatQueue() async throws {
        let dir = try TemporaryDirectory()
        let store = try await scriptedStore(dir)
        var query = dayQuery
        query.queue = "sales"
        let report = try await store.report(query)
        #expect(report.queues.map(\.queue) == ["sales"])
        #expect(report.queues.first?.offered == 3)
        #expect(report.agents.allSatisfy { $0.handled == 0 })
        await store.close()
    }

    @Test func rowsOfTheScriptedDayEndInTheirFinalStates() async throws {
        let dir = try TemporaryDirectory()
        let store = try await scriptedStore(dir)
        let i3 = try #require(try await store.interaction(id: "i3"))
        #expect(i3.state == .completed)
        #expect(i3.queue == "support")
        #expect(i3.waitMs == 25_000)
        #expect(i3.handleMs == 350_000)  // a2 talked 100 s, a1 talked 200 s and wrapped up 50 s
        let i0 = try #require(try await store.interaction(id: "i0"))
        #expect(i0.state == .completed)
        #expect(i0.disposition == "resolved")
        let i2 = try #require(try await store.interaction(id: "i2"))
        #expect(i2.state == .abandoned)
        #expect(i2.finalReason == "caller_hung_up")
        #expect(i2.waitMs == 50_000)
        #expect(i2.firstOfferedAt == ScriptedDay.at(205))
        await store.close()
    }

    @Test func alertsOfThePeriodAndThoseStillRaisedAtItsEndAreReportedOldestFirst() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("alerts.sqlite"))
        let from: Int64 = 10_000
        let to: Int64 = 20_000
        try await store.append([
            .alertRaised(alertRow("before-cleared-before", raisedAt: 1_000), at: 1_000), .alertCleared("before-cleared-before", at: 2_000),
            .alertRaised(alertRow("before-cleared-during", raisedAt: 3_000), at: 3_000), .alertCleared("before-cleared-during", at: 15_000),
            .alertRaised(alertRow("before-still-raised", raisedAt: 4_000), at: 4_000),
            .alertRaised(alertRow("before-cleared-after", raisedAt: 5_000), at: 5_000), .alertCleared("before-cleared-after", at: 25_000),
            .alertRaised(alertRow("during-b", raisedAt: 12_000), at: 12_000), .alertCleared("during-b", at: 13_000),
            .alertRaised(alertRow("during-a", raisedAt: 12_000), at: 12_000),
            .alertAcknowledged("during-a", by: "sup-1", note: "on it", at: 12_500),
            .alertRaised(alertRow("at-start", raisedAt: from), at: from),
            .alertRaised(alertRow("at-end", raisedAt: to), at: to),
        ])
        let report = try await store.report(ReportQuery(from: from, to: to))
        #expect(report.alerts.map(\.id) == ["before-still-raised", "before-cleared-after", "at-start", "during-a", "during-b"])
        #expect(report.alerts[3].acknowledgedBy == "sup-1")
        #expect(report.alerts[4].clearedAt == 13_000)
        // A report of one queue leaves out alerts about another queue, not those about none.
        try await store.append([
            .alertRaised(alertRow("sl-sales", kind: "service_level", subject: #"{"level":0.5,"queue":"sales","target":0.8}"#, raisedAt: 14_000), at: 14_000),
            .alertRaised(alertRow("sl-support", kind: "service_level", subject: #"{"queue":"support"}"#, raisedAt: 14_000), at: 14_000),
        ])
        let sales = try await store.report(ReportQuery(from: from, to: to, queue: "sales"))
        #expect(sales.alerts.map(\.id) == ["before-still-raised", "before-cleared-after", "at-start", "during-a", "during-b", "sl-sales"])
        #expect(try await store.report(ReportQuery(from: from, to: to)).alerts.count == 7)
        await store.close()
    }

    @Test func alertsAppearInTheTableAndInTheJSONWithTheirSubjectAsAnObject() async throws {
        let dir = try TemporaryDirectory()
        let store = try await scriptedStore(dir)
        let raisedAt = ScriptedDay.at(100)
        try await store.append([
            .alertRaised(alertRow("a-lq2x9c-17", raisedAt: raisedAt), at: raisedAt),
            .alertAcknowledged("a-lq2x9c-17", by: "sup-1", note: "calling the team lead", at: raisedAt + 60_000),
            .alertRaised(AlertRow(id: "a-2", kind: "complaint_waiting", severity: "critical", subject: #"{"interaction":"i9","queue":"support"}"#,
                                  message: "complaint i9 waiting\nfor 2 min", raisedAt: raisedAt + 1_000), at: raisedAt + 1_000),
            .alertCleared("a-2", at: raisedAt + 5_000),
        ])
        let report = try await store.report(dayQuery)
        #expect(report.alerts.map(\.id) == ["a-lq2x9c-17", "a-2"])

        let json = report.formatted(.json)
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        #expect(decoded == report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let alerts = try #require(object["alerts"] as? [[String: Any]])
        #expect(alerts.count == 2)
        let subject = try #require(alerts.first?["subject"] as? [String: Any])
        #expect(subject["topic"] as? String == "billing")
        #expect(subject["count"] as? Int == 41)
        #expect(alerts.first?["acknowledgedBy"] as? String == "sup-1")
        #expect(alerts.first?["raisedAt"] as? Int == Int(raisedAt))
        #expect(alerts.first?["clearedAt"] == nil)
        #expect(alerts.last?["clearedAt"] as? Int == Int(raisedAt + 5_000))

        let table = report.formatted(.table)
        let section = try #require(table.components(separatedBy: "\nAlerts\n").last)
        let lines = section.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("raised"))
        #expect(lines[0].contains("cleared") && lines[0].contains("severity") && lines[0].contains("acknowledged") && lines[0].contains("message"))
        #expect(lines[1].hasPrefix(Report.isoText(raisedAt)))
        #expect(lines[1].contains("topic_surge") && lines[1].contains("warning") && lines[1].contains("sup-1 \(Report.isoText(raisedAt + 60_000))"))
        #expect(lines[1].contains(#"{"count":41,"expected":6.5,"topic":"billing"}"#))
        #expect(lines[2].contains(Report.isoText(raisedAt + 5_000)) && lines[2].contains("critical"))
        #expect(lines[2].contains("complaint i9 waiting for 2 min"))
        // Every row of the section has the header's width: the columns line up.
        #expect(Set(lines.map(\.count)).count == 1)
        let empty = try await store.report(ReportQuery(from: 0, to: 1))
        #expect(empty.formatted(.table).hasSuffix("\nAlerts\nnone\n"))
        #expect(empty.formatted(.json).contains("\"alerts\" : [\n\n  ]") || empty.formatted(.json).contains("\"alerts\" : []"))
        await store.close()
    }

    @Test func formatsRenderTheSameNumbers() async throws {
        let dir = try TemporaryDirectory()
        let store = try await scriptedStore(dir)
        let report = try await store.report(dayQuery)
        let csv = report.formatted(.csv)
        #expect(csv.contains("support,4,4,1,1,20000,25.00,53750.0,4,245000.0\n"))
        #expect(csv.contains("agent,handled,demanding_handled,longest_demanding_streak,aht_ms,handling_ms,available_ms,occupancy_percent,"
            + "not_ready_break_ms,not_ready_lunch_ms,not_ready_no_answer_ms\n"))
        #expect(csv.contains("a2,1,0,0,325000.0,425000,530000,44.50,600000,180000,65000\n"))
        let decoded = try JSONDecoder().decode(Report.self, from: Data(report.formatted(.json).utf8))
        #expect(decoded == report)
        let table = report.formatted(.table)
        #expect(table.contains("support"))
        #expect(table.contains("53.8s"))
        #expect(table.contains("65.5"))
        await store.close()
    }

    /// One contact of `agent` from enqueue to the end of its wrap-up, `s` seconds into the day.
    private func handledContact(_ id: String, agent: String, at s: Int64, queue: String = "support", demanding: Bool = false,
                                disposition: String? = nil) -> [StoreEvent] {
        [.enqueued(NewInteraction(id: id, source: "pbx", queue: queue, channel: "chat", demanding: demanding), at: ScriptedDay.at(s)),
         ScriptedDay.on(.offered, id, s + 1, agent: agent),
         ScriptedDay.on(.accepted, id, s + 2, agent: agent),
         StoreEvent(kind: .completed, at: ScriptedDay.at(s + 30), interactionId: id, agentId: agent, disposition: disposition),
         ScriptedDay.on(.wrapUpEnded, id, s + 40, agent: agent)]
    }

    /// a1 handles demanding, demanding, ordinary, then three demanding (one of them by its disposition),
    /// while a2's contacts, interleaved, are ordinary but for two escalated ones in a row, then one in
    /// another queue.
    private var demandingEvents: [StoreEvent] {
        let a1: [(demanding: Bool, disposition: String?)] = [(true, nil), (true, "resolved"), (false, "resolved"), (true, nil),
                                                            (false, "escalated"), (true, nil)]
        let a2: [(demanding: Bool, disposition: String?)] = [(false, nil), (false, "escalated"), (false, "escalated"), (false, "resolved"),
                                                            (false, nil), (false, nil)]
        var events: [StoreEvent] = []
        for n in a1.indices {
            let s = Int64(n) * 100
            events += handledContact("d1-\(n)", agent: "a1", at: s, demanding: a1[n].demanding, disposition: a1[n].disposition)
            events += handledContact("d2-\(n)", agent: "a2", at: s + 50, queue: n == 5 ? "sales" : "support", demanding: a2[n].demanding,
                                     disposition: a2[n].disposition)
        }
        return events
    }

    @Test func demandingContactsAndTheLongestRunOfThemAreCountedPerAgentInTheOrderHandled() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("demanding.sqlite"))
        try await store.append(demandingEvents)
        #expect(try await store.interaction(id: "d1-0")?.demanding == true)
        #expect(try await store.interaction(id: "d1-2")?.demanding == false)
        var query = ReportQuery(from: ScriptedDay.base, to: ScriptedDay.periodEnd, demandingDispositions: ["escalated"])

        let report = try await store.report(query)
        let a1 = try #require(report.agents.first { $0.agentId == "a1" })
        // D D o D D(escalated) D: the ordinary contact ends the first run; the disposition extends the second.
        #expect((a1.handled, a1.demandingHandled, a1.longestDemandingStreak) == (6, 5, 3))
        #expect(a1.averageHandleTimeMs == 38_000)
        let a2 = try #require(report.agents.first { $0.agentId == "a2" })
        // Two escalated contacts in a row, between ordinary ones; a1's contacts in between change nothing.
        #expect((a2.handled, a2.demandingHandled, a2.longestDemandingStreak) == (6, 2, 2))

        // Without demanding dispositions only the server's mark counts.
        query.demandingDispositions = []
        let marked = try await store.report(query)
        #expect(marked.agents.map { [$0.demandingHandled, $0.longestDemandingStreak] } == [[4, 2], [0, 0]])

        // One queue: only its contacts (a1 handled none of sales and logged no state, so is left out).
        query.demandingDispositions = ["escalated"]
        query.queue = "sales"
        let sales = try await store.report(query)
        #expect(sales.agents.map(\.agentId) == ["a2"])
        #expect(sales.agents.map { [$0.handled, $0.demandingHandled, $0.longestDemandingStreak] } == [[1, 0, 0]])

        // A period that starts inside a run counts the run from the period's first contact.
        query.queue = nil
        query.from = ScriptedDay.at(400)
        let late = try await store.report(query)
        #expect(late.agents.map { [$0.handled, $0.demandingHandled, $0.longestDemandingStreak] } == [[2, 2, 2], [2, 0, 0]])
        await store.close()
    }

    @Test func demandingFiguresAppearInEveryFormat() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("demanding.sqlite"))
        try await store.append(demandingEvents)
        let report = try await store.report(ReportQuery(from: ScriptedDay.base, to: ScriptedDay.periodEnd, demandingDispositions: ["escalated"]))
        await store.close()

        let csv = report.formatted(.csv).components(separatedBy: "\n\n").last ?? ""
        #expect(csv.hasPrefix("agent,handled,demanding_handled,longest_demanding_streak,aht_ms,"))
        #expect(csv.contains("\na1,6,5,3,38000.0,"))
        #expect(csv.contains("\na2,6,2,2,38000.0,"))

        let table = try #require(report.formatted(.table).components(separatedBy: "\nAgents\n").last?.components(separatedBy: "\nAlerts\n").first)
        let lines = table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first?.prefix(6) == ["agent", "handled", "demanding", "longest", "streak", "AHT"])
        #expect(lines.dropFirst().map { Array($0.prefix(4)) } == [["a1", "6", "5", "3"], ["a2", "6", "2", "2"]])

        let json = report.formatted(.json)
        #expect(try JSONDecoder().decode(Report.self, from: Data(json.utf8)) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let agents = try #require(object["agents"] as? [[String: Any]])
        #expect(agents.map { $0["demandingHandled"] as? Int } == [5, 2])
        #expect(agents.map { $0["longestDemandingStreak"] as? Int } == [3, 2])
    }
}
