import SwitchboardHTTP
import SwitchboardRouter
import Yams

/// Turns a Yams node tree into a ``SwitchboardConfiguration``: structure, types and ranges.
/// Cross-references (skills, queues, agents, tokens) are checked afterwards by ``ConfigValidator``.
struct ConfigDecoder {
    var reader: YAMLReader
    /// Agent ids named by credentials that were dropped for another problem (a bad token), so the
    /// reference is still checked and reported in the same pass.
    private(set) var agentReferencesOfDroppedCredentials: [(id: String, path: String)] = []
    /// The highest repeat count a `repeat` may set: `customers.max_contacts_per_customer`, or the top of
    /// its range when that key is itself wrong (so one mistake is not reported twice). Decoded before queues.
    var repeatContactsLimit = CustomerSettings().maxContactsPerCustomer
    /// Where `identity_providers[].secret_env` looks its variable up.
    let environment: [String: String]

    init(file: String, environment: [String: String] = [:]) {
        reader = YAMLReader(file: file)
        self.environment = environment
    }

    static let rootKeys = ["server", "store", "reload", "routing", "channels", "customers", "alerts", "wellbeing", "skills", "queues",
                           "agents", "tiers", "credentials", "identity_providers"]

    mutating func decode(_ root: Node) -> SwitchboardConfiguration {
        var config = SwitchboardConfiguration()
        guard let fields = reader.fields(root, path: "", allowed: Self.rootKeys) else { return config }
        if let node = reader.value(fields, "server") { config.server = server(node, path: "server") }
        if let node = reader.value(fields, "store") { config.store = store(node, path: "store") }
        if let node = reader.value(fields, "reload") { config.reload = reload(node, path: "reload") }
        if let node = reader.value(fields, "routing") { config.routing = routing(node, path: "routing") }
        if let node = reader.value(fields, "channels") { config.channels = channelRules(node, path: "channels") }
        // Before queues: their `repeat` counts are bounded by `customers.max_contacts_per_customer`.
        if let node = reader.value(fields, "customers") { config.customers = customers(node, path: "customers") }
        if let node = reader.value(fields, "alerts") { config.alerts = alerts(node, path: "alerts") }
        if let node = reader.value(fields, "wellbeing") { config.wellbeing = wellbeing(node, path: "wellbeing") }
        if let node = reader.value(fields, "skills") { config.skills = list(node, path: "skills") { $0.skill($1, path: $2) } }
        if let node = reader.value(fields, "queues") { config.queues = list(node, path: "queues") { $0.queue($1, path: $2) } }
        if let node = reader.value(fields, "agents") { agents(node, into: &config) }
        if let node = reader.value(fields, "tiers") { config.tiers = list(node, path: "tiers") { $0.tier($1, path: $2) } }
        if let node = reader.value(fields, "credentials") {
            config.credentials = Credentials(entries: list(node, path: "credentials") { $0.credential($1, path: $2) })
        }
        if let node = reader.value(fields, "identity_providers") {
            config.identityProviders = identityProviders(node, path: "identity_providers")
        }
        return config
    }

    /// Decodes each list element, dropping the ones that had problems.
    mutating func list<T>(_ node: Node, path: String, _ element: (inout Self, Node, String) -> T?) -> [T] {
        guard let nodes = reader.sequence(node, path: path) else { return [] }
        var result: [T] = []
        var kept: [Int] = []
        for (index, node) in nodes.enumerated() {
            if let value = element(&self, node, "\(path)[\(index)]") {
                result.append(value)
                kept.append(index)
            }
        }
        reader.recordElementIndices(kept, of: path)
        return result
    }

    // MARK: server

