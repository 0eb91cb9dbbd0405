import Foundation
import SwitchboardBench
import Testing

@Suite struct AlertLogTests {
    static func entry(_ id: String, _ kind: String, _ state: String, at second: Double, subject: [String: String] = [:]) -> AlertLog.Entry {
        AlertLog.Entry(id: id, kind: kind, severity: "warning", state: state, subject: subject, message: "\(kind) \(id) \(state)", second: second)
    }

    static func sample() -> AlertLog {
        var log = AlertLog()
        log.record(entry("a-1", "topic_surge", "raised", at: 24.5, subject: ["topic": "outage", "count": "16", "expected": "0"]), acknowledged: false)
        for n in 2...30 { log.record(entry("a-\(n)", "repeat_contact", "raised", at: Double(n)), acknowledged: false) }
        log.record(entry("a-2", "repeat_contact", "raised", at: 40), acknowledged: true)
        log.record(entry("a-1", "topic_surge", "cleared", at: 95.25, subject: ["topic": "outage"]), acknowledged: false)
        return log
    }

    @Test func countsByKindAndStateAndWhatIsStillRaised() {
        let log = Self.sample()
        #expect(log.received == 32)
        #expect(log.count("topic_surge", "raised") == 1)
        #expect(log.count("topic_surge", "cleared") == 1)
        #expect(log.count("repeat_contact", "raised") == 29)
        // The same raised alert pushed again with acknowledgedBy set is an acknowledgement, not a new alert.
        #expect(log.count("repeat_contact", "acknowledged") == 1)
        #expect(log.stillRaised == ["repeat_contact": 29])
        #expect(log.entries.count == 32)
        #expect(log.entries[30].state == "acknowledged")
    }

    @Test func aClearOfAnAlertNeverSeenRaisedIsCountedButChangesNothingRaised() {
        var log = AlertLog()
        log.record(Self.entry("a-9", "service_level", "cleared", at: 1), acknowledged: false)
        #expect(log.count("service_level", "cleared") == 1)
        #expect(log.stillRaised.isEmpty)
    }

    @Test func entriesStopAtTheKeptNumberWhileCountsGoOn() {
        var log = AlertLog()
        for n in 0..<(AlertLog.keptEntries + 5) { log.record(Self.entry("a-\(n)", "repeat_contact", "raised", at: 1), acknowledged: false) }
        #expect(log.entries.count == AlertLog.keptEntries)
        #expect(log.received == AlertLog.keptEntries + 5)
    }

    @Test func summaryPrintsTheAlertsSectionWithTheFirstTwentyInOrder() throws {
        var result = try BenchResultTests().result(1)
        result.alerts = Self.sample()
        result.topics = ["billing": 12, "outage": 40]
        result.spikeArrivals = 40
        var customers = CustomerCounts()
        customers.customers = 80
        customers.repeatArrivals = 33
        customers.offersWithCustomer = 120
        customers.repeatOffers = 31
        customers.repeatOffersToLastAgent = 22
        result.customers = customers
        let text = ResultTable.render(result)
        #expect(text.contains("topics  outage 40, billing 12  (spike arrivals 40)"))
        #expect(text.contains("customers  80 distinct, 33 repeat arrivals  offers with customer 120  repeat offers: 31 (last agent first: 22)"))
        #expect(text.contains("Alerts: 32 received  repeat_contact raised 29, acknowledged 1; topic_surge raised 1, cleared 1"))
        #expect(text.contains("still raised at the end: repeat_contact 29"))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.contains("still raised") && ($0.contains("topic_surge") || $0.contains("repeat_contact")) }
        #expect(rows.count == ResultTable.listedAlerts)
        #expect(rows.first?.contains("24.5") == true)
        #expect(rows.first?.contains("count=16 expected=0 topic=outage") == true)
        #expect(rows.first?.contains("topic_surge a-1 raised") == true)
        #expect(rows.last?.contains("repeat_contact a-20 raised") == true)
        #expect(text.contains("…and 12 more"))
    }

    @Test func summarySaysWhenNoAlertCame() throws {
        var result = try BenchResultTests().result(1)
        #expect(!ResultTable.render(result).contains("Alerts"))
        result.alerts = AlertLog()
        #expect(ResultTable.render(result).contains("Alerts: none received"))
    }

    @Test func jsonCarriesTheAlertsAndReadsBack() throws {
        var result = try BenchResultTests().result(1)
        result.alerts = Self.sample()
        result.topics = ["outage": 40]
        result.spikeArrivals = 40
        result.customers = CustomerCounts()
        let data = try result.jsonData()
        #expect(try JSONDecoder().decode(BenchResult.self, from: data) == result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let alerts = try #require(object["alerts"] as? [String: Any])
        #expect(alerts["received"] as? Int == 32)
        #expect((alerts["counts"] as? [String: [String: Int]])?["topic_surge"]?["raised"] == 1)
        #expect((alerts["stillRaised"] as? [String: Int]) == ["repeat_contact": 29])
        let first = try #require((alerts["entries"] as? [[String: Any]])?.first)
        #expect(first["kind"] as? String == "topic_surge")
        #expect(first["second"] as? Double == 24.5)
        #expect((first["subject"] as? [String: String])?["topic"] == "outage")
        #expect((object["customers"] as? [String: Int])?["repeatOffersToLastAgent"] == 0)
    }
}
