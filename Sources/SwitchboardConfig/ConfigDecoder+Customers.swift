import Yams

/// `customers:` and the `repeat` keys it shares with queues.
extension ConfigDecoder {
    static let customerKeys = ["memory", "window_hours", "max_customers", "max_contacts_per_customer", "topic_attribute", "repeat"]
    static let repeatKeys = ["contacts", "same_topic_contacts", "priority_boost", "last_agent", "last_agent_wait_seconds",
                             "wait_for_not_ready", "alert"]

    mutating func customers(_ node: Node, path: String) -> CustomerSettings {
        var customers = CustomerSettings()
        guard let fields = reader.fields(node, path: path, allowed: Self.customerKeys) else { return customers }
        func p(_ key: String) -> String { "\(path).\(key)" }
        if let n = reader.value(fields, "memory"), let v = reader.bool(n, path: p("memory")) { customers.memory = v }
        if let n = reader.value(fields, "window_hours"),
           let v = reader.double(n, path: p("window_hours"), range: CustomerSettings.windowHoursRange) {
            customers.windowHours = v
        }
        if let n = reader.value(fields, "max_customers"),
           let v = reader.int(n, path: p("max_customers"), range: CustomerSettings.maxCustomersRange) {
            customers.maxCustomers = v
        }
        if let n = reader.value(fields, "max_contacts_per_customer") {
            if let v = reader.int(n, path: p("max_contacts_per_customer"), range: CustomerSettings.maxContactsPerCustomerRange) {
                customers.maxContactsPerCustomer = v
                repeatContactsLimit = v
            } else {
                repeatContactsLimit = CustomerSettings.maxContactsPerCustomerRange.upperBound
            }
        }
        if let n = reader.value(fields, "topic_attribute"), let v = attributeName(n, path: p("topic_attribute")) {
            customers.topicAttribute = v
        }
        if let n = reader.value(fields, "repeat"), let v = repeatOverride(n, path: p("repeat")) {
            customers.repeatPolicy = v.applied(to: customers.repeatPolicy)
        }
        return customers
    }

    /// The `repeat` keys present (any subset); `nil` when `node` is not a mapping.
    mutating func repeatOverride(_ node: Node, path: String) -> RepeatPolicyOverride? {
        guard let fields = reader.fields(node, path: path, allowed: Self.repeatKeys) else { return nil }
        func p(_ key: String) -> String { "\(path).\(key)" }
        var policy = RepeatPolicyOverride()
        if let n = reader.value(fields, "contacts") { policy.contacts = repeatCount(n, path: p("contacts")) }
        if let n = reader.value(fields, "same_topic_contacts") { policy.sameTopicContacts = repeatCount(n, path: p("same_topic_contacts")) }
        if let n = reader.value(fields, "priority_boost") {
            policy.priorityBoost = reader.int(n, path: p("priority_boost"), range: RepeatPolicy.priorityBoostRange)
        }
        if let n = reader.value(fields, "last_agent") { policy.lastAgent = reader.bool(n, path: p("last_agent")) }
        if let n = reader.value(fields, "last_agent_wait_seconds") {
            policy.lastAgentWaitSeconds = reader.double(n, path: p("last_agent_wait_seconds"), range: RepeatPolicy.lastAgentWaitSecondsRange)
        }
        if let n = reader.value(fields, "wait_for_not_ready") { policy.waitForNotReady = reader.bool(n, path: p("wait_for_not_ready")) }
        if let n = reader.value(fields, "alert") { policy.alert = reader.bool(n, path: p("alert")) }
        return policy
    }

    /// 0 (off) or 2 up to `customers.max_contacts_per_customer`: a customer's first contact is never a
    /// repeat, and memory holds no more contacts than that to count.
    private mutating func repeatCount(_ node: Node, path: String) -> Int? {
        guard let value = reader.int(node, path: path, range: Int.min...Int.max) else { return nil }
        guard value == 0 || (2...repeatContactsLimit).contains(value) else {
            reader.report(.outOfRange, at: node, path: path,
                          "\(value) is out of range (expected 0 to turn it off, or 2 to \(repeatContactsLimit) = customers.max_contacts_per_customer)")
            return nil
        }
        return value
    }

    /// The name of an interaction attribute: non-empty, and a key an interaction can carry (at most 128
    /// bytes, no control characters), or it could never match.
    mutating func attributeName(_ node: Node, path: String) -> String? {
        guard let text = nonEmpty(node, path: path) else { return nil }
        return checkAttributeName(text, at: node, path: path) ? text : nil
    }

    /// `{attribute: value}`: names an interaction can carry, values non-empty text; `nil` when not a mapping.
    mutating func attributeValues(_ node: Node, path: String) -> [String: String]? {
        guard let entries = reader.entries(node, path: path) else { return nil }
        var attributes: [String: String] = [:]
        for (key, keyNode, value) in entries {
            let entryPath = "\(path).\(key)"
            guard checkAttributeName(key, at: keyNode, path: entryPath) else { continue }
            if let text = nonEmpty(value, path: entryPath) { attributes[key] = text }
        }
        return attributes
    }

    mutating func checkAttributeName(_ text: String, at node: Node, path: String) -> Bool {
        if text.utf8.count > Self.maxAttributeNameBytes {
            reader.report(.invalidValue, at: node, path: path,
                          "attribute name longer than \(Self.maxAttributeNameBytes) bytes (no interaction can carry it)")
            return false
        }
        if text.unicodeScalars.contains(where: Self.isControl) {
            reader.report(.invalidValue, at: node, path: path, "control characters are not allowed in an attribute name")
            return false
        }
        return true
    }

    /// The longest attribute key an interaction may carry (the protocol's limit).
    static let maxAttributeNameBytes = 128

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
