import Testing
import SwitchboardConfig
import SwitchboardRouter

/// Values land in the model as written, and omitted keys take the documented defaults.
@Suite struct ConfigDecodingTests {
    @Test func everyQueueOptionIsDecoded() throws {
        let yaml = baseSkills + """

        queues:
          - name: overflow
            channels: [voice, chat]
          - name: support
            description: help desk
            channels: [voice, chat]
            requirements: {english: 3, technical: 6}
            priority: 40
            strategy: most-skilled
            aging_points_per_second: 2.5
            relaxation:
              - {after: 30, lower_by: 2, skill: technical}
              - {after: 45, lower_by: 1}
              - {after: 90, drop: technical}
            max_wait: {seconds: 300, overflow: overflow}
            max_size: 100
            wrap_up_seconds: 12
            offer_timeout_seconds: 25
            service_level_seconds: 30
            parallel_offers: 3
            preferred_agent_fallback_seconds: 45
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        let queue = try #require(config.queue(named: "support"))
        #expect(queue == QueueDefinition(
            name: "support",
            description: "help desk",
            channels: [.voice, .chat],
            requirements: ["english": 3, "technical": 6],
            defaultPriority: 40,
            strategy: .mostSkilled,
            agingPointsPerSecond: 2.5,
            relaxation: [
                RelaxationStep(after: .seconds(30), lowerLevelsBy: 2, lowerSkill: "technical"),
                RelaxationStep(after: .seconds(45), lowerLevelsBy: 1, lowerSkill: nil),
                RelaxationStep(after: .seconds(90), dropSkills: ["technical"]),
            ],
            maxWait: MaxWaitPolicy(seconds: 300, action: .overflow(to: "overflow")),
            maxSize: 100,
            wrapUpSeconds: 12,
            offerTimeoutSeconds: 25,
            serviceLevelSeconds: 30,
            parallelOffers: 3,
            preferredAgentFallbackSeconds: 45
        ))
        let plain = try #require(config.queue(named: "overflow"))
        #expect(plain == QueueDefinition(name: "overflow", channels: [.voice, .chat]))
        #expect(plain.strategy == .longestIdle)
    }

    @Test func serverStoreReloadRoutingAndChannelsAreDecoded() throws {
        let yaml = """
        server:
          listen: {host: 0.0.0.0, port: 9443}
          tls: {certificate: cert.pem, key: key.pem}
          limits:
            max_message_bytes: 1_048_576
            max_connections: 500
            event_loop_threads: 2
            hello_timeout_seconds: 5
            agent_reconnect_grace_seconds: 90
            ping_interval_seconds: 5
            presence_timeout_seconds: 12
          web_root: Web
        store:
          path: /var/lib/switchboard/db.sqlite
          retention_days: 0
          group_commit: {max_batch: 64, max_delay_ms: 2}
        reload: {watch_file: yes, debounce_ms: 100}
        routing: {random_seed: 7, reject_skip_seconds: 12, preferred_agent_fallback_seconds: 20}
        channels:
          capacity: {chat: 4}
          exclusive: [voice, video]
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.server == ServerSettings(
            host: "0.0.0.0", port: 9443,
            tls: TLSSettings(certificatePath: "cert.pem", privateKeyPath: "key.pem"),
            limits: ServerLimits(maxMessageBytes: 1_048_576, maxConnections: 500, eventLoopThreads: 2, helloTimeoutSeconds: 5,
                                 agentReconnectGraceSeconds: 90, pingIntervalSeconds: 5, presenceTimeoutSeconds: 12),
            webRoot: "Web"))
        #expect(config.store == StoreSettings(path: "/var/lib/switchboard/db.sqlite", retentionDays: nil,
                                              groupCommit: GroupCommitSettings(maxBatch: 64, maxDelayMilliseconds: 2)))
        #expect(config.reload == ReloadSettings(watchFile: true, debounceMilliseconds: 100))
        #expect(config.routing == RoutingSettings(randomSeed: 7, rejectSkipSeconds: 12, preferredAgentFallbackSeconds: 20))
        #expect(config.channels.capacity(for: .chat) == 4)
        #expect(config.channels.capacity(for: .email) == 5)
        #expect(config.channels.exclusive == [.voice, .video])
    }

    @Test func agentsAndCredentialsAreDecoded() throws {
        let yaml = baseSkills + """

        agents:
          - id: alice
            name: Alice Martin
            skills: {english: 8, billing: 7}
            capacity: {chat: 2, voice: 1}
            total_capacity: 3
          - id: bob
        credentials:
          - {role: agent, agent: alice, token: "\(TokenHasher.hash("a"))"}
          - {role: source, source: ivr, token: "\(TokenHasher.hash("s"))"}
          - {role: supervisor, token: "\(TokenHasher.hash("v"))"}
          - {role: admin, name: ops, token: "\(TokenHasher.hash("d"))"}
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.agents == [
            AgentDefinition(id: "alice", name: "Alice Martin", skills: ["english": 8, "billing": 7],
                            capacity: [.chat: 2, .voice: 1], totalCapacity: 3),
            AgentDefinition(id: "bob", name: "bob"),
        ])
        #expect(config.agents[1].effectiveCapacity(for: .chat, rules: config.channels) == 3)
        #expect(config.credentials.entries.map(\.principal) == [
            .agent(id: "alice"), .source(name: "ivr"), .supervisor(name: nil), .admin(name: "ops"),
        ])
        #expect(config.credentials.principal(forToken: "s") == .source(name: "ivr"))
    }
}
