import Foundation
import SwitchboardBench
import Testing

/// Customer tiers and the wellbeing guard against the fake server in virtual time: enqueues carry the
/// mix's tier and attributes, the supervisor watches `alerts` and the agents' `stats`, and the result
/// counts the tiers (waits, groups that answered) and each agent's day.
@Suite struct FloorTiersAndStrainTests {
    func run(_ scenario: Scenario, duration: Double? = nil, strainStreak: Int? = 3,
             faults: Set<FakeSwitchboard.Fault> = []) -> (BenchResult, FakeSwitchboard) {
        let floor = Floor(scenario: scenario, durationSeconds: duration, runId: "v")
        let server = FakeSwitchboard(floor: floor, faults: faults)
        server.signals.strainStreak = strainStreak
        return (VirtualFloorRun.run(floor, server: server), server)
    }

    @Test func enqueuesCarryTheMixTierAndAttributes() throws {
        let scenario = try FloorSignalsTests.bundled("vip-and-strain")
        let (result, server) = run(scenario, duration: 20)
        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        let enqueued = server.signals.enqueued
        #expect(enqueued.count == result.enqueued)
        let platinum = Double(enqueued.count { $0.tier == "platinum" }) / Double(enqueued.count)
        let complaints = Double(enqueued.count { $0.demanding }) / Double(enqueued.count)
        #expect(abs(platinum - 0.1) < 0.05, "\(platinum)")
        #expect(abs(complaints - 0.4) < 0.08, "\(complaints)")
        #expect(enqueued.allSatisfy { $0.tier == nil || $0.tier == "platinum" })
    }

    @Test func tiersAreCountedWithTheGroupsThatAnsweredThem() throws {
        let scenario = try FloorSignalsTests.bundled("vip-and-strain")
        let (result, _) = run(scenario, duration: 30)
        #expect(result.correctnessPassed, "\(result.violationExamples.prefix(3))")
        let tiers = try #require(result.tiers)
        #expect(tiers.map(\.tier) == ["platinum", nil])
        #expect(tiers.reduce(0) { $0 + $1.offered } == result.enqueued - result.refused)
        #expect(tiers.reduce(0) { $0 + $1.answered } == result.assigned)
        for tier in tiers {
            #expect(tier.answered > 0 && tier.answered <= tier.offered)
            #expect(tier.answeredByGroup.values.reduce(0, +) == tier.answered)
            #expect(Set(tier.answeredByGroup.keys).isSubset(of: ["premium", "care", "new"]), "\(tier.answeredByGroup)")
            let mean = try #require(tier.meanWaitSeconds)
            #expect(mean >= 0 && mean <= tier.maxWaitSeconds)
            #expect(tier.answeredWithinServiceLevel <= tier.answered)
        }
        let text = ResultTable.render(result)
        #expect(text.contains("Tiers (enqueue → assigned):"))
        #expect(text.contains("within 10 s"))
        #expect(text.contains("  platinum "))
        #expect(text.contains("  (none) "))
    }

    @Test func theSupervisorSeesStrainAlertsAndEveryAgentsDay() throws {
        let scenario = try FloorSignalsTests.bundled("vip-and-strain")
        let (result, _) = run(scenario, duration: 40)
        #expect(result.setupError == nil, "\(result.setupError ?? "")")
        let alerts = try #require(result.alerts)
        #expect(alerts.count("agent_strain", "raised") >= 1)
        let days = try #require(result.agentDays)
        #expect(days.statsReceived > 10)
        #expect(days.agents.count > 20 && days.agents.count <= 30)
        #expect(days.agents.reduce(0) { $0 + $1.handled } == result.completed)
        // Most strained first.
        #expect(zip(days.agents, days.agents.dropFirst()).allSatisfy { ($0.demandingHandled, $0.longestStreak) >= ($1.demandingHandled, $1.longestStreak) })
        let top = try #require(days.agents.first)
        #expect(top.demandingHandled > 0)
        #expect(days.maxStreak >= 3)
        #expect(days.agentsWithCoolDown >= 1 && days.agentsWithCoolDown <= alerts.count("agent_strain", "raised"))
        #expect(days.agents.contains { $0.group == "new" && $0.stage == "new" })
        #expect(days.agents.filter { $0.group != "new" }.allSatisfy { $0.stage == nil })
        #expect(days.meanOccupancy == 0.5)
        let text = ResultTable.render(result)
        #expect(text.contains("Agents' day (\(days.statsReceived) stats pushes, \(days.agents.count) agents): cool-down seen for \(days.agentsWithCoolDown), longest streak \(days.maxStreak), mean occupancy 50.0%"))
        #expect(text.contains("  \(top.id) "))
        #expect(text.contains("…and \(days.agents.count - ResultTable.listedAgents) more (--json lists every agent)"))
    }

    @Test func jsonKeepsTiersAndEveryAgentsDay() throws {
        let (original, _) = run(try FloorSignalsTests.bundled("vip-and-strain"), duration: 10)
        #expect(original.agentDays?.agents.isEmpty == false)
        let data = try original.jsonData()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try BenchResult.load(contentsOf: file.path) == original)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let days = try #require(json["agentDays"] as? [String: Any])
        #expect(days["maxStreak"] as? Int == original.agentDays?.maxStreak)
        #expect(days["agentsWithCoolDown"] as? Int == original.agentDays?.agentsWithCoolDown)
        #expect((json["tiers"] as? [[String: Any]])?.first?["tier"] as? String == "platinum")
    }

    @Test func wellbeingAloneWatchesAgentsWithoutTiers() throws {
        var scenario = try FloorSignalsTests.bundled("vip-and-strain")
        scenario.serverTiers = nil
        for index in scenario.mix.indices { scenario.mix[index].tier = nil }
        let (result, _) = run(scenario, duration: 5)
        #expect(result.tiers == nil)
        #expect(result.agentDays != nil && result.alerts != nil)
    }

    @Test func aRefusedAgentsSubscriptionStopsTheRunBeforeArrivals() throws {
        let (result, _) = run(try FloorSignalsTests.bundled("vip-and-strain"), faults: [.refuseAgents])
        let setup = try #require(result.setupError)
        #expect(setup.contains("alerts, agents subscription"), "\(setup)")
        #expect(setup.contains("watch_agents: false"))
        #expect(result.enqueued == 0)
    }

    @Test func scenariosWithoutTiersOrWellbeingReportNeither() throws {
        let (result, _) = run(try FloorTests.smoke(), duration: 2)
        #expect(result.tiers == nil && result.agentDays == nil)
        #expect(!ResultTable.render(result).contains("Tiers"))
    }
}
