import Testing
import SwitchboardConfig

/// One test per kind of problem: each asserts the message and where it points.
@Suite struct ConfigValidationTests {
    @Test func invalidYAMLSyntaxIsReportedWithItsLine() throws {
        let yaml = """
        server:
          listen:
            host: 127.0.0.1
           port: 8080
        """
        let problem = try #require(onlyProblem(of: .syntax, in: yaml))
        #expect(problem.line == 4)
        #expect(problem.message.hasPrefix("invalid YAML"))
    }

    @Test func duplicateKeysInOneMappingAreASyntaxProblem() throws {
        let yaml = """
        routing:
          random_seed: 1
          random_seed: 2
        """
        let problem = try #require(onlyProblem(of: .syntax, in: yaml))
        #expect(problem.message.contains("\"random_seed\" appears more than once"))
        #expect(problem.line == 2)
    }

    @Test func unknownKeyIsReportedWithADidYouMean() throws {
        let yaml = baseSkills + """

        queues:
          - name: sales
            channels: [voice]
            stratgy: random
        """
        let problem = try #require(onlyProblem(of: .unknownKey, in: yaml))
        #expect(problem.description == #"test.yaml:8:5: queues[0].stratgy: unknown key "stratgy" (did you mean "strategy"?)"#)
    }

    @Test func unknownKeyFarFromAnyListsTheExpectedKeys() throws {
        let problem = try #require(onlyProblem(of: .unknownKey, in: "wibble: 1\n"))
        #expect(problem.line == 1 && problem.column == 1)
        #expect(problem.message == #"unknown key "wibble" (expected one of server, store, reload, routing, channels, customers, alerts, wellbeing, skills, queues, agents, tiers, credentials, identity_providers)"#)
    }

    @Test func wrongTypeNamesWhatWasExpectedAndWhatWasFound() throws {
        let yaml = """
        server:
          listen:
            port: eighty
        """
        let problem = try #require(onlyProblem(of: .wrongType, in: yaml))
        #expect(problem.description == #"test.yaml:3:11: server.listen.port: expected a whole number, got text "eighty""#)
    }

    @Test func listWhereAMappingIsExpectedIsAWrongType() throws {
        let problem = try #require(onlyProblem(of: .wrongType, in: "routing: [1, 2]\n"))
        #expect(problem.path == "routing")
        #expect(problem.message == "expected a mapping (key: value lines), got a list")
    }

    @Test func missingRequiredKeyPointsAtItsMapping() throws {
        let yaml = baseSkills + """

        queues:
          - name: sales
            strategy: random
        """
        let problem = try #require(onlyProblem(of: .missingKey, in: yaml))
        #expect(problem.path == "queues[0].channels")
        #expect(problem.message == #"missing required key "channels""#)
        #expect(problem.line == 6)
    }

    @Test func outOfRangeValueNamesTheLimits() throws {
        let yaml = baseSkills + """

        agents:
          - id: alice
            skills: {english: 11}
        """
        let problem = try #require(onlyProblem(of: .outOfRange, in: yaml))
        #expect(problem.description == "test.yaml:7:23: agents[0].skills.english: 11 is out of range (expected 1 to 10)")
    }

    @Test func offerTimeoutBeyondFifteenMinutesIsOutOfRange() throws {
        let yaml = """
        queues:
          - name: sales
            channels: [chat]
            offer_timeout_seconds: 901
        """
        let problem = try #require(onlyProblem(of: .outOfRange, in: yaml))
        #expect(problem.path == "queues[0].offer_timeout_seconds")
        #expect(problem.message == "901 is out of range (must be at most 900)")
        #expect(problem.line == 4)
    }

    @Test func presenceTimeoutMustExceedThePingInterval() throws {
        let yaml = """
        server:
          limits:
            ping_interval_seconds: 20
            presence_timeout_seconds: 15
        """
        let problem = try #require(onlyProblem(of: .outOfRange, in: yaml))
        #expect(problem.line == 4)
        #expect(problem.message.contains("must be greater than ping_interval_seconds (20)"))
    }

