import Yams

/// `wellbeing:` and the keys a queue's `wellbeing` may override.
extension ConfigDecoder {
    static let wellbeingKeys = ["enabled", "demanding", "streak", "cool_down_minutes", "recovery_pause_minutes", "demanding_per_hour",
                                "continuous_busy_minutes", "occupancy_ceiling"]
    static let demandingKeys = ["queues", "attributes", "dispositions"]
    /// Every key but `demanding`: what makes work demanding is one rule for the whole floor.
    static let wellbeingOverrideKeys = wellbeingKeys.filter { $0 != "demanding" }

    mutating func wellbeing(_ node: Node, path: String) -> WellbeingSettings {
        var wellbeing = WellbeingSettings()
        guard let fields = reader.fields(node, path: path, allowed: Self.wellbeingKeys) else { return wellbeing }
        if let n = reader.value(fields, "demanding") { wellbeing.demanding = demandingRules(n, path: "\(path).demanding") }
        if let v = wellbeingValues(fields, path: path) { wellbeing = v.applied(to: wellbeing) }
        return wellbeing
    }

    /// A queue's `wellbeing`: the keys present (any subset); `nil` when `node` is not a mapping.
    mutating func wellbeingOverride(_ node: Node, path: String) -> WellbeingOverride? {
        guard let fields = reader.fields(node, path: path, allowed: Self.wellbeingKeys) else { return nil }
        if let entry = fields.entries["demanding"] {
            reader.report(.invalidValue, at: entry.key, path: "\(path).demanding",
                          "a queue cannot change what is demanding; list the queue under wellbeing.demanding.queues to mark all its work demanding")
        }
        return wellbeingValues(fields, path: path)
    }

    /// Every key of `wellbeing` but `demanding`, as set in `fields`.
    private mutating func wellbeingValues(_ fields: YAMLReader.Fields, path: String) -> WellbeingOverride? {
        typealias S = WellbeingSettings
        func p(_ key: String) -> String { "\(path).\(key)" }
        var values = WellbeingOverride()
        if let n = reader.value(fields, "enabled") { values.enabled = reader.bool(n, path: p("enabled")) }
        if let n = reader.value(fields, "streak") { values.streak = reader.int(n, path: p("streak"), range: S.streakRange) }
        if let n = reader.value(fields, "cool_down_minutes") {
            values.coolDownMinutes = reader.double(n, path: p("cool_down_minutes"), range: S.coolDownMinutesRange)
        }
        if let n = reader.value(fields, "recovery_pause_minutes") {
            values.recoveryPauseMinutes = reader.double(n, path: p("recovery_pause_minutes"), range: S.recoveryPauseMinutesRange)
        }
        if let n = reader.value(fields, "demanding_per_hour") {
            values.demandingPerHour = reader.int(n, path: p("demanding_per_hour"), range: S.demandingPerHourRange)
        }
        if let n = reader.value(fields, "continuous_busy_minutes") {
            values.continuousBusyMinutes = reader.double(n, path: p("continuous_busy_minutes"), range: S.continuousBusyMinutesRange)
        }
        if let n = reader.value(fields, "occupancy_ceiling") {
            values.occupancyCeiling = reader.double(n, path: p("occupancy_ceiling"), range: S.occupancyCeilingRange)
        }
        return values
    }

    private mutating func demandingRules(_ node: Node, path: String) -> DemandingRules {
        var rules = DemandingRules()
        guard let fields = reader.fields(node, path: path, allowed: Self.demandingKeys) else { return rules }
        // Queue names are checked against `queues:` once everything is decoded.
        if let n = reader.value(fields, "queues") { rules.queues = nameList(n, path: "\(path).queues", what: "queue name") }
        // `{}` marks no interaction demanding by its attributes.
        if let n = reader.value(fields, "attributes"), let v = attributeValues(n, path: "\(path).attributes") { rules.attributes = v }
        if let n = reader.value(fields, "dispositions") { rules.dispositions = dispositions(n, path: "\(path).dispositions") }
        return rules
    }

    /// Dispositions are free text, as agents send them when completing: non-empty, each once.
    private mutating func dispositions(_ node: Node, path: String) -> [String] {
        guard let nodes = reader.sequence(node, path: path) else { return [] }
        var result: [String] = []
        for (index, element) in nodes.enumerated() {
            let elementPath = "\(path)[\(index)]"
            guard let text = nonEmpty(element, path: elementPath) else { continue }
            if result.contains(text) {
                reader.report(.duplicateID, at: element, path: elementPath, "disposition \"\(text)\" is listed twice")
                continue
            }
            result.append(text)
        }
        return result
    }
}