    private mutating func server(_ node: Node, path: String) -> ServerSettings {
        var server = ServerSettings()
        guard let fields = reader.fields(node, path: path, allowed: ["listen", "tls", "limits", "web_root", "allowed_origins", "log_format"]) else { return server }
        if let listen = reader.value(fields, "listen"),
           let listenFields = reader.fields(listen, path: "\(path).listen", allowed: ["host", "port"]) {
            if let host = reader.value(listenFields, "host"), let text = reader.string(host, path: "\(path).listen.host") {
                if EffectiveSettings.isValidHost(text) {
                    server.host = text
                } else {
                    reader.report(.invalidValue, at: host, path: "\(path).listen.host", "invalid host \"\(text)\" (expected an IP address or host name)")
                }
            }
            if let port = reader.value(listenFields, "port"),
               let value = reader.int(port, path: "\(path).listen.port", range: ServerSettings.portRange) {
                server.port = value
            }
        }
        if let tls = reader.value(fields, "tls"),
           let tlsFields = reader.fields(tls, path: "\(path).tls", allowed: ["certificate", "key"]) {
            let certificate = reader.value(tlsFields, "certificate", required: true).flatMap { nonEmpty($0, path: "\(path).tls.certificate") }
            let key = reader.value(tlsFields, "key", required: true).flatMap { nonEmpty($0, path: "\(path).tls.key") }
            if let certificate, let key {
                server.tls = TLSSettings(certificatePath: certificate, privateKeyPath: key)
            }
        }
        if let limits = reader.value(fields, "limits") {
            server.limits = self.limits(limits, path: "\(path).limits")
        }
        if let webRoot = reader.value(fields, "web_root") {
            server.webRoot = nonEmpty(webRoot, path: "\(path).web_root")
        }
        if let origins = reader.value(fields, "allowed_origins"), let nodes = reader.sequence(origins, path: "\(path).allowed_origins") {
            for (index, node) in nodes.enumerated() {
                let itemPath = "\(path).allowed_origins[\(index)]"
                guard let text = reader.string(node, path: itemPath) else { continue }
                if Self.isOrigin(text) {
                    server.allowedOrigins.append(text)
                } else {
                    reader.report(.invalidValue, at: node, path: itemPath,
                                  "invalid origin \"\(text)\" (expected scheme://host[:port], \"*\" or \"null\")")
                }
            }
        }
        if let node = reader.value(fields, "log_format"), let text = reader.string(node, path: "\(path).log_format") {
            if let format = LogFormat(rawValue: text) {
                server.logFormat = format
            } else {
                reader.report(.invalidValue, at: node, path: "\(path).log_format", "invalid log format \"\(text)\" (expected text or json)")
            }
        }
        return server
    }

    /// An entry of `allowed_origins`: a browser origin (`scheme://host[:port]`), `*` or `null`, as the
    /// server's origin check reads them.
    static func isOrigin(_ text: String) -> Bool {
        text == "*" || text == "null" || WebOrigin(text) != nil
    }

