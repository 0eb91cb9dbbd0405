import SwitchboardRouter
import Yams

/// `tiers:`, `agents.tenure` and the roster keys that go with them (`groups`, `stage`, `start_date`).
extension ConfigDecoder {
    static let tierKeys = ["name", "agents", "groups", "priority_boost", "fallback_seconds", "reserve", "target_wait_seconds"]
    static let tenureKeys = ["learning_after_days", "experienced_after_days"]

    mutating func tier(_ node: Node, path: String) -> TierDefinition? {
        typealias T = TierDefinition
        guard let fields = reader.fields(node, path: path, allowed: Self.tierKeys) else { return nil }
        func p(_ key: String) -> String { "\(path).\(key)" }
        let name = reader.value(fields, "name", required: true).flatMap { reader.identifier($0, path: p("name"), what: "tier name") }
        var tier = TierDefinition(name: name ?? "")
        // Agents and groups are checked against the roster once everything is decoded.
        let agentsNode = reader.value(fields, "agents")
        let groupsNode = reader.value(fields, "groups")
        if let agentsNode { tier.agents = nameList(agentsNode, path: p("agents"), what: "agent id") }
        if let groupsNode { tier.groups = nameList(groupsNode, path: p("groups"), what: "group name") }
        func isEmptyList(_ node: Node?) -> Bool {
            guard let node else { return true }
            if case .sequence(let list) = node { return list.isEmpty }
            return false
        }
        if agentsNode == nil, groupsNode == nil {
            reader.report(.missingKey, at: node, path: path, "a tier needs \"agents\" or \"groups\" (whom it is dedicated to)")
        } else if isEmptyList(agentsNode), isEmptyList(groupsNode) {
            let key = agentsNode != nil ? "agents" : "groups"
            reader.report(.invalidValue, at: agentsNode ?? groupsNode, path: p(key), "a tier needs at least one agent or group dedicated to it")
        }
        if let n = reader.value(fields, "priority_boost"), let v = reader.int(n, path: p("priority_boost"), range: T.priorityBoostRange) {
            tier.priorityBoost = v
        }
        if let n = reader.value(fields, "fallback_seconds"), let v = reader.double(n, path: p("fallback_seconds"), range: T.fallbackSecondsRange) {
            tier.fallbackSeconds = v
        }
        // The upper bound (the agents dedicated to the tier) needs the roster: checked by the validator.
        if let n = reader.value(fields, "reserve"), let v = reader.int(n, path: p("reserve"), range: Int.min...Int.max) {
            if v < 0 {
                reader.report(.outOfRange, at: n, path: p("reserve"), "\(v) is out of range (expected 0 to the number of agents dedicated to the tier)")
            } else {
                tier.reserve = v
            }
        }
        if let n = reader.value(fields, "target_wait_seconds"),
           let v = reader.double(n, path: p("target_wait_seconds"), range: T.targetWaitSecondsRange) {
            tier.targetWaitSeconds = v
        }
        return name == nil ? nil : tier
    }

    mutating func tenure(_ node: Node, path: String) -> TenureSettings {
        var tenure = TenureSettings()
        guard let fields = reader.fields(node, path: path, allowed: Self.tenureKeys) else { return tenure }
        let learningNode = reader.value(fields, "learning_after_days")
        let experiencedNode = reader.value(fields, "experienced_after_days")
        let learning = learningNode.flatMap { reader.int($0, path: "\(path).learning_after_days", range: TenureSettings.daysRange) }
        let experienced = experiencedNode.flatMap { reader.int($0, path: "\(path).experienced_after_days", range: TenureSettings.daysRange) }
        // Compared only when both values (given or default) are good, so one mistake is reported once.
        guard learningNode == nil || learning != nil, experiencedNode == nil || experienced != nil else { return tenure }
        if let learning { tenure.learningAfterDays = learning }
        if let experienced { tenure.experiencedAfterDays = experienced }
        guard tenure.experiencedAfterDays < tenure.learningAfterDays else { return tenure }
        if let experiencedNode {
            reader.report(.outOfRange, at: experiencedNode, path: "\(path).experienced_after_days",
                          "\(tenure.experiencedAfterDays) is out of range (expected learning_after_days (\(tenure.learningAfterDays)) to \(TenureSettings.daysRange.upperBound))")
        } else {
            reader.report(.outOfRange, at: learningNode, path: "\(path).learning_after_days",
                          "\(tenure.learningAfterDays) is out of range (expected 0 to experienced_after_days (\(tenure.experiencedAfterDays)))")
        }
        return tenure
    }

    /// A roster entry's `stage` or `start_date` (not both).
    mutating func stageAndStartDate(_ fields: YAMLReader.Fields, path: String, into agent: inout AgentDefinition) {
        let stageNode = reader.value(fields, "stage")
        if let stageNode, let v: AgentStage = reader.choice(stageNode, path: "\(path).stage", what: "stage") { agent.stage = v }
        guard let n = reader.value(fields, "start_date") else { return }
        if stageNode != nil {
            reader.report(.invalidValue, at: n, path: "\(path).start_date",
                          "an agent takes either \"stage\" or \"start_date\" (its stage then follows agents.tenure), not both")
            return
        }
        guard let text = reader.string(n, path: "\(path).start_date") else { return }
        guard let date = CalendarDate(iso: text) else {
            reader.report(.invalidValue, at: n, path: "\(path).start_date", "invalid date \"\(text)\" (expected a day written YYYY-MM-DD, e.g. 2026-09-01)")
            return
        }
        agent.startDate = date
    }
}
