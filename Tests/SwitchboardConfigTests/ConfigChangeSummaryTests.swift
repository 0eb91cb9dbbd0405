import Testing
import SwitchboardConfig
import SwitchboardRouter

@Suite struct ConfigChangeSummaryTests {
    @Test func identicalConfigurationsHaveNoChanges() throws {
        let config = try EmbeddedConfiguration.load()
        let summary = ConfigChangeSummary(from: config, to: config)
        #expect(summary.isEmpty)
        #expect(summary.description == "no changes")
    }

    @Test func summaryNamesAddedRemovedAndChangedQueuesAgentsAndTokens() throws {
        let old = try EmbeddedConfiguration.load()
        var new = old
        new.queues.removeAll { $0.name == "callbacks" }
        new.queues.append(QueueDefinition(name: "retention", channels: [.voice]))
        let support = try #require(new.queues.firstIndex { $0.name == "support" })
        new.queues[support].strategy = .roundRobin
        new.queues[support].relaxation = []
        new.agents.removeAll { $0.id == "grace" }
        let bob = try #require(new.agents.firstIndex { $0.id == "bob" })
        new.agents[bob].skills["billing"] = 3
        new.credentials.entries[0].tokenHash = TokenHasher.digest("rotated")
        new.routing.rejectSkipSeconds = 5

        let summary = ConfigChangeSummary(from: old, to: new)
        #expect(summary.queuesAdded == ["retention"])
        #expect(summary.queuesRemoved == ["callbacks"])
        #expect(summary.queuesChanged == ["support": ["strategy", "relaxation"]])
        #expect(summary.agentsRemoved == ["grace"])
        #expect(summary.agentsChanged == ["bob": ["skills"]])
        #expect(summary.tokensChanged == 2)
        #expect(summary.sectionsChanged == ["routing"])
        #expect(summary.description
            == "queues +retention -callbacks ~support(strategy, relaxation); agents -grace ~bob(skills); 2 token changes; changed: routing")
    }
}