    private mutating func limits(_ node: Node, path: String) -> ServerLimits {
        var limits = ServerLimits()
        let keys = ["max_message_bytes", "max_connections", "event_loop_threads", "hello_timeout_seconds",
                    "agent_reconnect_grace_seconds", "ping_interval_seconds", "presence_timeout_seconds",
                    "max_connections_per_source", "max_connections_per_supervisor", "messages_per_second", "message_burst",
                    "source_messages_per_second", "source_message_burst",
                    "reserved_connections", "max_unauthenticated_per_address", "first_request_timeout_seconds", "unauthenticated_output_bytes", "max_queued_output_bytes",
                    "failed_logins_before_lockout", "login_lockout_seconds"]
        guard let fields = reader.fields(node, path: path, allowed: keys) else { return limits }
        func p(_ key: String) -> String { "\(path).\(key)" }
        if let n = reader.value(fields, "max_message_bytes"), let v = reader.int(n, path: p("max_message_bytes"), range: 1024...16_777_216) {
            limits.maxMessageBytes = v
        }
        if let n = reader.value(fields, "max_connections"), let v = reader.int(n, path: p("max_connections"), range: 1...1_000_000) {
            limits.maxConnections = v
        }
        if let n = reader.value(fields, "event_loop_threads") {
            if n.scalar?.string == "auto" {
                limits.eventLoopThreads = nil
            } else if let v = reader.int(n, path: p("event_loop_threads"), range: 1...256) {
                limits.eventLoopThreads = v
            }
        }
        if let n = reader.value(fields, "hello_timeout_seconds"),
           let v = reader.double(n, path: p("hello_timeout_seconds"), exclusiveMinimum: true, maximum: 300) {
            limits.helloTimeoutSeconds = v
        }
        if let n = reader.value(fields, "agent_reconnect_grace_seconds"),
           let v = reader.double(n, path: p("agent_reconnect_grace_seconds"), maximum: 3600) {
            limits.agentReconnectGraceSeconds = v
        }
        if let n = reader.value(fields, "ping_interval_seconds"),
           let v = reader.double(n, path: p("ping_interval_seconds"), exclusiveMinimum: true, maximum: 300) {
            limits.pingIntervalSeconds = v
        }
        if let n = reader.value(fields, "presence_timeout_seconds"),
           let v = reader.double(n, path: p("presence_timeout_seconds"), exclusiveMinimum: true, maximum: 600) {
            limits.presenceTimeoutSeconds = v
            if v <= limits.pingIntervalSeconds {
                reader.report(.outOfRange, at: n, path: p("presence_timeout_seconds"),
                              "\(YAMLReader.format(v)) must be greater than ping_interval_seconds (\(YAMLReader.format(limits.pingIntervalSeconds))), or every client would count as gone between pings")
            }
        }
        if let n = reader.value(fields, "max_connections_per_source"),
           let v = reader.int(n, path: p("max_connections_per_source"), range: 1...100_000) {
            limits.maxConnectionsPerSource = v
        }
        if let n = reader.value(fields, "max_connections_per_supervisor"),
           let v = reader.int(n, path: p("max_connections_per_supervisor"), range: 1...100_000) {
            limits.maxConnectionsPerSupervisor = v
        }
        if let n = reader.value(fields, "messages_per_second"),
           let v = reader.double(n, path: p("messages_per_second"), exclusiveMinimum: true, maximum: 1_000_000) {
            limits.messagesPerSecond = v
        }
        if let n = reader.value(fields, "message_burst"), let v = reader.int(n, path: p("message_burst"), range: 1...10_000_000) {
            limits.messageBurst = v
        }
        if let n = reader.value(fields, "reserved_connections"), let v = reader.int(n, path: p("reserved_connections"), range: 0...1_000) {
            limits.reservedConnections = v
        }
        if let n = reader.value(fields, "max_unauthenticated_per_address"),
           let v = reader.int(n, path: p("max_unauthenticated_per_address"), range: 1...1_000_000) {
            limits.maxUnauthenticatedPerAddress = v
        }
        if let n = reader.value(fields, "first_request_timeout_seconds"),
           let v = reader.double(n, path: p("first_request_timeout_seconds"), exclusiveMinimum: true, maximum: 60) {
            limits.firstRequestTimeoutSeconds = v
        }
        if let n = reader.value(fields, "unauthenticated_output_bytes"),
           let v = reader.int(n, path: p("unauthenticated_output_bytes"), range: 4_096...16_777_216) {
            limits.unauthenticatedOutputBytes = v
        }
        if let n = reader.value(fields, "max_queued_output_bytes"),
           let v = reader.int(n, path: p("max_queued_output_bytes"), range: 1_048_576...68_719_476_736) {
            limits.maxQueuedOutputBytes = v
        }
        if let n = reader.value(fields, "source_messages_per_second"),
           let v = reader.double(n, path: p("source_messages_per_second"), exclusiveMinimum: true, maximum: 1_000_000) {
            limits.sourceMessagesPerSecond = v
        }
        if let n = reader.value(fields, "source_message_burst"), let v = reader.int(n, path: p("source_message_burst"), range: 1...10_000_000) {
            limits.sourceMessageBurst = v
        }
        if let n = reader.value(fields, "failed_logins_before_lockout"),
           let v = reader.int(n, path: p("failed_logins_before_lockout"), range: 1...1_000_000) {
            limits.failedLoginsBeforeLockout = v
        }
        if let n = reader.value(fields, "login_lockout_seconds"), let v = reader.double(n, path: p("login_lockout_seconds"), maximum: 86_400) {
            limits.loginLockoutSeconds = v
        }
        return limits
    }

    // MARK: store, reload, routing

    private mutating func store(_ node: Node, path: String) -> StoreSettings {
        var store = StoreSettings()
        guard let fields = reader.fields(node, path: path, allowed: ["path", "retention_days", "group_commit"]) else { return store }
        if let n = reader.value(fields, "path"), let v = nonEmpty(n, path: "\(path).path") { store.path = v }
        if let n = reader.value(fields, "retention_days"), let v = reader.int(n, path: "\(path).retention_days", range: 0...36_500) {
            store.retentionDays = v == 0 ? nil : v
        }
        if let n = reader.value(fields, "group_commit"),
           let group = reader.fields(n, path: "\(path).group_commit", allowed: ["max_batch", "max_delay_ms"]) {
            if let b = reader.value(group, "max_batch"), let v = reader.int(b, path: "\(path).group_commit.max_batch", range: 1...100_000) {
                store.groupCommit.maxBatch = v
            }
            if let d = reader.value(group, "max_delay_ms"), let v = reader.int(d, path: "\(path).group_commit.max_delay_ms", range: 0...10_000) {
                store.groupCommit.maxDelayMilliseconds = v
            }
        }
        return store
    }

