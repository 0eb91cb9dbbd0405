import Testing
import SwitchboardConfig
import SwitchboardRouter

/// `customers:`, `alerts:` and the queue keys that go with them: defaults, decoding, ranges, overrides.
@Suite struct CustomerAndAlertSettingsTests {
    static let queue = "\nqueues:\n  - {name: q, channels: [voice]}\n"

    @Test func absentSectionsTakeTheDocumentedDefaults() throws {
        let config = try ConfigLoader.load(yaml: baseSkills + Self.queue, file: "test.yaml")
        #expect(config.customers == CustomerSettings())
        #expect(config.alerts == AlertSettings())

        let customers = config.customers
        #expect(customers.memory && customers.windowHours == 24 && customers.maxCustomers == 1_000_000)
        #expect(customers.maxContactsPerCustomer == 50 && customers.topicAttribute == "topic")
        #expect(customers.repeatPolicy == RepeatPolicy(contacts: 3, sameTopicContacts: 2, priorityBoost: 10, lastAgent: true,
                                                       lastAgentWaitSeconds: 20, waitForNotReady: false, alert: true))
        #expect(config.alerts.topicSurge == TopicSurgeSettings(enabled: true, windowMinutes: 15, floor: 20, multiple: 3, clearRatio: 0.7,
                                                               baselineHalfLifeHours: 24, baselineDays: 7, maxTopics: 1_000, perQueue: true))
        #expect(config.alerts.complaints == ComplaintSettings(attributes: ["kind": "complaint"], deadlineSeconds: 120))
        #expect(config.alerts.serviceLevel == ServiceLevelAlertSettings(enabled: true, windowMinutes: 30, minContacts: 20, clearMargin: 0.05))

        let queue = try #require(config.queue(named: "q"))
        #expect(queue.repeatOverride == nil && !queue.complaint && queue.complaintDeadlineSeconds == nil)
        #expect(queue.serviceLevelTarget == 0.8)
        #expect(queue.repeatPolicy(base: customers.repeatPolicy) == customers.repeatPolicy)
    }

    @Test func emptySectionsAreTheDefaultsToo() throws {
        let config = try ConfigLoader.load(yaml: "customers: {repeat: {}}\nalerts: {topic_surge: {}, complaints: {}, service_level: {}}\n",
                                           file: "test.yaml")
        #expect(config == SwitchboardConfiguration())
    }

    @Test func everyKeyIsDecoded() throws {
        let yaml = baseSkills + """

        customers:
          memory: false
          window_hours: 0.5
          max_customers: 2_000
          max_contacts_per_customer: 8
          topic_attribute: subject
          repeat:
            contacts: 0
            same_topic_contacts: 8
            priority_boost: 0
            last_agent: no
            last_agent_wait_seconds: 2.5
            wait_for_not_ready: yes
            alert: false
        alerts:
          topic_surge:
            enabled: false
            window_minutes: 60
            floor: 5
            multiple: 2.5
            clear_ratio: 1
            baseline_half_life_hours: 0.1
            baseline_days: 0
            max_topics: 10
            per_queue: false
          complaints:
            attributes: {kind: complaint, sentiment: angry}
            deadline_seconds: 30
          service_level:
            enabled: false
            window_minutes: 5
            min_contacts: 1
            clear_margin: 0
        queues:
          - name: care
            channels: [chat]
            repeat: {contacts: 2, last_agent_wait_seconds: 0}
            complaint: true
            complaint_deadline_seconds: 45
            service_level_target: 0.95
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.customers == CustomerSettings(
            memory: false, windowHours: 0.5, maxCustomers: 2_000, maxContactsPerCustomer: 8, topicAttribute: "subject",
            repeatPolicy: RepeatPolicy(contacts: 0, sameTopicContacts: 8, priorityBoost: 0, lastAgent: false,
                                       lastAgentWaitSeconds: 2.5, waitForNotReady: true, alert: false)))
        #expect(config.alerts == AlertSettings(
            topicSurge: TopicSurgeSettings(enabled: false, windowMinutes: 60, floor: 5, multiple: 2.5, clearRatio: 1,
                                           baselineHalfLifeHours: 0.1, baselineDays: 0, maxTopics: 10, perQueue: false),
            complaints: ComplaintSettings(attributes: ["kind": "complaint", "sentiment": "angry"], deadlineSeconds: 30),
            serviceLevel: ServiceLevelAlertSettings(enabled: false, windowMinutes: 5, minContacts: 1, clearMargin: 0)))
        #expect(config.queue(named: "care") == QueueDefinition(
            name: "care", channels: [.chat],
            repeatOverride: RepeatPolicyOverride(contacts: 2, lastAgentWaitSeconds: 0),
            complaint: true, complaintDeadlineSeconds: 45, serviceLevelTarget: 0.95))
    }

    @Test func emptyComplaintAttributesMarkNoInteractionAComplaint() throws {
        let config = try ConfigLoader.load(yaml: "alerts:\n  complaints:\n    attributes: {}\n", file: "test.yaml")
        #expect(config.alerts.complaints.attributes.isEmpty)
    }

    // MARK: Ranges

    /// A key path, a bad value, and the message; each is written as nested mappings, so the value sits
    /// on the line numbered by the path's depth.
    static let outOfRange: [(path: String, value: String, message: String)] = [
        ("customers.window_hours", "0", "0 is out of range (expected 0.01 to 720)"),
        ("customers.window_hours", "721", "721 is out of range (expected 0.01 to 720)"),
        ("customers.max_customers", "0", "0 is out of range (expected 1 to 50000000)"),
        ("customers.max_customers", "50_000_001", "50000001 is out of range (expected 1 to 50000000)"),
        ("customers.max_contacts_per_customer", "1", "1 is out of range (expected 2 to 1000)"),
        ("customers.max_contacts_per_customer", "1001", "1001 is out of range (expected 2 to 1000)"),
        ("customers.repeat.contacts", "1", "1 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("customers.repeat.contacts", "51", "51 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("customers.repeat.contacts", "-1", "-1 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("customers.repeat.same_topic_contacts", "1",
         "1 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("customers.repeat.same_topic_contacts", "51",
         "51 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("customers.repeat.priority_boost", "-1", "-1 is out of range (expected 0 to 100)"),
        ("customers.repeat.priority_boost", "101", "101 is out of range (expected 0 to 100)"),
        ("customers.repeat.last_agent_wait_seconds", "-0.5", "-0.5 is out of range (expected 0 to 3600)"),
        ("customers.repeat.last_agent_wait_seconds", "3601", "3601 is out of range (expected 0 to 3600)"),
        ("alerts.topic_surge.window_minutes", "0", "0 is out of range (expected 1 to 1440)"),
        ("alerts.topic_surge.window_minutes", "1441", "1441 is out of range (expected 1 to 1440)"),
        ("alerts.topic_surge.floor", "0", "0 is out of range (expected 1 to 1000000)"),
        ("alerts.topic_surge.floor", "1000001", "1000001 is out of range (expected 1 to 1000000)"),
        ("alerts.topic_surge.multiple", "0.9", "0.9 is out of range (expected 1 to 1000)"),
        ("alerts.topic_surge.multiple", "1001", "1001 is out of range (expected 1 to 1000)"),
        ("alerts.topic_surge.clear_ratio", "0.05", "0.05 is out of range (expected 0.1 to 1)"),
        ("alerts.topic_surge.clear_ratio", "1.1", "1.1 is out of range (expected 0.1 to 1)"),
        ("alerts.topic_surge.baseline_half_life_hours", "0", "0 is out of range (expected 0.1 to 8760)"),
        ("alerts.topic_surge.baseline_half_life_hours", "8761", "8761 is out of range (expected 0.1 to 8760)"),
        ("alerts.topic_surge.baseline_days", "-1", "-1 is out of range (expected 0 to 365)"),
        ("alerts.topic_surge.baseline_days", "366", "366 is out of range (expected 0 to 365)"),
        ("alerts.topic_surge.max_topics", "0", "0 is out of range (expected 1 to 100000)"),
        ("alerts.topic_surge.max_topics", "100001", "100001 is out of range (expected 1 to 100000)"),
        ("alerts.complaints.deadline_seconds", "0.5", "0.5 is out of range (expected 1 to 86400)"),
        ("alerts.complaints.deadline_seconds", "86401", "86401 is out of range (expected 1 to 86400)"),
        ("alerts.service_level.window_minutes", "0", "0 is out of range (expected 1 to 1440)"),
        ("alerts.service_level.window_minutes", "1441", "1441 is out of range (expected 1 to 1440)"),
        ("alerts.service_level.min_contacts", "0", "0 is out of range (expected 1 to 1000000)"),
        ("alerts.service_level.min_contacts", "1000001", "1000001 is out of range (expected 1 to 1000000)"),
        ("alerts.service_level.clear_margin", "-0.01", "-0.01 is out of range (expected 0 to 0.5)"),
        ("alerts.service_level.clear_margin", "0.6", "0.6 is out of range (expected 0 to 0.5)"),
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
        ("complaint_deadline_seconds", "0", "0 is out of range (expected 1 to 86400)"),
        ("complaint_deadline_seconds", "86401", "86401 is out of range (expected 1 to 86400)"),
        ("service_level_target", "-0.1", "-0.1 is out of range (expected 0 to 1)"),
        ("service_level_target", "1.01", "1.01 is out of range (expected 0 to 1)"),
        ("repeat.contacts", "1", "1 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("repeat.same_topic_contacts", "99", "99 is out of range (expected 0 to turn it off, or 2 to 50 = customers.max_contacts_per_customer)"),
        ("repeat.priority_boost", "101", "101 is out of range (expected 0 to 100)"),
        ("repeat.last_agent_wait_seconds", "3601", "3601 is out of range (expected 0 to 3600)"),
    ]

    @Test func queueValuesOutOfRangeNameTheirPathRangeAndLine() throws {
        for (key, value, message) in Self.queueOutOfRange {
            let parts = key.split(separator: ".")
            let setting = parts.count == 1 ? "    \(key): \(value)\n" : "    \(parts[0]):\n      \(parts[1]): \(value)\n"
            let yaml = "queues:\n  - name: q\n    channels: [voice]\n" + setting
            let problem = try #require(onlyProblem(of: .outOfRange, in: yaml), "\(key): \(value)")
            #expect(problem.path == "queues[0].\(key)")
            #expect(problem.message == message)
            #expect(problem.line == 3 + parts.count)
        }
    }

    @Test func repeatCountsAreBoundedByTheContactsKeptPerCustomer() throws {
        let yaml = """
        queues:
          - name: q
            channels: [voice]
            repeat: {same_topic_contacts: 6}
        customers:
          max_contacts_per_customer: 5
          repeat:
            contacts: 5
            same_topic_contacts: 6
        """
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["queues[0].repeat.same_topic_contacts", "customers.repeat.same_topic_contacts"])
        #expect(found.map(\.line) == [4, 9])
        #expect(found.allSatisfy { $0.message == "6 is out of range (expected 0 to turn it off, or 2 to 5 = customers.max_contacts_per_customer)" })
    }

    @Test func aWrongContactsPerCustomerIsNotReportedAgainThroughTheRepeatCounts() throws {
        let yaml = """
        customers:
          max_contacts_per_customer: 5000
          repeat: {contacts: 100}
        """
        let problem = try #require(onlyProblem(of: .outOfRange, in: yaml))
        #expect(problem.path == "customers.max_contacts_per_customer")
        #expect(problems(in: yaml).count == 1)
    }

    // MARK: Other problems

    @Test func topicAttributeMustBeANonEmptyAttributeName() throws {
        let empty = try #require(onlyProblem(of: .invalidValue, in: "customers:\n  topic_attribute: \"\"\n"))
        #expect(empty.description == "test.yaml:2:20: customers.topic_attribute: must not be empty")
        let long = String(repeating: "t", count: 129)
        let tooLong = try #require(onlyProblem(of: .invalidValue, in: "customers:\n  topic_attribute: \(long)\n"))
        #expect(tooLong.message == "attribute name longer than 128 bytes (no interaction can carry it)")
        let control = try #require(onlyProblem(of: .invalidValue, in: "customers:\n  topic_attribute: \"a\\tb\"\n"))
        #expect(control.message == "control characters are not allowed in an attribute name")
        let list = try #require(onlyProblem(of: .wrongType, in: "customers:\n  topic_attribute: [a]\n"))
        #expect(list.message == "expected text, got a list")
    }

    @Test func complaintAttributeValuesMustBeNonEmptyText() throws {
        let yaml = """
        alerts:
          complaints:
            attributes:
              kind: complaint
              sentiment: ""
              tags: [angry]
        """
        let found = problems(in: yaml)
        #expect(found.map(\.kind) == [.invalidValue, .wrongType])
        #expect(found.map(\.path) == ["alerts.complaints.attributes.sentiment", "alerts.complaints.attributes.tags"])
        #expect(found.map(\.line) == [5, 6])
        #expect(found.map(\.message) == ["must not be empty", "expected text, got a list"])
    }

    @Test func misspeltKeysGetADidYouMean() throws {
        let cases: [(yaml: String, description: String)] = [
            ("customers:\n  windw_hours: 2\n", #"test.yaml:2:3: customers.windw_hours: unknown key "windw_hours" (did you mean "window_hours"?)"#),
            ("customers:\n  repeat:\n    priority_bost: 5\n",
             #"test.yaml:3:5: customers.repeat.priority_bost: unknown key "priority_bost" (did you mean "priority_boost"?)"#),
            ("alerts:\n  topic_surges: {}\n", #"test.yaml:2:3: alerts.topic_surges: unknown key "topic_surges" (did you mean "topic_surge"?)"#),
            ("alerts:\n  service_level:\n    min_contact: 5\n",
             #"test.yaml:3:5: alerts.service_level.min_contact: unknown key "min_contact" (did you mean "min_contacts"?)"#),
            ("queues:\n  - name: q\n    channels: [voice]\n    complaints: true\n",
             #"test.yaml:4:5: queues[0].complaints: unknown key "complaints" (did you mean "complaint"?)"#),
            ("queues:\n  - name: q\n    channels: [voice]\n    repeat: {last_agent_wait_second: 5}\n",
             #"test.yaml:4:14: queues[0].repeat.last_agent_wait_second: unknown key "last_agent_wait_second" (did you mean "last_agent_wait_seconds"?)"#),
            ("custmers: {}\n", #"test.yaml:1:1: custmers: unknown key "custmers" (did you mean "customers"?)"#),
        ]
        for (yaml, description) in cases {
            let problem = try #require(onlyProblem(of: .unknownKey, in: yaml), "\(yaml)")
            #expect(problem.description == description)
        }
    }

    @Test func wrongTypesNameWhatWasExpected() throws {
        let cases: [(yaml: String, path: String, message: String)] = [
            ("customers:\n  memory: maybe\n", "customers.memory", #"expected true or false, got text "maybe""#),
            ("customers:\n  repeat: 3\n", "customers.repeat", "expected a mapping (key: value lines), got number 3"),
            ("alerts:\n  topic_surge:\n    floor: many\n", "alerts.topic_surge.floor", #"expected a whole number, got text "many""#),
            ("alerts:\n  complaints:\n    attributes: [kind]\n", "alerts.complaints.attributes", "expected a mapping (key: value lines), got a list"),
            ("queues:\n  - {name: q, channels: [voice], complaint: 1}\n", "queues[0].complaint", "expected true or false, got number 1"),
            ("queues:\n  - {name: q, channels: [voice], service_level_target: \"0.9\"}\n", "queues[0].service_level_target",
             #"expected a number, got text "0.9""#),
        ]
        for (yaml, path, message) in cases {
            let problem = try #require(onlyProblem(of: .wrongType, in: yaml), "\(yaml)")
            #expect(problem.path == path)
            #expect(problem.message == message)
        }
    }

    // MARK: Per-queue repeat policy

    @Test func aQueueOverridesOnlyTheRepeatKeysItSets() throws {
        let yaml = """
        customers:
          repeat: {contacts: 4, priority_boost: 5, last_agent_wait_seconds: 10}
        queues:
          - name: plain
            channels: [voice]
          - name: care
            channels: [voice]
            repeat: {priority_boost: 20, last_agent_wait_seconds: 60, wait_for_not_ready: true}
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        let base = config.customers.repeatPolicy
        #expect(base == RepeatPolicy(contacts: 4, priorityBoost: 5, lastAgentWaitSeconds: 10))
        #expect(try #require(config.queue(named: "plain")).repeatPolicy(base: base) == base)
        #expect(try #require(config.queue(named: "care")).repeatPolicy(base: base)
            == RepeatPolicy(contacts: 4, sameTopicContacts: 2, priorityBoost: 20, lastAgent: true, lastAgentWaitSeconds: 60,
                            waitForNotReady: true, alert: true))
    }

    @Test func anOverrideReplacesEveryKeyItSetsAndNoOther() {
        let base = RepeatPolicy(contacts: 5, sameTopicContacts: 3, priorityBoost: 7, lastAgent: true, lastAgentWaitSeconds: 9,
                                waitForNotReady: false, alert: true)
        #expect(RepeatPolicyOverride().applied(to: base) == base)
        let all = RepeatPolicyOverride(contacts: 0, sameTopicContacts: 0, priorityBoost: 0, lastAgent: false, lastAgentWaitSeconds: 0,
                                       waitForNotReady: true, alert: false)
        #expect(all.applied(to: base) == RepeatPolicy(contacts: 0, sameTopicContacts: 0, priorityBoost: 0, lastAgent: false,
                                                      lastAgentWaitSeconds: 0, waitForNotReady: true, alert: false))
        var queue = QueueDefinition(name: "q", channels: [.chat])
        queue.repeatOverride = RepeatPolicyOverride(alert: false)
        #expect(queue.repeatPolicy(base: base) == RepeatPolicy(contacts: 5, sameTopicContacts: 3, priorityBoost: 7, lastAgent: true,
                                                               lastAgentWaitSeconds: 9, waitForNotReady: false, alert: false))
    }
}
