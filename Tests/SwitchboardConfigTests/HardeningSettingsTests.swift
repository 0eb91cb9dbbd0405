import Testing
import SwitchboardConfig

/// The limits and defaults that protect the server, and how agents log in.
@Suite struct HardeningSettingsTests {
    @Test func agentsMayBeAMappingWithLoginStateAndRoster() throws {
        let yaml = baseSkills + """

        agents:
          login_state: available
          roster:
            - {id: ann, skills: {english: 5}}
            - {id: ben}
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.agentSettings.loginState == .available)
        #expect(config.agents.map(\.id) == ["ann", "ben"])
    }

    @Test func agentsLogInNotReadyUnlessConfiguredOtherwise() throws {
        let list = try ConfigLoader.load(yaml: baseSkills + "\nagents:\n  - {id: ann}\n", file: "test.yaml")
        #expect(list.agentSettings.loginState == .notReady)
        #expect(list.agents.map(\.id) == ["ann"])
        #expect(AgentSettings.loginReason == "login")
    }

    @Test func anUnknownLoginStateIsLocated() throws {
        let problem = try #require(onlyProblem(of: .invalidValue, in: baseSkills + "\nagents:\n  login_state: ready\n  roster: []\n"))
        #expect(problem.path == "agents.login_state")
        #expect(problem.line == 6)
        #expect(problem.message.contains("not_ready, available"))
    }

    @Test func rosterProblemsPointAtTheRoster() throws {
        let yaml = baseSkills + "\nagents:\n  roster:\n    - {id: ann, skills: {cooking: 3}}\n"
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.path == "agents.roster[0].skills.cooking")
        #expect(problem.line == 7)
    }

    @Test func limitsAndCapsAreDecodedWithDocumentedDefaults() throws {
        let defaults = try ConfigLoader.load(yaml: baseSkills + "\nqueues:\n  - {name: q, channels: [voice]}\n", file: "test.yaml")
        #expect(defaults.queue(named: "q")?.maxSize == 10_000)
        #expect(defaults.routing.maxWaiting == 1_000_000)
        #expect(defaults.server.limits == ServerLimits())
        #expect(defaults.server.limits.maxConnectionsPerSource == 64 && defaults.server.limits.messagesPerSecond == 100 && defaults.server.limits.sourceMessageBurst == 40_000)

        let yaml = baseSkills + """

        server:
          limits:
            max_connections_per_source: 4
            max_connections_per_supervisor: 2
            messages_per_second: 50
            message_burst: 80
            source_messages_per_second: 900
            source_message_burst: 1800
            failed_logins_before_lockout: 7
            login_lockout_seconds: 120
        routing:
          max_waiting: 5000
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        let limits = config.server.limits
        #expect([limits.maxConnectionsPerSource, limits.maxConnectionsPerSupervisor, limits.messageBurst, limits.failedLoginsBeforeLockout] == [4, 2, 80, 7])
        #expect(limits.messagesPerSecond == 50 && limits.loginLockoutSeconds == 120)
        #expect(limits.sourceMessagesPerSecond == 900 && limits.sourceMessageBurst == 1800)
        #expect(config.routing.maxWaiting == 5000)
    }

    @Test func limitsOutOfRangeAreLocated() throws {
        let problem = try #require(onlyProblem(of: .outOfRange, in: baseSkills + "\nserver:\n  limits:\n    messages_per_second: 0\n"))
        #expect(problem.path == "server.limits.messages_per_second")
        let waiting = try #require(onlyProblem(of: .outOfRange, in: baseSkills + "\nrouting:\n  max_waiting: 0\n"))
        #expect(waiting.path == "routing.max_waiting")
    }

    @Test func connectionLimitsAndOriginsAreDecoded() throws {
        let yaml = baseSkills + """

        server:
          allowed_origins: ["https://wall.example.com", "http://10.0.0.5:8080", "*", "null"]
          limits:
            reserved_connections: 4
            first_request_timeout_seconds: 2.5
            unauthenticated_output_bytes: 65536
            max_queued_output_bytes: 1073741824
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.server.allowedOrigins == ["https://wall.example.com", "http://10.0.0.5:8080", "*", "null"])
        let limits = config.server.limits
        #expect(limits.reservedConnections == 4 && limits.firstRequestTimeoutSeconds == 2.5)
        #expect(limits.unauthenticatedOutputBytes == 65_536 && limits.maxQueuedOutputBytes == 1 << 30)
    }

    @Test func anOriginWithAPathOrAnotherSchemeIsLocated() throws {
        for bad in ["https://wall.example.com/path", "wall.example.com", "https://host:99999", "https://", "https://user@host"] {
            let problem = try #require(onlyProblem(of: .invalidValue, in: baseSkills + "\nserver:\n  allowed_origins: [\"\(bad)\"]\n"), "\(bad)")
            #expect(problem.path == "server.allowed_origins[0]")
            #expect(problem.message.contains("invalid origin"))
        }
    }
}