    private mutating func reload(_ node: Node, path: String) -> ReloadSettings {
        var reload = ReloadSettings()
        guard let fields = reader.fields(node, path: path, allowed: ["watch_file", "debounce_ms", "removed_queues"]) else { return reload }
        if let n = reader.value(fields, "watch_file"), let v = reader.bool(n, path: "\(path).watch_file") { reload.watchFile = v }
        if let n = reader.value(fields, "debounce_ms"), let v = reader.int(n, path: "\(path).debounce_ms", range: 0...60_000) {
            reload.debounceMilliseconds = v
        }
        if let n = reader.value(fields, "removed_queues"), let entries = reader.entries(n, path: "\(path).removed_queues") {
            for (key, keyNode, value) in entries {
                let entryPath = "\(path).removed_queues.\(key)"
                guard YAMLReader.isIdentifier(key) else {
                    reader.report(.invalidValue, at: keyNode, path: entryPath, "invalid queue name \"\(key)\"")
                    continue
                }
                if let target = reader.identifier(value, path: entryPath, what: "queue name") {
                    reload.removedQueueTargets[key] = target
                }
            }
        }
        return reload
    }

    private mutating func routing(_ node: Node, path: String) -> RoutingSettings {
        var routing = RoutingSettings()
        let keys = ["random_seed", "reject_skip_seconds", "preferred_agent_fallback_seconds", "max_waiting"]
        guard let fields = reader.fields(node, path: path, allowed: keys) else { return routing }
        if let n = reader.value(fields, "random_seed"), let v = reader.int(n, path: "\(path).random_seed", range: 0...Int.max) {
            routing.randomSeed = UInt64(v)
        }
        if let n = reader.value(fields, "reject_skip_seconds"), let v = reader.double(n, path: "\(path).reject_skip_seconds", maximum: 3600) {
            routing.rejectSkipSeconds = v
        }
        if let n = reader.value(fields, "preferred_agent_fallback_seconds"),
           let v = reader.double(n, path: "\(path).preferred_agent_fallback_seconds", maximum: 3600) {
            routing.preferredAgentFallbackSeconds = v
        }
        if let n = reader.value(fields, "max_waiting"), let v = reader.int(n, path: "\(path).max_waiting", range: 1...100_000_000) {
            routing.maxWaiting = v
        }
        return routing
    }

    // MARK: channels, skills

    private mutating func channelRules(_ node: Node, path: String) -> ChannelRules {
        var rules = ChannelRules()
        guard let fields = reader.fields(node, path: path, allowed: ["capacity", "exclusive"]) else { return rules }
        if let n = reader.value(fields, "capacity") {
            for (channel, value) in capacityMap(n, path: "\(path).capacity") {
                rules.defaultCapacity[channel] = value
            }
        }
        if let n = reader.value(fields, "exclusive") {
            rules.exclusive = Set(channelList(n, path: "\(path).exclusive"))
        }
        return rules
    }

    private mutating func skill(_ node: Node, path: String) -> SkillDefinition? {
        // A bare name or {name, description}.
        if case .scalar = node {
            return reader.identifier(node, path: path, what: "skill name").map { SkillDefinition(name: $0) }
        }
        guard let fields = reader.fields(node, path: path, allowed: ["name", "description"]) else { return nil }
        let description = reader.value(fields, "description").flatMap { reader.string($0, path: "\(path).description") }
        guard let nameNode = reader.value(fields, "name", required: true),
              let name = reader.identifier(nameNode, path: "\(path).name", what: "skill name")
        else { return nil }
        return SkillDefinition(name: name, description: description)
    }

    // MARK: queues

    static let queueKeys = [
        "name", "description", "channels", "requirements", "priority", "strategy", "aging_points_per_second",
        "relaxation", "max_wait", "max_size", "wrap_up_seconds", "offer_timeout_seconds", "service_level_seconds",
        "parallel_offers", "preferred_agent_fallback_seconds", "repeat", "complaint", "complaint_deadline_seconds",
        "service_level_target", "minimum_stage", "new_agent_demanding_chats", "wellbeing",
    ]

