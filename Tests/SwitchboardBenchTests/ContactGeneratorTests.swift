import SwitchboardBench
import Testing

@Suite struct ContactGeneratorTests {
    static func scenario(rate: Double = 20, customers: CustomerPopulation? = nil, topics: [TopicWeight] = [],
                         spike: TopicSpike? = nil) -> Scenario {
        Scenario(name: "gen", durationSeconds: 600, agentGroups: [AgentGroup(name: "a", count: 1)],
                 queues: [QueueSpec(name: "q", channels: ["voice", "chat"])], arrivals: ArrivalProcess(ratePerSecond: rate),
                 mix: [MixEntry(channel: "voice", queue: "q", handle: .constant(1))],
                 customers: customers, topics: topics, spike: spike)
    }

    func contacts(_ scenario: Scenario, seed: UInt64 = 3, until end: Double) -> [Contact] {
        var generator = ContactGenerator(scenario: scenario, seed: seed)
        var result: [Contact] = []
        while let contact = generator.next(), contact.time < end { result.append(contact) }
        return result
    }

    @Test func sameSeedGivesTheSameContacts() {
        let scenario = Self.scenario(customers: CustomerPopulation(population: 1000, repeatShare: 0.3), topics: [TopicWeight(name: "billing")],
                                     spike: TopicSpike(topic: "outage", startSeconds: 5, durationSeconds: 5, ratePerSecond: 50))
        #expect(contacts(scenario, until: 30) == contacts(scenario, until: 30))
        #expect(contacts(scenario, until: 30) != contacts(scenario, seed: 4, until: 30))
    }

    @Test func baseArrivalTimesAreThoseOfTheArrivalGenerator() {
        let scenario = Self.scenario(customers: CustomerPopulation(population: 50), topics: [TopicWeight(name: "billing")])
        var arrivals = ArrivalGenerator(process: scenario.arrivals, seed: 3)
        let times = (0..<200).compactMap { _ in arrivals.next() }
        #expect(contacts(scenario, until: times[199] + 1e-9).map(\.time) == times)
    }

    @Test func withoutPopulationOrTopicsContactsCarryNeither() {
        let all = contacts(Self.scenario(), until: 20)
        #expect(all.count > 300)
        #expect(all.allSatisfy { $0.customerId == nil && $0.topic == nil && !$0.isRepeat && !$0.isSpike })
    }

    @Test func repeatShareIsHeldAndRepeatsAreRecent() {
        // 20/s for 500 s: 10,000 arrivals; the share's standard deviation is about 0.5 %.
        let population = CustomerPopulation(population: 1_000_000, repeatShare: 0.4, repeatWithinSeconds: 60)
        let all = contacts(Self.scenario(customers: population), until: 500)
        let repeats = all.filter(\.isRepeat)
        #expect(abs(Double(repeats.count) / Double(all.count) - 0.4) < 0.02)
        var last: [String: Double] = [:]
        for contact in all {
            let id = try! #require(contact.customerId)
            if contact.isRepeat {
                let previous = try! #require(last[id])
                #expect(contact.time - previous <= 60)
            } else {
                // A first contact is a customer never seen (the population is far from used up).
                #expect(last[id] == nil)
            }
            last[id] = contact.time
        }
        // Every first contact took the next customer: c-1, c-2, …
        #expect(Set(all.compactMap(\.customerId)).count == all.count - repeats.count)
        #expect(all.first?.customerId == "c-1")
    }

    @Test func repeatsSpreadOverTheCustomersOfTheWindow() {
        // Each customer in the window is equally likely to come back, so none snowballs: at 4/s with
        // 40 % repeats within 60 s, a customer contacts a handful of times at most in a minute (once the
        // window has filled: in the first seconds the few customers seen come back more often).
        let population = CustomerPopulation(population: 1_000_000, repeatShare: 0.4, repeatWithinSeconds: 60)
        let all = contacts(Self.scenario(rate: 4, customers: population), until: 600)
        var perCustomer: [String: [Double]] = [:]
        for contact in all { perCustomer[contact.customerId ?? "", default: []].append(contact.time) }
        let busiest = perCustomer.values.map { times in
            times.indices.filter { times[$0] >= 60 }.map { i in times[i...].prefix { $0 - times[i] <= 60 }.count }.max() ?? 0
        }.max() ?? 0
        #expect(busiest <= 6, "\(busiest)")
    }

    @Test func usedUpPopulationComesBackLeastRecentlySeenFirst() {
        let all = contacts(Self.scenario(customers: CustomerPopulation(population: 5)), until: 10)
        #expect(all.count > 20)
        #expect(all.prefix(10).map { $0.customerId ?? "" } == ["c-1", "c-2", "c-3", "c-4", "c-5", "c-1", "c-2", "c-3", "c-4", "c-5"])
        #expect(all.allSatisfy { !$0.isRepeat })
    }

    @Test func spikeArrivalsComeOnlyInsideTheirWindowAboutTheirTopic() {
        let spike = TopicSpike(topic: "outage", startSeconds: 20, durationSeconds: 20, ratePerSecond: 40)
        let all = contacts(Self.scenario(rate: 10, topics: [TopicWeight(name: "billing")], spike: spike), until: 60)
        let spiked = all.filter(\.isSpike)
        #expect(spiked.allSatisfy { spike.contains($0.time) && $0.topic == "outage" })
        // 20 s × 40/s = 800 (standard deviation 28); base 60 s × 10/s = 600 (24).
        #expect(abs(Double(spiked.count) - 800) < 120)
        #expect(abs(Double(all.count - spiked.count) - 600) < 100)
        #expect(all.filter { !$0.isSpike }.allSatisfy { $0.topic == "billing" })
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test func topicsAreDrawnByWeight() {
        let topics = [TopicWeight(name: "billing", weight: 5), TopicWeight(name: "delivery", weight: 3), TopicWeight(name: "returns", weight: 2)]
        let all = contacts(Self.scenario(rate: 50, topics: topics), until: 200)
        let total = Double(all.count)
        for topic in topics {
            let share = Double(all.filter { $0.topic == topic.name }.count) / total
            #expect(abs(share - topic.weight / 10) < 0.02, "\(topic.name): \(share)")
        }
    }
}
