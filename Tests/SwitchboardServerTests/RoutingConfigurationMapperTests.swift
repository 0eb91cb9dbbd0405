import SwitchboardConfig
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

struct RoutingConfigurationMapperTests {
    @Test func mapsEveryQueueOptionOfTheEmbeddedConfiguration() throws {
        let config = try EmbeddedConfiguration.load()
        let routing = RoutingConfigurationMapper.routingConfiguration(from: config)
        #expect(routing.queues.map(\.id.rawValue) == config.queues.map(\.name))
        let sales = try #require(routing.queues.first { $0.id == "sales" })
        #expect(sales.channels == [.voice, .chat])
        #expect(sales.requirements == ["english": 3])
        #expect(sales.strategy == .longestIdle)
        #expect(sales.agingPointsPerSecond == 1)
        #expect(sales.maxSize == 200)
        #expect(sales.maxWait == .seconds(900))
        #expect(sales.onMaxWait == .end(reason: "no_agent_available"))
        #expect(sales.wrapUp == .seconds(15))
        #expect(sales.offerTimeout == .seconds(20))
        #expect(sales.serviceLevelThreshold == .seconds(20))
        #expect(sales.parallelOffers == 1)
        #expect(sales.rejectionSkip == .seconds(config.routing.rejectSkipSeconds))

        let support = try #require(routing.queues.first { $0.id == "support" })
        #expect(support.strategy == .leastOccupied)
        #expect(support.relaxation == [
            SwitchboardRouter.RelaxationStep(after: .seconds(60), lowerLevelsBy: 2, lowerSkill: "technical"),
            SwitchboardRouter.RelaxationStep(after: .seconds(180), dropSkills: ["technical"]),
        ])
        let billing = try #require(routing.queues.first { $0.id == "billing" })
        #expect(billing.onMaxWait == .overflow(to: "support"))
        #expect(billing.maxWait == .seconds(120))
        let vip = try #require(routing.queues.first { $0.id == "vip" })
        #expect(vip.parallelOffers == 2)
        #expect(vip.offerTimeout == .seconds(15))
        #expect(routing.queues.first { $0.id == "callbacks" }?.strategy == .random)
        #expect(routing.queues.first { $0.id == "soporte" }?.strategy == .roundRobin)
        #expect(routing.queues.first { $0.id == "complaints" }?.strategy == .fewestHandled)
    }

    /// Tiers reach the core in the file's order (highest first) with groups resolved to agent ids; a
    /// queue's cap on a new agent's demanding chats too.
    @Test func mapsTiersWithTheirGroupsResolved() throws {
        let config = try EmbeddedConfiguration.load()
        let routing = RoutingConfigurationMapper.routingConfiguration(from: config)
        #expect(routing.tiers.map(\.name) == config.tiers.map(\.name))
        let platinum = try #require(routing.tiers.first)
        #expect(platinum.dedicatedAgents == ["erin"])
        #expect(platinum.priorityBoost == 20 && platinum.fallback == .seconds(30) && platinum.reserve == 1)
        let gold = try #require(routing.tiers.last)
        let desk = config.agents.filter { $0.groups.contains("premium-desk") }.map { AgentID($0.id) }
        #expect(!desk.isEmpty && gold.dedicatedAgents == Set(desk))
        #expect(gold.fallback == .seconds(15))
        let capped = config.queues.filter { $0.newAgentDemandingChats != nil }
        #expect(!capped.isEmpty)
        for queue in capped {
            #expect(routing.queues.first { $0.id.rawValue == queue.name }?.newAgentDemandingChats == queue.newAgentDemandingChats)
        }
    }

    @Test func agentsGetChannelDefaultsWhereTheyDoNotSetACapacity() throws {
        let config = try EmbeddedConfiguration.load()
        let routing = RoutingConfigurationMapper.routingConfiguration(from: config)
        let alice = try #require(routing.agents.first { $0.id == "alice" })
        #expect(alice.capacity == [.voice: 1, .chat: 2, .email: 5, .sms: 5, .callback: 1, .video: 1])
        #expect(alice.totalCapacity == 3)
        #expect(alice.skills == ["english": 8, "billing": 7, "vip": 5])
        let dmitri = try #require(routing.agents.first { $0.id == "dmitri" })
        #expect(dmitri.capacity[.chat] == nil)
        #expect(routing.agents.count == config.agents.count)
    }

    @Test func globalRoutingSettingsCarryOver() throws {
        var config = try EmbeddedConfiguration.load()
        config.routing.randomSeed = 7
        config.routing.preferredAgentFallbackSeconds = 12
        config.channels.exclusive = [.voice, .video]
        let routing = RoutingConfigurationMapper.routingConfiguration(from: config)
        #expect(routing.randomSeed == 7)
        #expect(routing.defaultPreferredAgentFallback == .seconds(12))
        #expect(routing.exclusiveChannels == [.voice, .video])
        #expect(throws: Never.self) { try Router(configuration: routing) }
    }

    @Test func queueDefaultsTheCoreDoesNotKeepBecomePolicies() throws {
        let config = try EmbeddedConfiguration.load()
        let policies = RoutingConfigurationMapper.policies(from: config)
        #expect(policies["vip"] == QueuePolicy(defaultPriority: 70, preferredAgentFallback: .seconds(45)))
        #expect(policies["sales"] == QueuePolicy(defaultPriority: 50, preferredAgentFallback: nil))
    }
}
