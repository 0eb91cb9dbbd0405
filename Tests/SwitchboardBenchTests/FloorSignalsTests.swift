import Foundation
import SwitchboardBench
import Testing

/// Customers, topics, the spike and the alerts a supervisor watches, against the fake server in virtual time.
@Suite struct FloorSignalsTests {
    static func bundled(_ name: String) throws -> Scenario {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/bench/\(name).yaml").standardized.path
        return try ScenarioParser.load(contentsOf: path)
    }

    func run(_ scenario: Scenario, duration: Double? = nil, surgeAt: Int? = nil,
             faults: Set<FakeSwitchboard.Fault> = []) -> (BenchResult, FakeSwitchboard) {
        let floor = Floor(scenario: scenario, durationSeconds: duration, runId: "s")
        let server = FakeSwitchboard(floor: floor, faults: faults)
        server.signals.surgeAt = surgeAt
        return (VirtualFloorRun.run(floor, server: server), server)
    }

    @Test func topicSpikeRaisesASurgeTheSupervisorSeesDuringTheSpike() throws {
        let scenario = try Self.bundled("topic-spike")
        #expect(scenario.watchesAlerts)
        let (result, server) = run(scenario, surgeAt: 15)
        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(3))")
        let alerts = try #require(result.alerts)
        #expect(alerts.count("topic_surge", "raised") >= 1)
        let surge = try #require(alerts.entries.first { $0.kind == "topic_surge" && $0.subject["topic"] == "outage" })
        #expect(surge.state == "raised")
        #expect(surge.subject["count"] == "15")
        // 15 spike contacts at 2/s: some 7 s into the spike that starts at 20 s.
        #expect(surge.second > 20 && surge.second < 35, "\(surge.second)")
        // Spike arrivals: 20 s × 2/s; steady topics: 60 s × 0.5/s over five.
        let spike = try #require(result.spikeArrivals)
        #expect(spike > 25 && spike < 60, "\(spike)")
        let topics = try #require(result.topics)
        #expect(topics["outage"] == spike)
        #expect(Set(topics.keys) == ["billing", "delivery", "account", "returns", "technical", "outage"])
        #expect(topics.values.reduce(0, +) == result.enqueued)
        #expect(server.signals.enqueued.allSatisfy { $0.topic != nil })
    }

    @Test func repeatContactsAreOfferedAndCountedWithTheLastAgent() throws {
        let scenario = try Self.bundled("repeat-contact")
        let (result, server) = run(scenario, duration: 30)
        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(3))")
        let customers = try #require(result.customers)
        // About 40 % of some 120 arrivals are back within a minute.
        let share = Double(customers.repeatArrivals) / Double(result.enqueued)
        #expect(abs(share - 0.4) < 0.15, "\(share)")
        #expect(customers.customers == result.enqueued - customers.repeatArrivals)
        #expect(customers.offersWithCustomer == result.offers)
        // The fake takes every second contact of a customer for a repeat, as the scenario's server rule does.
        #expect(customers.repeatOffers >= customers.repeatArrivals)
        #expect(customers.repeatOffersToLastAgent > 0 && customers.repeatOffersToLastAgent <= customers.repeatOffers)
        let alerts = try #require(result.alerts)
        #expect(alerts.count("repeat_contact", "raised") == customers.repeatArrivals)
        #expect(server.signals.enqueued.allSatisfy { $0.customerId?.hasPrefix("c-") == true })
        let text = ResultTable.render(result)
        #expect(text.contains("repeat offers: \(customers.repeatOffers) (last agent first: \(customers.repeatOffersToLastAgent))"))
        #expect(text.contains("Alerts: \(alerts.received) received  repeat_contact raised"))
    }

    @Test func withoutAPopulationEveryInteractionIsItsOwnCustomer() throws {
        let (result, server) = run(try FloorTests.smoke(), duration: 2)
        #expect(result.alerts == nil && result.customers == nil && result.topics == nil)
        let ids = server.signals.enqueued.compactMap(\.customerId)
        #expect(ids.count == result.enqueued)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("cust-s-") })
    }

    @Test func noSupervisorWhenAlertsAreNotWatched() throws {
        var scenario = try Self.bundled("topic-spike")
        scenario.watchAlerts = false
        let floor = Floor(scenario: scenario, durationSeconds: 1, runId: "s")
        #expect(!floor.connections.contains { $0.role == .supervisor })
        let (result, _) = run(scenario, duration: 1)
        #expect(result.alerts == nil)
        #expect(result.setupError == nil)
    }

    @Test func aRefusedAlertsSubscriptionStopsTheRunBeforeArrivals() throws {
        let (result, _) = run(try Self.bundled("topic-spike"), faults: [.refuseAlerts])
        let setup = try #require(result.setupError)
        #expect(setup.contains("alerts subscription"))
        #expect(setup.contains("watch_alerts: false"))
        #expect(result.enqueued == 0)
    }
}
