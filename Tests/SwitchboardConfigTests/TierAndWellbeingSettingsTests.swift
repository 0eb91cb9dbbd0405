import Testing
import SwitchboardConfig
import SwitchboardRouter

/// `tiers:`, `wellbeing:` and the queue keys that go with them: defaults, decoding, ranges, cross-checks, overrides.
@Suite struct TierAndWellbeingSettingsTests {
    static let queue = "\nqueues:\n  - {name: q, channels: [voice]}\n"

    @Test func absentSectionsTakeTheDocumentedDefaults() throws {
        let config = try ConfigLoader.load(yaml: baseSkills + Self.queue, file: "test.yaml")
        #expect(config.tiers.isEmpty)
        #expect(config.wellbeing == WellbeingSettings())
        #expect(config.wellbeing == WellbeingSettings(
            enabled: true,
            demanding: DemandingRules(queues: [], attributes: ["kind": "complaint"], dispositions: ["escalated"]),
            streak: 3, coolDownMinutes: 15, recoveryPauseMinutes: 0, demandingPerHour: 8, continuousBusyMinutes: 90, occupancyCeiling: 0.9))
        let queue = try #require(config.queue(named: "q"))
        #expect(queue.minimumStage == nil && queue.newAgentDemandingChats == nil && queue.wellbeingOverride == nil)
        #expect(queue.wellbeing(base: config.wellbeing) == config.wellbeing)
        #expect(TierDefinition(name: "t") == TierDefinition(name: "t", agents: [], groups: [], priorityBoost: 0, fallbackSeconds: 30,
                                                            reserve: 0, targetWaitSeconds: 60))
    }

    @Test func emptySectionsAreTheDefaultsToo() throws {
        let config = try ConfigLoader.load(yaml: "wellbeing: {demanding: {}}\ntiers: []\n", file: "test.yaml")
        #expect(config == SwitchboardConfiguration())
    }

    @Test func everyKeyIsDecoded() throws {
        let yaml = """
        wellbeing:
          enabled: false
          demanding:
            queues: [care, care-chat]
            attributes: {kind: complaint, sentiment: negative}
            dispositions: [escalated, "threatened legal action"]
          streak: 5
          cool_down_minutes: 7.5
          recovery_pause_minutes: 3
          demanding_per_hour: 0
          continuous_busy_minutes: 120
          occupancy_ceiling: 1
        queues:
          - name: care
            channels: [voice]
            minimum_stage: experienced
          - name: care-chat
            channels: [chat]
            minimum_stage: new
            new_agent_demanding_chats: 0
            wellbeing:
              enabled: true
              streak: 0
              cool_down_minutes: 480
              recovery_pause_minutes: 120
              demanding_per_hour: 1000
              continuous_busy_minutes: 0
              occupancy_ceiling: 0.5
        agents:
          - {id: erin, groups: [premium-desk]}
          - {id: farid, groups: [premium-desk]}
          - {id: grace}
        tiers:
          - name: platinum
            agents: [grace]
            groups: [premium-desk]
            priority_boost: 100
            fallback_seconds: 0
            reserve: 3
            target_wait_seconds: 86400
          - name: gold
            groups: [premium-desk]
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.wellbeing == WellbeingSettings(
            enabled: false,
            demanding: DemandingRules(queues: ["care", "care-chat"], attributes: ["kind": "complaint", "sentiment": "negative"],
                                      dispositions: ["escalated", "threatened legal action"]),
            streak: 5, coolDownMinutes: 7.5, recoveryPauseMinutes: 3, demandingPerHour: 0, continuousBusyMinutes: 120, occupancyCeiling: 1))
        #expect(config.queue(named: "care") == QueueDefinition(name: "care", channels: [.voice], minimumStage: .experienced))
        #expect(config.queue(named: "care-chat") == QueueDefinition(
            name: "care-chat", channels: [.chat], minimumStage: .new, newAgentDemandingChats: 0,
            wellbeingOverride: WellbeingOverride(enabled: true, streak: 0, coolDownMinutes: 480, recoveryPauseMinutes: 120, demandingPerHour: 1000,
                                                 continuousBusyMinutes: 0, occupancyCeiling: 0.5)))
        #expect(config.tiers == [
            TierDefinition(name: "platinum", agents: ["grace"], groups: ["premium-desk"], priorityBoost: 100, fallbackSeconds: 0, reserve: 3,
                           targetWaitSeconds: 86_400),
            TierDefinition(name: "gold", groups: ["premium-desk"]),
        ])
        #expect(config.tier(named: "gold")?.dedicatedAgents(in: config.agents) == ["erin", "farid"])
        #expect(config.tier(named: "platinum")?.dedicatedAgents(in: config.agents) == ["erin", "farid", "grace"])
        #expect(config.tier(named: "silver") == nil)
    }

    @Test func emptyDemandingListsMarkNothingDemandingThatWay() throws {
        let config = try ConfigLoader.load(yaml: "wellbeing:\n  demanding: {queues: [], attributes: {}, dispositions: []}\n", file: "test.yaml")
        #expect(config.wellbeing.demanding == DemandingRules(queues: [], attributes: [:], dispositions: []))
    }

    // MARK: Ranges

    /// A key path, a bad value, and the message; written as nested mappings, so the value sits on the line
    /// numbered by the path's depth.
    static let outOfRange: [(path: String, value: String, message: String)] = [
        ("wellbeing.streak", "-1", "-1 is out of range (expected 0 to 100)"),
        ("wellbeing.streak", "101", "101 is out of range (expected 0 to 100)"),
        ("wellbeing.cool_down_minutes", "-1", "-1 is out of range (expected 0 to 480)"),
        ("wellbeing.cool_down_minutes", "480.5", "480.5 is out of range (expected 0 to 480)"),
        ("wellbeing.recovery_pause_minutes", "-0.5", "-0.5 is out of range (expected 0 to 120)"),
        ("wellbeing.recovery_pause_minutes", "121", "121 is out of range (expected 0 to 120)"),
        ("wellbeing.demanding_per_hour", "-1", "-1 is out of range (expected 0 to 1000)"),
        ("wellbeing.demanding_per_hour", "1001", "1001 is out of range (expected 0 to 1000)"),
        ("wellbeing.continuous_busy_minutes", "-1", "-1 is out of range (expected 0 to 1440)"),
        ("wellbeing.continuous_busy_minutes", "1441", "1441 is out of range (expected 0 to 1440)"),
        ("wellbeing.occupancy_ceiling", "-0.1", "-0.1 is out of range (expected 0 to 1)"),
        ("wellbeing.occupancy_ceiling", "1.01", "1.01 is out of range (expected 0 to 1)"),
    ]

    @Test func everyValueOutOfRangeNamesItsPathRangeAndLine() throws {
        for (path, value, message) in Self.outOfRange {
            let keys = path.split(separator: ".")
            var yaml = ""
            for (depth, key) in keys.enumerated() {
                let indent = String(repeating: " ", count: 2 * depth)
                yaml += depth == keys.count - 1 ? "\(indent)\(key): \(value)\n" : "\(indent)\(key):\n"
            }
            let problem = try #require(onlyProblem(of: .outOfRange, in: yaml), "\(path): \(value)")
            let column = 2 * (keys.count - 1) + keys[keys.count - 1].count + 3
            #expect(problem.description == "test.yaml:\(keys.count):\(column): \(path): \(message)")
            #expect(problems(in: yaml).count == 1, "\(path): \(value)")
        }
    }

    static let queueOutOfRange: [(key: String, value: String, message: String)] = [
        ("new_agent_demanding_chats", "-1", "-1 is out of range (expected 0 to 50)"),
        ("new_agent_demanding_chats", "51", "51 is out of range (expected 0 to 50)"),
        ("wellbeing.streak", "101", "101 is out of range (expected 0 to 100)"),
        ("wellbeing.cool_down_minutes", "481", "481 is out of range (expected 0 to 480)"),
        ("wellbeing.recovery_pause_minutes", "121", "121 is out of range (expected 0 to 120)"),
        ("wellbeing.demanding_per_hour", "1001", "1001 is out of range (expected 0 to 1000)"),
        ("wellbeing.continuous_busy_minutes", "1441", "1441 is out of range (expected 0 to 1440)"),
        ("wellbeing.occupancy_ceiling", "2", "2 is out of range (expected 0 to 1)"),
    ]

    @Test func queueValuesOutOfRangeNameTheirPathRangeAndLine() throws {
        for (key, value, message) in Self.queueOutOfRange {
            let parts = key.split(separator: ".")
            let setting = parts.count == 1 ? "    \(key): \(value)\n" : "    \(parts[0]):\n      \(parts[1]): \(value)\n"
            let yaml = "queues:\n  - name: q\n    channels: [chat]\n" + setting
            let problem = try #require(onlyProblem(of: .outOfRange, in: yaml), "\(key): \(value)")
            #expect(problem.path == "queues[0].\(key)")
            #expect(problem.message == message)
            #expect(problem.line == 3 + parts.count)
            #expect(problems(in: yaml).count == 1, "\(key): \(value)")
        }
    }

    static let tierOutOfRange: [(key: String, value: String, message: String)] = [
        ("priority_boost", "-1", "-1 is out of range (expected 0 to 100)"),
        ("priority_boost", "101", "101 is out of range (expected 0 to 100)"),
        ("fallback_seconds", "-1", "-1 is out of range (expected 0 to 3600)"),
        ("fallback_seconds", "3601", "3601 is out of range (expected 0 to 3600)"),
        ("target_wait_seconds", "0.5", "0.5 is out of range (expected 1 to 86400)"),
        ("target_wait_seconds", "86401", "86401 is out of range (expected 1 to 86400)"),
        ("reserve", "-1", "-1 is out of range (expected 0 to the number of agents dedicated to the tier)"),
        ("reserve", "2", "2 is out of range (expected 0 to 1 = the agents dedicated to the tier)"),
    ]

    @Test func tierValuesOutOfRangeNameTheirPathRangeAndLine() throws {
        for (key, value, message) in Self.tierOutOfRange {
            let yaml = "agents:\n  - id: erin\ntiers:\n  - name: platinum\n    agents: [erin]\n    \(key): \(value)\n"
            let problem = try #require(onlyProblem(of: .outOfRange, in: yaml), "\(key): \(value)")
            #expect(problem.description == "test.yaml:6:\(key.count + 7): tiers[0].\(key): \(message)")
            #expect(problems(in: yaml).count == 1, "\(key): \(value)")
        }
    }

    // MARK: Cross-checks

    @Test func aReserveCountsAgentsListedAndAgentsInTheTiersGroupsOnce() throws {
        let roster = """
        agents:
          - {id: erin, groups: [desk]}
          - {id: farid, groups: [desk, night]}
          - {id: grace, groups: [night]}
        tiers:
          - name: platinum
            agents: [erin]
            groups: [desk, night]

        """
        #expect(problems(in: roster + "    reserve: 3\n").isEmpty)
        let problem = try #require(onlyProblem(of: .outOfRange, in: roster + "    reserve: 4\n"))
        #expect(problem.description == "test.yaml:9:14: tiers[0].reserve: 4 is out of range (expected 0 to 3 = the agents dedicated to the tier)")
    }

    @Test func tierNamesAreUnique() throws {
        let yaml = """
        agents: [{id: erin}]
        tiers:
          - {name: gold, agents: [erin]}
          - {name: platinum, agents: [erin]}
          - {name: gold, agents: [erin]}
        """
        let problem = try #require(onlyProblem(of: .duplicateID, in: yaml))
        #expect(problem.description == #"test.yaml:5:12: tiers[2].name: duplicate tier "gold" (first declared at tiers[0] (line 3))"#)
        #expect(problems(in: yaml).count == 1)
    }

    @Test func tierAgentsMustBeInTheRoster() throws {
        let yaml = """
        agents: [{id: erin}, {id: farid}]
        tiers:
          - name: platinum
            agents: [farid, "bad id", erni]
            reserve: 2
        """
        // The bad id is reported where it is; the misspelt one at its own index in the file, with a suggestion;
        // and the reserve is not reported again for the agent that is not found.
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.invalidValue, .unknownReference])
        #expect(found.last?.description
            == #"test.yaml:4:31: tiers[0].agents[2]: unknown agent "erni" (declare it under agents:; did you mean "erin"?)"#)
    }

    @Test func tierGroupsMustBeTheGroupOfSomeAgent() throws {
        let yaml = """
        agents:
          - {id: erin, groups: [premium-desk]}
        tiers:
          - name: gold
            groups: [premium-desk, premium-dsk, night]
        """
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.unknownReference, .unknownReference])
        #expect(found.map(\.description) == [
            #"test.yaml:5:28: tiers[0].groups[1]: no agent is in group "premium-dsk" (add it to an agent's groups; did you mean "premium-desk"?)"#,
            #"test.yaml:5:41: tiers[0].groups[2]: no agent is in group "night" (add it to an agent's groups)"#,
        ])
    }

    @Test func aTierNeedsAgentsOrGroups() throws {
        let missing = try #require(onlyProblem(of: .missingKey, in: "tiers:\n  - name: gold\n    priority_boost: 5\n"))
        #expect(missing.description == #"test.yaml:2:5: tiers[0]: a tier needs "agents" or "groups" (whom it is dedicated to)"#)
        let empty = try #require(onlyProblem(of: .invalidValue, in: "tiers:\n  - name: gold\n    agents: []\n    groups: []\n"))
        #expect(empty.description == "test.yaml:3:13: tiers[0].agents: a tier needs at least one agent or group dedicated to it")
        let unnamed = try #require(onlyProblem(of: .missingKey, in: "agents: [{id: erin}]\ntiers:\n  - agents: [erin]\n"))
        #expect(unnamed.description == #"test.yaml:3:5: tiers[0].name: missing required key "name""#)
    }

    @Test func tierListsNameEachAgentAndGroupOnce() throws {
        let yaml = "agents: [{id: erin, groups: [desk]}]\ntiers:\n  - {name: gold, agents: [erin, erin], groups: [desk, desk]}\n"
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.duplicateID, .duplicateID])
        #expect(found.map(\.path) == ["tiers[0].agents[1]", "tiers[0].groups[1]"])
        #expect(found.map(\.message) == [#"agent id "erin" is listed twice"#, #"group name "desk" is listed twice"#])
    }

    @Test func demandingQueuesMustBeConfigured() throws {
        let yaml = """
        queues:
          - {name: complaints, channels: [voice]}
        wellbeing:
          demanding:
            queues: [complaints, "", complaint]
        """
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.invalidValue, .unknownReference])
        #expect(found.last?.description
            == #"test.yaml:5:30: wellbeing.demanding.queues[2]: unknown queue "complaint" (declare it under queues:; did you mean "complaints"?)"#)
    }

    @Test func demandingAttributesAndDispositionsAreCheckedLikeComplaints() throws {
        let yaml = """
        wellbeing:
          demanding:
            attributes:
              kind: complaint
              sentiment: ""
            dispositions: [escalated, "", escalated]
        """
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.invalidValue, .invalidValue, .duplicateID])
        #expect(found.map(\.path) == ["wellbeing.demanding.attributes.sentiment", "wellbeing.demanding.dispositions[1]",
                                      "wellbeing.demanding.dispositions[2]"])
        #expect(found.map(\.message) == ["must not be empty", "must not be empty", #"disposition "escalated" is listed twice"#])
        #expect(found.map(\.line) == [5, 6, 6])
    }

    @Test func aQueueCannotRedefineWhatIsDemanding() throws {
        let yaml = "queues:\n  - name: q\n    channels: [voice]\n    wellbeing:\n      streak: 2\n      demanding: {queues: [q]}\n"
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.description == "test.yaml:6:7: queues[0].wellbeing.demanding: a queue cannot change what is demanding; "
            + "list the queue under wellbeing.demanding.queues to mark all its work demanding")
        #expect(problems(in: yaml).count == 1)
    }

    @Test func newAgentDemandingChatsNeedsAQueueThatTakesChats() throws {
        let yaml = "queues:\n  - name: q\n    channels: [voice, email]\n    new_agent_demanding_chats: 1\n"
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.description
            == "test.yaml:4:32: queues[0].new_agent_demanding_chats: only chats are counted, and this queue takes none (channels: voice, email)")
    }

    @Test func minimumStageIsOneOfTheStages() throws {
        let yaml = "queues:\n  - name: q\n    channels: [voice]\n    minimum_stage: senior\n"
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.description == #"test.yaml:4:20: queues[0].minimum_stage: unknown stage "senior" (expected one of new, learning, experienced)"#)
    }

    @Test func misspeltKeysGetADidYouMean() throws {
        let cases: [(yaml: String, description: String)] = [
            ("welbeing: {}\n", #"test.yaml:1:1: welbeing: unknown key "welbeing" (did you mean "wellbeing"?)"#),
            ("tier: []\n", #"test.yaml:1:1: tier: unknown key "tier" (did you mean "tiers"?)"#),
            ("wellbeing:\n  cooldown_minutes: 5\n",
             #"test.yaml:2:3: wellbeing.cooldown_minutes: unknown key "cooldown_minutes" (did you mean "cool_down_minutes"?)"#),
            ("wellbeing:\n  demanding:\n    queue: []\n", #"test.yaml:3:5: wellbeing.demanding.queue: unknown key "queue" (did you mean "queues"?)"#),
            ("wellbeing:\n  demanding:\n    disposition: []\n",
             #"test.yaml:3:5: wellbeing.demanding.disposition: unknown key "disposition" (did you mean "dispositions"?)"#),
            ("tiers:\n  - name: gold\n    agents: [a]\n    fallback_second: 5\n",
             #"test.yaml:4:5: tiers[0].fallback_second: unknown key "fallback_second" (did you mean "fallback_seconds"?)"#),
            ("tiers:\n  - name: gold\n    agents: [a]\n    reserv: 1\n", #"test.yaml:4:5: tiers[0].reserv: unknown key "reserv" (did you mean "reserve"?)"#),
            ("queues:\n  - name: q\n    channels: [voice]\n    minimum_stag: new\n",
             #"test.yaml:4:5: queues[0].minimum_stag: unknown key "minimum_stag" (did you mean "minimum_stage"?)"#),
            ("queues:\n  - name: q\n    channels: [voice]\n    wellbeing: {streek: 2}\n",
             #"test.yaml:4:17: queues[0].wellbeing.streek: unknown key "streek" (did you mean "streak"?)"#),
        ]
        for (yaml, description) in cases {
            let problem = try #require(onlyProblem(of: .unknownKey, in: yaml), "\(yaml)")
            #expect(problem.description == description)
        }
    }

    @Test func wrongTypesNameWhatWasExpected() throws {
        let cases: [(yaml: String, path: String, message: String)] = [
            ("wellbeing:\n  enabled: maybe\n", "wellbeing.enabled", #"expected true or false, got text "maybe""#),
            ("wellbeing:\n  streak: three\n", "wellbeing.streak", #"expected a whole number, got text "three""#),
            ("wellbeing:\n  demanding: [complaints]\n", "wellbeing.demanding", "expected a mapping (key: value lines), got a list"),
            ("wellbeing:\n  demanding:\n    queues: complaints\n", "wellbeing.demanding.queues", #"expected a list, got text "complaints""#),
            ("tiers: {gold: {}}\n", "tiers", "expected a list, got a mapping"),
            ("queues:\n  - {name: q, channels: [voice], wellbeing: 2}\n", "queues[0].wellbeing", "expected a mapping (key: value lines), got number 2"),
        ]
        for (yaml, path, message) in cases {
            let problem = try #require(onlyProblem(of: .wrongType, in: yaml), "\(yaml)")
            #expect(problem.path == path)
            #expect(problem.message == message)
        }
    }

    // MARK: Per-queue wellbeing

    @Test func aQueueOverridesOnlyTheWellbeingKeysItSets() throws {
        let yaml = """
        wellbeing:
          streak: 4
          cool_down_minutes: 10
          demanding: {queues: [care]}
        queues:
          - name: plain
            channels: [voice]
          - name: care
            channels: [voice]
            wellbeing: {streak: 2, occupancy_ceiling: 0.8}
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        let base = config.wellbeing
        #expect(base == WellbeingSettings(demanding: DemandingRules(queues: ["care"]), streak: 4, coolDownMinutes: 10))
        #expect(try #require(config.queue(named: "plain")).wellbeing(base: base) == base)
        #expect(try #require(config.queue(named: "care")).wellbeing(base: base)
            == WellbeingSettings(demanding: DemandingRules(queues: ["care"]), streak: 2, coolDownMinutes: 10, occupancyCeiling: 0.8))
    }

    @Test func anOverrideReplacesEveryKeyItSetsAndKeepsTheDemandingRules() {
        let base = WellbeingSettings(enabled: true, demanding: DemandingRules(queues: ["care"]), streak: 5, coolDownMinutes: 20,
                                     recoveryPauseMinutes: 2, demandingPerHour: 9, continuousBusyMinutes: 60, occupancyCeiling: 0.85)
        #expect(WellbeingOverride().applied(to: base) == base)
        let all = WellbeingOverride(enabled: false, streak: 0, coolDownMinutes: 0, recoveryPauseMinutes: 0, demandingPerHour: 0,
                                    continuousBusyMinutes: 0, occupancyCeiling: 1)
        #expect(all.applied(to: base) == WellbeingSettings(enabled: false, demanding: DemandingRules(queues: ["care"]), streak: 0,
                                                           coolDownMinutes: 0, recoveryPauseMinutes: 0, demandingPerHour: 0,
                                                           continuousBusyMinutes: 0, occupancyCeiling: 1))
    }
}