    private mutating func queue(_ node: Node, path: String) -> QueueDefinition? {
        guard let fields = reader.fields(node, path: path, allowed: Self.queueKeys) else { return nil }
        func p(_ key: String) -> String { "\(path).\(key)" }
        let name = reader.value(fields, "name", required: true).flatMap { reader.identifier($0, path: p("name"), what: "queue name") }
        let channels = reader.value(fields, "channels", required: true).map { channelList($0, path: p("channels")) }
        if let channelsNode = fields.entries["channels"]?.value, channels?.isEmpty == true,
           case .sequence(let s) = channelsNode, s.isEmpty {
            reader.report(.invalidValue, at: channelsNode, path: p("channels"), "a queue needs at least one channel")
        }
        var queue = QueueDefinition(name: name ?? "", channels: channels ?? [])
        if let n = reader.value(fields, "description") { queue.description = reader.string(n, path: p("description")) }
        if let n = reader.value(fields, "requirements") { queue.requirements = skillLevels(n, path: p("requirements")) }
        if let n = reader.value(fields, "priority"), let v = reader.int(n, path: p("priority"), range: QueueDefinition.priorityRange) {
            queue.defaultPriority = v
        }
        if let n = reader.value(fields, "strategy"), let v: RoutingStrategy = reader.choice(n, path: p("strategy"), what: "strategy") {
            queue.strategy = v
        }
        if let n = reader.value(fields, "aging_points_per_second"),
           let v = reader.double(n, path: p("aging_points_per_second"), maximum: 100) {
            queue.agingPointsPerSecond = v
        }
        if let n = reader.value(fields, "relaxation") {
            // The file's seconds are kept beside each step, so the order check quotes them as written.
            let steps = list(n, path: p("relaxation")) { $0.relaxationStep($1, path: $2) }
            queue.relaxation = steps.map(\.step)
            for index in steps.indices.dropFirst() where steps[index].afterSeconds <= steps[index - 1].afterSeconds {
                let fileIndex = reader.sourceMap.sourceIndex(of: index, in: p("relaxation"))
                let stepPath = "\(p("relaxation"))[\(fileIndex)].after"
                reader.report(problem(.invalidValue, path: stepPath,
                                      "relaxation steps must be in ascending order of \"after\" (\(YAMLReader.format(steps[index].afterSeconds)) follows \(YAMLReader.format(steps[index - 1].afterSeconds)))"))
            }
        }
        if let n = reader.value(fields, "max_wait") { queue.maxWait = maxWait(n, path: p("max_wait")) }
        if let n = reader.value(fields, "max_size"), let v = reader.int(n, path: p("max_size"), range: 1...10_000_000) {
            queue.maxSize = v
        }
        if let n = reader.value(fields, "wrap_up_seconds"), let v = reader.double(n, path: p("wrap_up_seconds"), maximum: 3600) {
            queue.wrapUpSeconds = v
        }
        if let n = reader.value(fields, "offer_timeout_seconds"),
           let v = reader.double(n, path: p("offer_timeout_seconds"), minimum: QueueDefinition.offerTimeoutRange.lowerBound,
                                 maximum: QueueDefinition.offerTimeoutRange.upperBound) {
            queue.offerTimeoutSeconds = v
        }
        if let n = reader.value(fields, "service_level_seconds"),
           let v = reader.double(n, path: p("service_level_seconds"), exclusiveMinimum: true, maximum: 86_400) {
            queue.serviceLevelSeconds = v
        }
        if let n = reader.value(fields, "parallel_offers"),
           let v = reader.int(n, path: p("parallel_offers"), range: QueueDefinition.parallelOffersRange) {
            queue.parallelOffers = v
        }
        if let n = reader.value(fields, "preferred_agent_fallback_seconds"),
           let v = reader.double(n, path: p("preferred_agent_fallback_seconds"), maximum: 3600) {
            queue.preferredAgentFallbackSeconds = v
        }
        if let n = reader.value(fields, "repeat") { queue.repeatOverride = repeatOverride(n, path: p("repeat")) }
        if let n = reader.value(fields, "complaint"), let v = reader.bool(n, path: p("complaint")) { queue.complaint = v }
        if let n = reader.value(fields, "complaint_deadline_seconds"),
           let v = reader.double(n, path: p("complaint_deadline_seconds"), range: ComplaintSettings.deadlineSecondsRange) {
            queue.complaintDeadlineSeconds = v
        }
        if let n = reader.value(fields, "service_level_target"),
           let v = reader.double(n, path: p("service_level_target"), range: QueueDefinition.serviceLevelTargetRange) {
            queue.serviceLevelTarget = v
        }
        if let n = reader.value(fields, "minimum_stage"), let v: AgentStage = reader.choice(n, path: p("minimum_stage"), what: "stage") {
            queue.minimumStage = v
        }
        if let n = reader.value(fields, "new_agent_demanding_chats"),
           let v = reader.int(n, path: p("new_agent_demanding_chats"), range: QueueDefinition.newAgentDemandingChatsRange) {
            queue.newAgentDemandingChats = v
            if let channels, !channels.isEmpty, !channels.contains(.chat) {
                reader.report(.invalidValue, at: n, path: p("new_agent_demanding_chats"),
                              "only chats are counted, and this queue takes none (channels: \(channels.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        if let n = reader.value(fields, "wellbeing") { queue.wellbeingOverride = wellbeingOverride(n, path: p("wellbeing")) }
        return name == nil || channels == nil ? nil : queue
    }

    /// A relaxation step as the routing core runs it, with its `after` as written in the file.
    private mutating func relaxationStep(_ node: Node, path: String) -> (afterSeconds: Double, step: RelaxationStep)? {
        guard let fields = reader.fields(node, path: path, allowed: ["after", "lower_by", "skill", "drop"]) else { return nil }
        let after = reader.value(fields, "after", required: true)
            .flatMap { reader.double($0, path: "\(path).after", exclusiveMinimum: true, maximum: 86_400) }
        let lowerNode = reader.value(fields, "lower_by")
        let dropNode = reader.value(fields, "drop")
        let skillNode = reader.value(fields, "skill")
        switch (lowerNode, dropNode) {
        case (nil, nil):
            reader.report(.missingKey, at: node, path: path, "a relaxation step needs \"lower_by\" or \"drop\"")
            return nil
        case (.some, .some):
            reader.report(.invalidValue, at: dropNode, path: "\(path).drop", "a relaxation step takes either \"lower_by\" or \"drop\", not both")
            return nil
        case (.some(let lower), nil):
            let levels = reader.int(lower, path: "\(path).lower_by", range: 1...9)
            let skill = skillNode.flatMap { reader.identifier($0, path: "\(path).skill", what: "skill name") }
            if skillNode != nil, skill == nil { return nil }
            guard let after, let levels else { return nil }
            return (after, RelaxationStep(after: .seconds(after), lowerLevelsBy: levels, lowerSkill: skill))
        case (nil, .some(let drop)):
            if let skillNode {
                reader.report(.invalidValue, at: skillNode, path: "\(path).skill", "\"skill\" goes with \"lower_by\"; \"drop\" names its skill itself")
            }
            let skill = reader.identifier(drop, path: "\(path).drop", what: "skill name")
            guard let after, let skill else { return nil }
            return (after, RelaxationStep(after: .seconds(after), dropSkills: [skill]))
        }
    }

    private mutating func maxWait(_ node: Node, path: String) -> MaxWaitPolicy? {
        guard let fields = reader.fields(node, path: path, allowed: ["seconds", "overflow", "end"]) else { return nil }
        let seconds = reader.value(fields, "seconds", required: true)
            .flatMap { reader.double($0, path: "\(path).seconds", exclusiveMinimum: true, maximum: 7 * 86_400) }
        let overflow = reader.value(fields, "overflow")
        let end = reader.value(fields, "end")
        let action: MaxWaitAction?
        switch (overflow, end) {
        case (nil, nil):
            reader.report(.missingKey, at: node, path: path, "max_wait needs \"overflow: <queue>\" or \"end: <reason>\"")
            action = nil
        case (.some, .some):
            reader.report(.invalidValue, at: end, path: "\(path).end", "max_wait takes either \"overflow\" or \"end\", not both")
            action = nil
        case (.some(let target), nil):
            action = reader.identifier(target, path: "\(path).overflow", what: "queue name").map { .overflow(to: QueueID($0)) }
        case (nil, .some(let reason)):
            action = nonEmpty(reason, path: "\(path).end").map { .end(reason: $0) }
        }
        guard let seconds, let action else { return nil }
        return MaxWaitPolicy(seconds: seconds, action: action)
    }

    // MARK: agents

    /// `agents:` is the roster as a list, or a mapping of settings with the roster under `roster`.
    private mutating func agents(_ node: Node, into config: inout SwitchboardConfiguration) {
        if case .sequence = node {
            config.agents = list(node, path: "agents") { $0.agent($1, path: $2) }
            return
        }
        guard let fields = reader.fields(node, path: "agents", allowed: ["login_state", "tenure", "roster"]) else { return }
        if let n = reader.value(fields, "login_state"), let text = reader.string(n, path: "agents.login_state") {
            if let state = AgentSettings.LoginState(rawValue: text) {
                config.agentSettings.loginState = state
            } else {
                let allowed = AgentSettings.LoginState.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report(.invalidValue, at: n, path: "agents.login_state", "invalid login state \"\(text)\" (expected one of: \(allowed))")
            }
        }
        if let n = reader.value(fields, "tenure") { config.agentSettings.tenure = tenure(n, path: "agents.tenure") }
        if let n = reader.value(fields, "roster") {
            config.agents = list(n, path: "agents.roster") { $0.agent($1, path: $2) }
            reader.recordRosterPath("agents.roster")
        }
    }

    static let agentKeys = ["id", "name", "skills", "capacity", "total_capacity", "groups", "stage", "start_date"]

    private mutating func agent(_ node: Node, path: String) -> AgentDefinition? {
        guard let fields = reader.fields(node, path: path, allowed: Self.agentKeys) else { return nil }
        guard let idNode = reader.value(fields, "id", required: true),
              let id = reader.identifier(idNode, path: "\(path).id", what: "agent id")
        else { return nil }
        var agent = AgentDefinition(id: id, name: id)
        if let n = reader.value(fields, "name"), let v = nonEmpty(n, path: "\(path).name") { agent.name = v }
        if let n = reader.value(fields, "skills") { agent.skills = skillLevels(n, path: "\(path).skills") }
        if let n = reader.value(fields, "capacity") {
            agent.capacity = Dictionary(capacityMap(n, path: "\(path).capacity"), uniquingKeysWith: { $1 })
        }
        if let n = reader.value(fields, "total_capacity"), let v = reader.int(n, path: "\(path).total_capacity", range: 1...500) {
            agent.totalCapacity = v
        }
        if let n = reader.value(fields, "groups") { agent.groups = nameList(n, path: "\(path).groups", what: "group name") }
        stageAndStartDate(fields, path: path, into: &agent)
        return agent
    }

    // MARK: credentials

    private mutating func credential(_ node: Node, path: String) -> Credential? {
        guard let fields = reader.fields(node, path: path, allowed: ["role", "agent", "source", "name", "token"]) else { return nil }
        let role: Role? = reader.value(fields, "role", required: true).flatMap { reader.choice($0, path: "\(path).role", what: "role") }
        let hash = reader.value(fields, "token", required: true).flatMap { tokenHash($0, path: "\(path).token") }
        let name = reader.value(fields, "name").flatMap { nonEmpty($0, path: "\(path).name") }
        let agentNode = reader.value(fields, "agent")
        let sourceNode = reader.value(fields, "source")
        if let agentNode, role != .agent, role != nil {
            reader.report(.invalidValue, at: agentNode, path: "\(path).agent", "\"agent\" only applies to role agent")
        }
        if let sourceNode, role != .source, role != nil {
            reader.report(.invalidValue, at: sourceNode, path: "\(path).source", "\"source\" only applies to role source")
        }
        let principal: Principal?
        switch role {
        case nil:
            principal = nil
        case .agent:
            principal = reader.value(fields, "agent", required: true)
                .flatMap { reader.identifier($0, path: "\(path).agent", what: "agent id") }
                .map { .agent(id: $0) }
        case .source:
            principal = reader.value(fields, "source", required: true)
                .flatMap { reader.identifier($0, path: "\(path).source", what: "source name") }
                .map { .source(name: $0) }
        case .supervisor:
            principal = .supervisor(name: name)
        case .admin:
            principal = .admin(name: name)
        }
        guard let principal, let hash else {
            if case .agent(let id)? = principal {
                agentReferencesOfDroppedCredentials.append((id, "\(path).agent"))
            }
            return nil
        }
        return Credential(principal: principal, tokenHash: hash)
    }

    private mutating func tokenHash(_ node: Node, path: String) -> TokenHash? {
        guard let text = reader.string(node, path: path) else { return nil }
        guard text.hasPrefix(TokenHash.prefix) else {
            reader.report(.weakToken, at: node, path: path,
                          "plain tokens are refused; store the hash printed by `switchboard hash-token TOKEN` (sha256:<64 hex digits>)")
            return nil
        }
        guard let hash = TokenHash(text) else {
            let digits = text.count - TokenHash.prefix.count
            reader.report(.weakToken, at: node, path: path,
                          "malformed token hash: expected sha256: followed by 64 hex digits, got \(digits) characters")
            return nil
        }
        if hash.constantTimeEquals(TokenHasher.digest("")) {
            reader.report(.weakToken, at: node, path: path, "this is the hash of the empty token")
            return nil
        }
        return hash
    }

    // MARK: Shared shapes

    mutating func nonEmpty(_ node: Node, path: String) -> String? {
        guard let text = reader.string(node, path: path) else { return nil }
        guard !text.isEmpty else {
            reader.report(.invalidValue, at: node, path: path, "must not be empty")
            return nil
        }
        return text
    }

    /// A list of names (agent ids, groups, queues), each once; `what` names them in messages ("group name").
    mutating func nameList(_ node: Node, path: String, what: String) -> [String] {
        guard let nodes = reader.sequence(node, path: path) else { return [] }
        var result: [String] = []
        var kept: [Int] = []
        for (index, element) in nodes.enumerated() {
            let elementPath = "\(path)[\(index)]"
            guard let name = reader.identifier(element, path: elementPath, what: what) else { continue }
            if result.contains(name) {
                reader.report(.duplicateID, at: element, path: elementPath, "\(what) \"\(name)\" is listed twice")
                continue
            }
            result.append(name)
            kept.append(index)
        }
        // So problems found after decoding point at the element in the file.
        reader.recordElementIndices(kept, of: path)
        return result
    }

    /// `{skill: level}` with levels 1–10.
    private mutating func skillLevels(_ node: Node, path: String) -> [String: Int] {
        guard let entries = reader.entries(node, path: path) else { return [:] }
        var result: [String: Int] = [:]
        for (key, keyNode, value) in entries {
            let entryPath = "\(path).\(key)"
            guard YAMLReader.isIdentifier(key) else {
                reader.report(.invalidValue, at: keyNode, path: entryPath, "invalid skill name \"\(key)\"")
                continue
            }
            if let level = reader.int(value, path: entryPath, range: SkillDefinition.levelRange) {
                result[key] = level
            }
        }
        return result
    }

    /// `{channel: capacity}` with capacities 0–50.
    private mutating func capacityMap(_ node: Node, path: String) -> [(Channel, Int)] {
        guard let entries = reader.entries(node, path: path) else { return [] }
        var result: [(Channel, Int)] = []
        for (key, keyNode, value) in entries {
            let entryPath = "\(path).\(key)"
            guard let channel = Channel(rawValue: key) else {
                reader.report(.unknownKey, at: keyNode, path: entryPath, unknownChannel(key))
                continue
            }
            if let capacity = reader.int(value, path: entryPath, range: ChannelRules.capacityRange) {
                result.append((channel, capacity))
            }
        }
        return result
    }

    private mutating func channelList(_ node: Node, path: String) -> [Channel] {
        // A single channel may be written without brackets.
        let nodes: [Node]
        if case .scalar = node {
            nodes = [node]
        } else {
            guard let list = reader.sequence(node, path: path) else { return [] }
            nodes = list
        }
        var result: [Channel] = []
        for (index, element) in nodes.enumerated() {
            let elementPath = "\(path)[\(index)]"
            guard let text = reader.string(element, path: elementPath) else { continue }
            guard let channel = Channel(rawValue: text) else {
                reader.report(.invalidValue, at: element, path: elementPath, unknownChannel(text))
                continue
            }
            if result.contains(channel) {
                reader.report(.duplicateID, at: element, path: elementPath, "channel \"\(text)\" is listed twice")
                continue
            }
            result.append(channel)
        }
        return result
    }

    private func unknownChannel(_ text: String) -> String {
        "unknown channel \"\(text)\" (expected one of \(Channel.allCases.map(\.rawValue).joined(separator: ", ")))"
    }

    private func problem(_ kind: ConfigProblem.Kind, path: String, _ message: String) -> ConfigProblem {
        let location = reader.sourceMap[path]
        return ConfigProblem(kind: kind, file: reader.file, line: location?.line, column: location?.column, path: path, message: message)
    }
}
