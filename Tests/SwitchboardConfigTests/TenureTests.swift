import Testing
import SwitchboardConfig
import SwitchboardRouter

/// `agents.tenure`, a roster entry's `stage` or `start_date`, and the stage a start date has reached on a given day.
@Suite struct TenureTests {
    // MARK: Calendar dates

    @Test func isoDatesAreReadExactlyAndOnlyWhenTheDayExists() throws {
        let date = try #require(CalendarDate(iso: "2026-09-01"))
        #expect((date.year, date.month, date.day) == (2026, 9, 1))
        #expect(date.description == "2026-09-01")
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        for text in ["2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-9-1", "2026/09/01", "26-09-01",
                     "2026-09-01T00:00", "0000-01-01", "２０２６-09-01", ""] {
            #expect(CalendarDate(iso: text) == nil, "\(text)")
        }
    }

    @Test func daysSinceTheEpochRoundTripAcrossCenturiesAndLeapDays() throws {
        #expect(try #require(CalendarDate(iso: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(CalendarDate(iso: "1969-12-31")).daysSinceEpoch == -1)
        #expect(try #require(CalendarDate(iso: "2000-03-01")).daysSinceEpoch == 11_017)
        #expect(try #require(CalendarDate(iso: "2026-12-07")).daysSinceEpoch == 20_794)
        for days in stride(from: -800_000, through: 2_900_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        let start = try #require(CalendarDate(iso: "2028-02-28"))
        #expect(try #require(CalendarDate(iso: "2028-03-01")).days(since: start) == 2)
        #expect(start.days(since: try #require(CalendarDate(iso: "2028-03-01"))) == -2)
        #expect(start < CalendarDate(daysSinceEpoch: start.daysSinceEpoch + 1))
    }

    @Test func theLocalDateOfAnInstantFollowsTheOffset() {
        // 2026-12-07T23:30Z.
        let instant: Int64 = (20_794 * 86_400 + 23 * 3_600 + 30 * 60) * 1_000
        #expect(CalendarDate(epochMilliseconds: instant).description == "2026-12-07")
        #expect(CalendarDate(epochMilliseconds: instant, utcOffsetSeconds: 3_600).description == "2026-12-08")
        #expect(CalendarDate(epochMilliseconds: instant, utcOffsetSeconds: -24 * 3_600).description == "2026-12-06")
        #expect(CalendarDate(epochMilliseconds: -1).description == "1969-12-31")
        #expect(CalendarDate(epochMilliseconds: 0).description == "1970-01-01")
    }

    // MARK: Stage on a day

    @Test func aStartDateReachesEachStageOnItsBoundaryDay() throws {
        let tenure = TenureSettings(learningAfterDays: 30, experiencedAfterDays: 90)
        let start = try #require(CalendarDate(iso: "2026-09-01"))
        let agent = AgentDefinition(id: "grace", name: "Grace", startDate: start)
        func stage(after days: Int) -> AgentStage {
            agent.stage(on: CalendarDate(daysSinceEpoch: start.daysSinceEpoch + days), tenure: tenure)
        }
        #expect(stage(after: -5) == .new)
        #expect(stage(after: 0) == .new)
        #expect(stage(after: 29) == .new)
        #expect(stage(after: 30) == .learning)
        #expect(stage(after: 89) == .learning)
        #expect(stage(after: 90) == .experienced)
        #expect(stage(after: 10_000) == .experienced)
        // 2026-10-01 is 30 days after 2026-09-01; 2026-11-30 is 90.
        #expect(agent.stage(on: try #require(CalendarDate(iso: "2026-09-30")), tenure: tenure) == .new)
        #expect(agent.stage(on: try #require(CalendarDate(iso: "2026-10-01")), tenure: tenure) == .learning)
        #expect(agent.stage(on: try #require(CalendarDate(iso: "2026-11-29")), tenure: tenure) == .learning)
        #expect(agent.stage(on: try #require(CalendarDate(iso: "2026-11-30")), tenure: tenure) == .experienced)
    }

    @Test func aWrittenStageWinsAndAnAgentWithNeitherIsExperienced() throws {
        let today = try #require(CalendarDate(iso: "2026-12-07"))
        let tenure = TenureSettings()
        #expect(AgentDefinition(id: "a", name: "a", stage: .new).stage(on: today, tenure: tenure) == .new)
        #expect(AgentDefinition(id: "a", name: "a", stage: .learning).stage(on: today, tenure: tenure) == .learning)
        #expect(AgentDefinition(id: "a", name: "a").stage(on: today, tenure: tenure) == .experienced)
    }

    @Test func equalThresholdsSkipTheLearningStageAndZeroMeansFromTheFirstDay() {
        let skip = TenureSettings(learningAfterDays: 60, experiencedAfterDays: 60)
        #expect(skip.stage(daysSinceStart: 59) == .new)
        #expect(skip.stage(daysSinceStart: 60) == .experienced)
        let none = TenureSettings(learningAfterDays: 0, experiencedAfterDays: 0)
        #expect(none.stage(daysSinceStart: 0) == .experienced)
        #expect(none.stage(daysSinceStart: -1) == .new)
    }

    // MARK: Decoding

    @Test func absentTenureAndStagesTakeTheDefaults() throws {
        let config = try ConfigLoader.load(yaml: "agents:\n  - id: alice\n", file: "test.yaml")
        #expect(config.agentSettings.tenure == TenureSettings(learningAfterDays: 30, experiencedAfterDays: 90))
        #expect(config.agents == [AgentDefinition(id: "alice", name: "alice")])
        let agent = try #require(config.agent(id: "alice"))
        #expect(agent.groups.isEmpty && agent.stage == nil && agent.startDate == nil)
    }

    @Test func everyTenureAndRosterKeyIsDecoded() throws {
        let yaml = """
        agents:
          tenure: {learning_after_days: 14, experienced_after_days: 180}
          roster:
            - id: alice
              groups: [premium-desk, night]
              stage: learning
            - id: bob
              start_date: 2026-09-01
            - id: carol
              start_date: "2024-02-29"
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.agentSettings == AgentSettings(loginState: .notReady, tenure: TenureSettings(learningAfterDays: 14, experiencedAfterDays: 180)))
        #expect(config.agents == [
            AgentDefinition(id: "alice", name: "alice", groups: ["premium-desk", "night"], stage: .learning),
            AgentDefinition(id: "bob", name: "bob", startDate: CalendarDate(year: 2026, month: 9, day: 1)),
            AgentDefinition(id: "carol", name: "carol", startDate: CalendarDate(year: 2024, month: 2, day: 29)),
        ])
    }

    @Test func stageAndStartDateExcludeEachOther() throws {
        let yaml = "agents:\n  - id: alice\n    stage: new\n    start_date: 2026-09-01\n"
        let problem = try #require(onlyProblem(of: .invalidValue, in: yaml))
        #expect(problem.description
            == #"test.yaml:4:17: agents[0].start_date: an agent takes either "stage" or "start_date" (its stage then follows agents.tenure), not both"#)
        #expect(problems(in: yaml).count == 1)
    }

    @Test func rosterValuesAreCheckedWithTheirPathAndLine() throws {
        let cases: [(yaml: String, kind: ConfigProblem.Kind, description: String)] = [
            ("agents:\n  - id: a\n    stage: junior\n", .invalidValue,
             #"test.yaml:3:12: agents[0].stage: unknown stage "junior" (expected one of new, learning, experienced)"#),
            ("agents:\n  - id: a\n    start_date: 2026-02-30\n", .invalidValue,
             #"test.yaml:3:17: agents[0].start_date: invalid date "2026-02-30" (expected a day written YYYY-MM-DD, e.g. 2026-09-01)"#),
            ("agents:\n  - id: a\n    start_date: 1 September 2026\n", .invalidValue,
             #"test.yaml:3:17: agents[0].start_date: invalid date "1 September 2026" (expected a day written YYYY-MM-DD, e.g. 2026-09-01)"#),
            ("agents:\n  - id: a\n    start_date: [2026, 9, 1]\n", .wrongType, "test.yaml:3:17: agents[0].start_date: expected text, got a list"),
            ("agents:\n  - id: a\n    groups: [desk, desk]\n", .duplicateID, #"test.yaml:3:20: agents[0].groups[1]: group name "desk" is listed twice"#),
            ("agents:\n  - id: a\n    groups: [\"night shift\"]\n", .invalidValue,
             #"test.yaml:3:14: agents[0].groups[0]: invalid group name "night shift" (use 1–64 letters, digits, '_', '-' or '.', starting with a letter or digit)"#),
            ("agents:\n  - id: a\n    groups: desk\n", .wrongType, #"test.yaml:3:13: agents[0].groups: expected a list, got text "desk""#),
        ]
        for (yaml, kind, description) in cases {
            let problem = try #require(onlyProblem(of: kind, in: yaml), "\(yaml)")
            #expect(problem.description == description)
            #expect(problems(in: yaml).count == 1, "\(yaml)")
        }
    }

    @Test func tenureDaysOutOfRangeNameTheirPathRangeAndLine() throws {
        let cases: [(yaml: String, description: String)] = [
            ("agents:\n  tenure:\n    learning_after_days: -1\n",
             "test.yaml:3:26: agents.tenure.learning_after_days: -1 is out of range (expected 0 to 3650)"),
            ("agents:\n  tenure:\n    experienced_after_days: 3651\n",
             "test.yaml:3:29: agents.tenure.experienced_after_days: 3651 is out of range (expected 0 to 3650)"),
            ("agents:\n  tenure:\n    learning_after_days: 60\n    experienced_after_days: 45\n",
             "test.yaml:4:29: agents.tenure.experienced_after_days: 45 is out of range (expected learning_after_days (60) to 3650)"),
            // Against the default experienced_after_days (90), the key written is the one reported.
            ("agents:\n  tenure:\n    learning_after_days: 120\n",
             "test.yaml:3:26: agents.tenure.learning_after_days: 120 is out of range (expected 0 to experienced_after_days (90))"),
            ("agents:\n  tenure:\n    experienced_after_days: 20\n",
             "test.yaml:3:29: agents.tenure.experienced_after_days: 20 is out of range (expected learning_after_days (30) to 3650)"),
        ]
        for (yaml, description) in cases {
            let problem = try #require(onlyProblem(of: .outOfRange, in: yaml), "\(yaml)")
            #expect(problem.description == description)
            #expect(problems(in: yaml).count == 1, "\(yaml)")
        }
    }

    @Test func aBadTenureValueIsNotReportedAgainByTheOrderCheck() throws {
        let yaml = "agents:\n  tenure:\n    learning_after_days: 5000\n    experienced_after_days: 10\n"
        let problem = try #require(onlyProblem(of: .outOfRange, in: yaml))
        #expect(problem.path == "agents.tenure.learning_after_days")
        #expect(problems(in: yaml).count == 1)
    }

    @Test func misspeltTenureAndRosterKeysGetADidYouMean() throws {
        let cases: [(yaml: String, description: String)] = [
            ("agents:\n  tenur: {}\n", #"test.yaml:2:3: agents.tenur: unknown key "tenur" (did you mean "tenure"?)"#),
            ("agents:\n  tenure:\n    learning_after_day: 3\n",
             #"test.yaml:3:5: agents.tenure.learning_after_day: unknown key "learning_after_day" (did you mean "learning_after_days"?)"#),
            ("agents:\n  - id: a\n    startdate: 2026-09-01\n", #"test.yaml:3:5: agents[0].startdate: unknown key "startdate" (did you mean "start_date"?)"#),
            ("agents:\n  - id: a\n    group: [desk]\n", #"test.yaml:3:5: agents[0].group: unknown key "group" (did you mean "groups"?)"#),
            ("agents:\n  - id: a\n    stag: new\n", #"test.yaml:3:5: agents[0].stag: unknown key "stag" (did you mean "stage"?)"#),
        ]
        for (yaml, description) in cases {
            let problem = try #require(onlyProblem(of: .unknownKey, in: yaml), "\(yaml)")
            #expect(problem.description == description)
        }
    }
}
