import Yams

/// `alerts:`.
extension ConfigDecoder {
    static let alertKeys = ["topic_surge", "complaints", "service_level"]
    static let topicSurgeKeys = ["enabled", "window_minutes", "floor", "multiple", "clear_ratio", "baseline_half_life_hours",
                                 "baseline_days", "max_topics", "per_queue"]
    static let complaintKeys = ["attributes", "deadline_seconds"]
    static let serviceLevelAlertKeys = ["enabled", "window_minutes", "min_contacts", "clear_margin"]

    mutating func alerts(_ node: Node, path: String) -> AlertSettings {
        var alerts = AlertSettings()
        guard let fields = reader.fields(node, path: path, allowed: Self.alertKeys) else { return alerts }
        if let n = reader.value(fields, "topic_surge") { alerts.topicSurge = topicSurge(n, path: "\(path).topic_surge") }
        if let n = reader.value(fields, "complaints") { alerts.complaints = complaints(n, path: "\(path).complaints") }
        if let n = reader.value(fields, "service_level") { alerts.serviceLevel = serviceLevelAlert(n, path: "\(path).service_level") }
        return alerts
    }

    private mutating func topicSurge(_ node: Node, path: String) -> TopicSurgeSettings {
        typealias S = TopicSurgeSettings
        var surge = S()
        guard let fields = reader.fields(node, path: path, allowed: Self.topicSurgeKeys) else { return surge }
        func p(_ key: String) -> String { "\(path).\(key)" }
        if let n = reader.value(fields, "enabled"), let v = reader.bool(n, path: p("enabled")) { surge.enabled = v }
        if let n = reader.value(fields, "window_minutes"), let v = reader.int(n, path: p("window_minutes"), range: S.windowMinutesRange) {
            surge.windowMinutes = v
        }
        if let n = reader.value(fields, "floor"), let v = reader.int(n, path: p("floor"), range: S.floorRange) { surge.floor = v }
        if let n = reader.value(fields, "multiple"), let v = reader.double(n, path: p("multiple"), range: S.multipleRange) {
            surge.multiple = v
        }
        if let n = reader.value(fields, "clear_ratio"), let v = reader.double(n, path: p("clear_ratio"), range: S.clearRatioRange) {
            surge.clearRatio = v
        }
        if let n = reader.value(fields, "baseline_half_life_hours"),
           let v = reader.double(n, path: p("baseline_half_life_hours"), range: S.baselineHalfLifeHoursRange) {
            surge.baselineHalfLifeHours = v
        }
        if let n = reader.value(fields, "baseline_days"), let v = reader.int(n, path: p("baseline_days"), range: S.baselineDaysRange) {
            surge.baselineDays = v
        }
        if let n = reader.value(fields, "max_topics"), let v = reader.int(n, path: p("max_topics"), range: S.maxTopicsRange) {
            surge.maxTopics = v
        }
        if let n = reader.value(fields, "per_queue"), let v = reader.bool(n, path: p("per_queue")) { surge.perQueue = v }
        return surge
    }

    private mutating func complaints(_ node: Node, path: String) -> ComplaintSettings {
        var complaints = ComplaintSettings()
        guard let fields = reader.fields(node, path: path, allowed: Self.complaintKeys) else { return complaints }
        // `{}` marks no interaction a complaint by its attributes (queues still may, with `complaint: true`).
        if let n = reader.value(fields, "attributes"), let v = attributeValues(n, path: "\(path).attributes") { complaints.attributes = v }
        if let n = reader.value(fields, "deadline_seconds"),
           let v = reader.double(n, path: "\(path).deadline_seconds", range: ComplaintSettings.deadlineSecondsRange) {
            complaints.deadlineSeconds = v
        }
        return complaints
    }

    private mutating func serviceLevelAlert(_ node: Node, path: String) -> ServiceLevelAlertSettings {
        typealias S = ServiceLevelAlertSettings
        var level = S()
        guard let fields = reader.fields(node, path: path, allowed: Self.serviceLevelAlertKeys) else { return level }
        func p(_ key: String) -> String { "\(path).\(key)" }
        if let n = reader.value(fields, "enabled"), let v = reader.bool(n, path: p("enabled")) { level.enabled = v }
        if let n = reader.value(fields, "window_minutes"), let v = reader.int(n, path: p("window_minutes"), range: S.windowMinutesRange) {
            level.windowMinutes = v
        }
        if let n = reader.value(fields, "min_contacts"), let v = reader.int(n, path: p("min_contacts"), range: S.minContactsRange) {
            level.minContacts = v
        }
        if let n = reader.value(fields, "clear_margin"), let v = reader.double(n, path: p("clear_margin"), range: S.clearMarginRange) {
            level.clearMargin = v
        }
        return level
    }
}