    @Test func unknownStrategyListsTheStrategies() throws {
        let yaml = """
        queues:
          - name: a
            channels: [voice]
          - name: b
            channels: [voice]
          - name: c
            channels: [voice]
            strategy: longest
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.description == #"test.yaml:8:15: queues[2].strategy: unknown strategy "longest" (expected one of longest-idle, least-occupied, most-skilled, round-robin, fewest-handled, random)"#)
    }

    @Test func unknownChannelListsTheChannels() throws {
        let yaml = """
        queues:
          - name: sales
            channels: [voice, fax]
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.path == "queues[0].channels[1]")
        #expect(problem.message == #"unknown channel "fax" (expected one of voice, chat, email, sms, callback, video)"#)
        #expect(problem.line == 3 && problem.column == 23)
    }

    @Test func requirementOnAnUndeclaredSkillIsAnUnknownReference() throws {
        let yaml = baseSkills + """

        queues:
          - name: sales
            channels: [voice]
            requirements: {biling: 3}
        """
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.description == #"test.yaml:8:28: queues[0].requirements.biling: unknown skill "biling" (declare it under skills:; did you mean "billing"?)"#)
    }

    @Test func relaxationOnAnUndeclaredSkillIsAnUnknownReference() throws {
        let yaml = baseSkills + """

        queues:
          - name: sales
            channels: [voice]
            relaxation:
              - after: 30
                lower_by: 1
                skill: english
              - after: 60
                drop: french
        """
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.path == "queues[0].relaxation[1].drop")
        #expect(problem.line == 13)
        #expect(problem.message.hasPrefix(#"unknown skill "french""#))
    }

    @Test func agentSkillThatIsNotDeclaredIsAnUnknownReference() throws {
        let yaml = baseSkills + """

        agents:
          - id: bob
            skills:
              english: 5
              cooking: 9
        """
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.path == "agents[0].skills.cooking")
        #expect(problem.line == 9)
    }

    @Test func overflowToAnUnknownQueueIsAnUnknownReference() throws {
        let yaml = """
        queues:
          - name: billing
            channels: [voice]
          - name: sales
            channels: [voice]
            max_wait: {seconds: 60, overflow: biling}
        """
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.description == #"test.yaml:6:39: queues[1].max_wait.overflow: unknown queue "biling" as overflow target; did you mean "billing"?"#)
    }

    @Test func overflowTargetMustTakeEveryChannelOfTheQueue() throws {
        let yaml = """
        queues:
          - name: email-only
            channels: [email]
          - name: sales
            channels: [voice, email]
            max_wait: {seconds: 60, overflow: email-only}
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.line == 6)
        #expect(problem.message == #"overflow target "email-only" does not take voice, which "sales" accepts"#)
    }

    @Test func duplicateQueueNamesPointAtTheSecondAndNameTheFirst() throws {
        let yaml = """
        queues:
          - name: sales
            channels: [voice]
          - name: sales
            channels: [chat]
        """
        let problem = try #require(onlyProblem(of: .duplicateID, in: yaml))
        #expect(problem.description == #"test.yaml:4:11: queues[1].name: duplicate queue "sales" (first declared at queues[0] (line 2))"#)
    }

    @Test func duplicateAgentIdsAreReported() throws {
        let yaml = """
        agents:
          - id: alice
          - id: bob
          - id: alice
        """
        let problem = try #require(onlyProblem(of: .duplicateID, in: yaml))
        #expect(problem.path == "agents[2].id")
        #expect(problem.line == 4)
        #expect(problem.message.hasPrefix(#"duplicate agent id "alice""#))
    }

    @Test func duplicateSkillsAreReported() throws {
        let yaml = """
        skills:
          - english
          - name: english
            description: again
        """
        let problem = try #require(onlyProblem(of: .duplicateID, in: yaml))
        #expect(problem.path == "skills[1]")
        #expect(problem.line == 3)
    }

    @Test func overflowCycleIsReportedOnceWithItsPath() throws {
        let yaml = """
        queues:
          - name: a
            channels: [chat]
            max_wait: {seconds: 10, overflow: b}
          - name: b
            channels: [chat]
            max_wait: {seconds: 10, overflow: a}
        """
        let problem = try #require(onlyProblem(of: .overflowCycle, in: yaml))
        #expect(problem.description == "test.yaml:4:39: queues[0].max_wait.overflow: overflow cycle: a → b → a")
    }

    @Test func overflowIntoItselfIsACycle() throws {
        let yaml = """
        queues:
          - name: entry
            channels: [chat]
            max_wait: {seconds: 10, overflow: loop}
          - name: loop
            channels: [chat]
            max_wait: {seconds: 10, overflow: loop}
        """
        let problem = try #require(onlyProblem(of: .overflowCycle, in: yaml))
        #expect(problem.path == "queues[1].max_wait.overflow")
        #expect(problem.message == "overflow cycle: loop → loop")
    }

    @Test func plainTokenIsRefused() throws {
        let yaml = """
        credentials:
          - role: admin
            token: admin-demo
        """
        let problem = try #require(onlyProblem(of: .weakToken, in: yaml))
        #expect(problem.line == 3 && problem.column == 12)
        #expect(problem.message.hasPrefix("plain tokens are refused"))
    }

    @Test func hashThatIsNotSixtyFourHexDigitsIsRefused() throws {
        let yaml = """
        credentials:
          - role: admin
            token: "sha256:abcdefg"
        """
        let problem = try #require(onlyProblem(of: .weakToken, in: yaml))
        #expect(problem.message == "malformed token hash: expected sha256: followed by 64 hex digits, got 7 characters")
    }

    @Test func hashOfTheEmptyTokenIsRefused() throws {
        let yaml = """
        credentials:
          - role: admin
            token: "\(TokenHasher.hash(""))"
        """
        let problem = try #require(onlyProblem(of: .weakToken, in: yaml))
        #expect(problem.message == "this is the hash of the empty token")
    }

    @Test func sameTokenForTwoPrincipalsIsRefused() throws {
        let hash = TokenHasher.hash("shared")
        let yaml = """
        credentials:
          - {role: supervisor, name: lead, token: "\(hash)"}
          - {role: admin, token: "\(hash)"}
        """
        let problem = try #require(onlyProblem(of: .duplicateToken, in: yaml))
        #expect(problem.path == "credentials[1].token")
        #expect(problem.line == 3)
        #expect(problem.message.contains("already given to supervisor lead at credentials[0] (line 2)"))
    }

    @Test func agentTokenForAnUnknownAgentIsAnUnknownReference() throws {
        let yaml = """
        agents:
          - id: alice
        credentials:
          - {role: agent, agent: alcie, token: "\(TokenHasher.hash("t1"))"}
        """
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.path == "credentials[0].agent")
        #expect(problem.line == 4)
        #expect(problem.message == #"unknown agent "alcie" (declare it under agents:; did you mean "alice"?)"#)
    }

    @Test func sourceRoleNeedsASourceName() throws {
        let yaml = """
        credentials:
          - {role: source, token: "\(TokenHasher.hash("t1"))"}
        """
        let problem = try #require(onlyProblem(of: .missingKey, in: yaml))
        #expect(problem.path == "credentials[0].source")
    }

    @Test func relaxationStepWithBothLowerAndDropIsRefused() throws {
        let yaml = baseSkills + """

        queues:
          - name: sales
            channels: [voice]
            relaxation:
              - {after: 30, lower_by: 1, drop: english}
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.line == 9)
        #expect(problem.message == #"a relaxation step takes either "lower_by" or "drop", not both"#)
    }

    @Test func relaxationStepsOutOfOrderAreRefused() throws {
        let yaml = """
        queues:
          - name: sales
            channels: [voice]
            relaxation:
              - {after: 60, lower_by: 1}
              - {after: 30, lower_by: 1}
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.path == "queues[0].relaxation[1].after")
        #expect(problem.line == 6)
    }

    @Test func maxWaitWithNeitherOverflowNorEndIsRefused() throws {
        let yaml = """
        queues:
          - name: sales
            channels: [voice]
            max_wait: {seconds: 60}
        """
        let problem = try #require(onlyProblem(of: .missingKey, in: yaml))
        #expect(problem.path == "queues[0].max_wait")
        #expect(problem.line == 4)
    }

    @Test func everyProblemIsReportedAtOnceInFileOrder() {
        let yaml = """
        server:
          listen: {port: 0}
        queues:
          - name: sales
            channels: [voice]
            strategy: fastest
        agents:
          - id: bob
            skills: {juggling: 3}
        credentials:
          - {role: admin, token: plain}
        """
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.outOfRange, .invalidValue, .unknownReference, .weakToken])
        #expect(found.map(\.line) == [2, 6, 9, 11])
    }

    @Test func emptyFileIsTheDefaultConfiguration() throws {
        let config = try ConfigLoader.load(yaml: "", file: "empty.yaml")
        #expect(config == SwitchboardConfiguration())
        #expect(config.server.host == "127.0.0.1")
    }

    @Test func unreadableFileIsAProblemNotACrash() {
        #expect(throws: ConfigError.self) { try ConfigLoader.load(contentsOf: "/nonexistent/switchboard.yaml") }
        do {
            _ = try ConfigLoader.load(contentsOf: "/nonexistent/switchboard.yaml")
        } catch {
            #expect(error.problems.map(\.kind) == [.unreadableFile])
        }
    }
}

extension ConfigValidationTests {
    @Test func roleSpecificKeyOnAnotherRoleIsRefused() throws {
        let yaml = """
        credentials:
          - role: admin
            agent: alice
            token: "\(TokenHasher.hash("t1"))"
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.path == "credentials[0].agent")
        #expect(problem.line == 3)
        #expect(problem.message == #""agent" only applies to role agent"#)
    }

    @Test func invalidIdentifierIsRefused() throws {
        let yaml = """
        agents:
          - id: "alice smith"
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.path == "agents[0].id")
        #expect(problem.message.hasPrefix(#"invalid agent id "alice smith""#))
    }

    @Test func relaxationOrderIsCheckedAgainstTheFileIndexWhenAStepIsDropped() throws {
        let yaml = """
        queues:
          - name: sales
            channels: [voice]
            relaxation:
              - {after: 60, lower_by: 1}
              - {after: -1, lower_by: 1}
              - {after: 30, lower_by: 1}
        """
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.outOfRange, .invalidValue])
        #expect(found.last?.path == "queues[0].relaxation[2].after")
        #expect(found.last?.line == 7)
    }
}

extension ConfigValidationTests {
    @Test func removedQueueTargetMustBeAConfiguredQueue() throws {
        let yaml = """
        reload:
          removed_queues:
            retail: sale
        queues:
          - name: sales
            channels: [voice]
        """
        let problem = try #require(onlyProblem(of: .unknownReference, in: yaml))
        #expect(problem.description == #"test.yaml:3:13: reload.removed_queues.retail: unknown queue "sale" as target for the waiting interactions of removed queue "retail"; did you mean "sales"?"#)
    }

    @Test func removedQueueEntryForAQueueStillConfiguredIsRefused() throws {
        let yaml = """
        reload:
          removed_queues: {sales: sales}
        queues:
          - name: sales
            channels: [voice]
        """
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.path == "reload.removed_queues.sales")
        #expect(problem.line == 2)
    }
}

extension ConfigValidationTests {
    @Test func credentialWithABadTokenStillHasItsAgentChecked() {
        let yaml = """
        credentials:
          - {role: agent, agent: zoe, token: plain}
        """
        #expect(problems(in: yaml).map(\.kind) == [.unknownReference, .weakToken])
    }
}
