import Foundation
import SwitchboardBench
import Testing

/// The scenario keys of customer memory and alerts: `customers`, `topics`, `topic_attribute`, `spike`,
/// `server_customers`, `server_alerts` and `watch_alerts`.
@Suite struct ScenarioSignalsParserTests {
    static let minimal = ScenarioParserTests.minimal.replacingOccurrences(of: "duration_seconds: 5", with: "duration_seconds: 60")

    func parse(_ extra: String) throws(ScenarioError) -> Scenario {
        try ScenarioParser.parse(yaml: Self.minimal + "\n" + extra)
    }

    func error(_ extra: String) -> ScenarioError? {
        do {
            _ = try parse(extra)
            return nil
        } catch {
            return error
        }
    }

    @Test func withoutTheNewKeysNothingChanges() throws {
        let scenario = try ScenarioParser.parse(yaml: Self.minimal)
        #expect(scenario.customers == nil)
        #expect(scenario.topics.isEmpty)
        #expect(scenario.topicAttribute == "topic")
        #expect(scenario.spike == nil)
        #expect(scenario.serverCustomers == nil && scenario.serverAlerts == nil)
        #expect(!scenario.watchesAlerts)
    }

    @Test func customersParseWithTheirDefaults() throws {
        #expect(try parse("customers: {population: 500, repeat_share: 0.4, repeat_within_seconds: 30}").customers
                == CustomerPopulation(population: 500, repeatShare: 0.4, repeatWithinSeconds: 30))
        #expect(try parse("customers: {population: 500}").customers == CustomerPopulation(population: 500, repeatShare: 0, repeatWithinSeconds: 60))
    }

    @Test func customerErrorsNameTheKey() {
        #expect(error("customers: {repeat_share: 0.3}")?.path == "customers.population")
        #expect(error("customers: {population: 0}")?.path == "customers.population")
        let share = error("customers: {population: 10, repeat_share: 1.5}")
        #expect(share?.path == "customers.repeat_share")
        #expect(share?.message.contains("at most 1") == true)
        #expect(error("customers: {population: 10, repeat_within_seconds: 0}")?.path == "customers.repeat_within_seconds")
        let unknown = error("customers: {population: 10, repeats: 0.3}")
        #expect(unknown?.path == "customers.repeats")
        #expect(unknown?.message.contains("unknown key") == true)
    }

    @Test func topicsParseWithWeights() throws {
        let scenario = try parse("topics: [{name: billing, weight: 5}, {name: delivery}]")
        #expect(scenario.topics == [TopicWeight(name: "billing", weight: 5), TopicWeight(name: "delivery", weight: 1)])
    }

    @Test func topicErrorsNameTheKey() {
        #expect(error("topics: []")?.path == "topics")
        #expect(error("topics: billing")?.message.contains("expected a list") == true)
        #expect(error("topics: [{weight: 2}]")?.path == "topics[0].name")
        #expect(error("topics: [{name: billing, weight: 0}]")?.path == "topics[0].weight")
        let duplicate = error("topics: [{name: billing}, {name: billing}]")
        #expect(duplicate?.path == "topics[1].name")
        #expect(duplicate?.message.contains("duplicate topic \"billing\"") == true)
        #expect(error("topics: [{name: \"bill ing\"}]")?.path == "topics[0].name")
    }

    @Test func topicAttributeMustBeTheServersOne() throws {
        #expect(try parse("topic_attribute: reason").topicAttribute == "reason")
        let alone = error("topics: [{name: billing}]\ntopic_attribute: reason")
        #expect(alone?.path == "topic_attribute")
        #expect(alone?.message.contains("server_customers.topic_attribute") == true)
        let both = try parse("topics: [{name: billing}]\ntopic_attribute: reason\nserver_customers: {topic_attribute: reason}")
        #expect(both.topicAttribute == "reason")
        #expect(error("spike: {topic: outage, start_seconds: 1, duration_seconds: 2, rate_per_second: 5}\nserver_customers: {topic_attribute: kind}")?.path
                == "topic_attribute")
        #expect(error("topic_attribute: \"a b\"")?.path == "topic_attribute")
    }

    @Test func spikeParses() throws {
        let scenario = try parse("spike: {topic: outage, start_seconds: 20, duration_seconds: 20, rate_per_second: 40}")
        #expect(scenario.spike == TopicSpike(topic: "outage", startSeconds: 20, durationSeconds: 20, ratePerSecond: 40))
        #expect(scenario.watchesAlerts)
    }

    @Test func spikeErrorsNameTheKey() {
        #expect(error("spike: {start_seconds: 20, duration_seconds: 20, rate_per_second: 40}")?.path == "spike.topic")
        #expect(error("spike: {topic: outage, duration_seconds: 20, rate_per_second: 40}")?.path == "spike.start_seconds")
        #expect(error("spike: {topic: outage, start_seconds: 20, duration_seconds: 0, rate_per_second: 40}")?.path == "spike.duration_seconds")
        #expect(error("spike: {topic: outage, start_seconds: 20, duration_seconds: 5, rate_per_second: 0}")?.path == "spike.rate_per_second")
        let late = error("spike: {topic: outage, start_seconds: 60, duration_seconds: 5, rate_per_second: 10}")
        #expect(late?.path == "spike.start_seconds")
        #expect(late?.message.contains("duration_seconds 60") == true)
    }

    @Test func serverSectionsAreKeptAsYAML() throws {
        let scenario = try parse("""
            server_customers:
              repeat: {contacts: 2, last_agent: true, last_agent_wait_seconds: 5}
            server_alerts: {topic_surge: {window_minutes: 1, floor: 15, multiple: 3, baseline_days: 0}}
            """)
        let customers = try #require(scenario.serverCustomers)
        #expect(customers.contains("repeat:"))
        #expect(customers.contains("last_agent_wait_seconds: 5"))
        #expect(try #require(scenario.serverAlerts).contains("floor: 15"))
    }

    @Test func serverSectionsMustBeMappings() {
        let customers = error("server_customers: [repeat]")
        #expect(customers?.path == "server_customers")
        #expect(customers?.message.contains("expected a mapping") == true)
        #expect(error("server_alerts: on")?.path == "server_alerts")
    }

    @Test func watchAlertsDefaultsToWhetherTheScenarioDrivesThem() throws {
        #expect(try parse("customers: {population: 10}").watchesAlerts)
        #expect(!(try parse("customers: {population: 10}\nwatch_alerts: false").watchesAlerts))
        #expect(try parse("watch_alerts: true").watchesAlerts)
        #expect(!(try parse("topics: [{name: billing}]").watchesAlerts))
        let bad = error("watch_alerts: yes")
        #expect(bad?.path == "watch_alerts")
        #expect(bad?.message.contains("true or false") == true)
    }
}
