import Logging
import OrderedCollections
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals
public import SwitchboardStore

extension HubCore {
    // MARK: Arrival

    /// A new contact joins its customer's memory (across channels). A repeat gets the queue's
    /// priority boost and is offered first to the customer's last agent, when that agent is in the
    /// roster and the request names no preferred agent of its own; the router waits for that agent
    /// only while it could take the contact (presence- and capacity-aware).
    mutating func rememberArrival(_ request: EnqueueRequest, routed: inout InteractionRequest) -> CustomerContext? {
        guard signals.rules.memoryEnabled, let customer = request.customerId else { return nil }
        let policy = signals.rules.repeatPolicy(for: routed.queue)
        let context = signals.memory.arrive(
            customer: customer, interaction: routed.id, channel: routed.channel, queue: routed.queue,
            topic: signals.rules.topic(request.attributes), at: Int64(self.context.wallMilliseconds),
            rule: RepeatRule(contacts: policy.contacts, sameTopicContacts: policy.sameTopicContacts))
        guard context.isRepeat else { return context }
        routed.priority = min(QueueDefinition.priorityRange.upperBound, routed.priority + policy.priorityBoost)
        if policy.lastAgent, routed.preferredAgent == nil, let last = context.lastAgent, router.workload(of: last)?.inRoster == true {
            routed.preferredAgent = last
            routed.preferredAgentFallback = .milliseconds(Int64((policy.lastAgentWaitSeconds * 1000).rounded()))
            routed.preferredAgentPresence = policy.waitForNotReady ? .loggedIn : .available
        }
        return context
    }

    /// The enqueue was refused after its contact was remembered: the contact never happened.
    mutating func forgetArrival(_ customer: String?, _ id: InteractionID) {
        guard signals.rules.memoryEnabled, let customer else { return }
        signals.memory.withdraw(customer: customer, interaction: id)
    }

    /// What watching a newly routed interaction involves: surge counts, and while it is still open
    /// (it may have ended at once) a repeat alert and a complaint deadline.
    mutating func watchArrival(_ id: InteractionID, _ request: EnqueueRequest, queue: QueueID, customer context: CustomerContext?) {
        let wall = Int64(self.context.wallMilliseconds)
        let open = ledger.owners[id] != nil
        if open, let context, let reason = context.reason, let customer = request.customerId {
            let policy = signals.rules.repeatPolicy(for: queue)
            if policy.alert { raiseRepeatAlert(customer, id, queue: queue, channel: request.channel, context: context, reason: reason, policy: policy) }
        }
        if signals.rules.surgeEnabled {
            signals.surgeChanges.removeAll(keepingCapacity: true)
            // Memory read the topic already when it took the contact.
            if let topic = context.map({ $0.topic }) ?? signals.rules.topic(request.attributes) {
                signals.surges.record(.topic(topic), at: wall, into: &signals.surgeChanges)
            }
            if signals.rules.surgePerQueue {
                signals.surges.record(.queue(queue), at: wall, into: &signals.surgeChanges)
            }
            applySurgeChanges()
        }
        if open, let deadline = signals.rules.complaintDeadline(queue: queue, attributes: request.attributes) {
            signals.complaints.watch(id, due: wall + deadline)
        }
    }

    private mutating func raiseRepeatAlert(_ customer: String, _ id: InteractionID, queue: QueueID, channel: Channel,
                                           context: CustomerContext, reason: RepeatReason, policy: RepeatPolicy) {
        let hours = Double(signals.rules.memorySettings.windowMs) / 3_600_000
        let about = reason == .sameTopic ? ", \(context.sameTopicContacts) about \(context.topic ?? "the same topic")" : ""
        let severity: WireAlertSeverity = policy.contacts > 0 && context.contacts >= 2 * policy.contacts ? .critical : .warning
        signals.repeatAlerts.insert(customer)
        raiseAlert(.repeatContact, severity, subject: [
            ("customerId", .string(customer)), ("interactionId", .string(id.rawValue)), ("contacts", .number(Double(context.contacts))),
            ("reason", .string(reason.rawValue)), ("topic", context.topic.map(JSONValue.string) ?? .null),
            ("queue", .string(queue.rawValue)), ("channel", .string(channel.rawValue)),
        ], message: "customer \(customer) contacted us \(context.contacts) times in \(Self.hoursText(hours))\(about)")
    }

    // MARK: Routing events

    /// An interaction was answered: memory learns its agent; a complaint stops waiting; the queue's
    /// service level counts it.
    mutating func signalAssigned(_ id: InteractionID, agent: AgentID, waited: Duration) {
        guard let owner = ledger.owners[id] else { return }
        let wall = Int64(context.wallMilliseconds)
        if let customer = owner.customerId, signals.rules.memoryEnabled {
            signals.memory.assigned(customer: customer, interaction: id, agent: agent, at: wall)
        }
        stopComplaintWatch(id)
        countServiceLevel(owner.queue, answered: true, waited: waited)
    }

    /// A waiting customer hung up: the queue's service level counts it (after the threshold only).
    mutating func signalAbandoned(_ id: InteractionID, waited: Duration) {
        guard let owner = ledger.owners[id] else { return }
        countServiceLevel(owner.queue, answered: false, waited: waited)
    }

    /// Counts an answer or an abandon in the queue's rolling service level and raises or clears its alert.
    private mutating func countServiceLevel(_ queue: QueueID, answered: Bool, waited: Duration) {
        guard signals.rules.serviceLevelEnabled else { return }
        let wall = Int64(context.wallMilliseconds)
        let waitedMs = Int64(ServerClock.milliseconds(waited))
        let thresholdMs = signals.rules.thresholdMs[queue] ?? 20_000
        signals.levelChanges.removeAll(keepingCapacity: true)
        if answered {
            signals.serviceLevels.answered(queue, waitedMs: waitedMs, thresholdMs: thresholdMs, at: wall, into: &signals.levelChanges)
        } else {
            signals.serviceLevels.abandoned(queue, waitedMs: waitedMs, thresholdMs: thresholdMs, at: wall, into: &signals.levelChanges)
        }
        applyLevelChanges()
        settleRestoredLevelAlert(queue, at: wall)
    }

    /// An interaction ended (before `finish` forgets its owner): memory keeps its outcome; its
    /// complaint alert clears; the customer's repeat alert clears once nothing of theirs is open.
    mutating func signalFinished(_ id: InteractionID) {
        guard let owner = ledger.owners[id] else { return }
        stopComplaintWatch(id)
        guard let customer = owner.customerId, signals.rules.memoryEnabled else { return }
        let wall = Int64(context.wallMilliseconds)
        signals.memory.finished(customer: customer, interaction: id, disposition: owner.disposition, at: wall)
        if signals.repeatAlerts.contains(customer), (signals.memory.summary(of: customer, at: wall)?.openInteractions ?? 0) == 0 {
            signals.repeatAlerts.remove(customer)
            clearAlert(.repeatContact, subject: [("customerId", .string(customer))])
        }
    }

    private mutating func stopComplaintWatch(_ id: InteractionID) {
        stopTierWatch(id)
        signals.complaints.unwatch(id)
        if signals.complaintAlerts.remove(id) != nil {
            clearAlert(.complaintWaiting, subject: [("interactionId", .string(id.rawValue))])
        }
    }

    // MARK: Time

    /// The earliest wall-clock instant a signal needs looking at: a complaint deadline, a surge or
    /// service-level window rolling, memory pruning.
    var signalsDue: Int64? {
        var next: Int64?
        func consider(_ instant: Int64?) {
            guard let instant else { return }
            if next.map({ instant < $0 }) ?? true { next = instant }
        }
        consider(signals.complaints.nextDue)
        consider(signals.vipDeadlines.nextDue)
        consider(signals.surges.nextBoundary)
        consider(signals.serviceLevels.nextBoundary)
        if !signals.memory.isEmpty { consider(signals.nextPrune) }
        consider(wellbeingDue)
        return next
    }

    /// Complaints past their deadline raise alerts; windows roll (surges and service levels clear
    /// as they subside); memory forgets customers gone quiet for the whole window.
    mutating func signalsTick() {
        let wall = Int64(context.wallMilliseconds)
        for id in signals.complaints.popDue(now: wall) {
            // Answered meanwhile (its watch is dropped then), or gone: no alert.
            guard let owner = ledger.owners[id], let snapshot = router.interaction(id) else { continue }
            if case .active = snapshot.status { continue }
            let waitedSeconds = Int(max(0, wall - owner.enqueuedAtMs) / 1000)
            var subject: [(key: String, value: JSONValue)] = [
                ("interactionId", .string(id.rawValue)), ("queue", .string(owner.queue.rawValue)), ("waitedSeconds", .number(Double(waitedSeconds))),
            ]
            if let customer = owner.customerId { subject.append(("customerId", .string(customer))) }
            signals.complaintAlerts.insert(id)
            raiseAlert(.complaintWaiting, .critical, subject: subject,
                       message: "complaint \(id) has waited \(waitedSeconds) s in \(owner.queue) without an answer")
        }
        signals.surgeChanges.removeAll(keepingCapacity: true)
        signals.surges.advance(to: wall, into: &signals.surgeChanges)
        applySurgeChanges()
        signals.levelChanges.removeAll(keepingCapacity: true)
        signals.serviceLevels.advance(to: wall, into: &signals.levelChanges)
        applyLevelChanges()
        if wall >= signals.nextPrune {
            signals.memory.prune(now: wall)
            signals.nextPrune = wall + Self.pruneInterval
        }
        wellbeingTick()
        tiersTick()
    }

    /// Memory is pruned at most this often (ms): a customer past the window is forgotten within a minute.
    static var pruneInterval: Int64 { 60_000 }

    // MARK: Reload

    /// A reload's thresholds apply to the next decision; a signal turned off clears its alerts.
    mutating func reconfigureSignals(_ configuration: SwitchboardConfiguration) {
        let wall = Int64(context.wallMilliseconds)
        let rules = SignalRules(configuration)
        signals.rules = rules
        signals.wellbeing = WellbeingRules(configuration)
        signals.tiers = TierRules(configuration)
        signals.strain.reconfigure(signals.wellbeing.settings, at: wall, into: &signals.strainChanges)
        // Turned off, the guard shields nobody any more (running cool-downs end, their strain clears).
        if !signals.wellbeing.enabled { signals.strain.endCoolDowns(at: wall, into: &signals.strainChanges) }
        if rules.memoryEnabled {
            signals.memory.reconfigure(rules.memorySettings, now: wall)
        } else {
            signals.memory.removeAll()
            for alert in alerts.raised(.repeatContact) { clearAlert(alert.kind, subject: alert.subject) }
            signals.repeatAlerts.removeAll()
        }
        signals.surgeChanges.removeAll(keepingCapacity: true)
        signals.surges.reconfigure(rules.surgeSettings, into: &signals.surgeChanges)
        applySurgeChanges()
        if !rules.surgeEnabled {
            for alert in alerts.raised(.topicSurge) { clearAlert(alert.kind, subject: alert.subject) }
        }
        signals.levelChanges.removeAll(keepingCapacity: true)
        signals.serviceLevels.reconfigure(rules.serviceLevelSettings, into: &signals.levelChanges)
        applyLevelChanges()
        if !rules.serviceLevelEnabled {
            for alert in alerts.raised(.serviceLevel) { clearAlert(alert.kind, subject: alert.subject) }
            signals.restoredLevelAlerts.removeAll()
        }
    }

    // MARK: Alerts from signals

    mutating func applySurgeChanges() {
        guard !signals.surgeChanges.isEmpty else { return }
        let minutes = Int(signals.rules.surgeSettings.windowMs / 60_000)
        for change in signals.surgeChanges {
            let identity: (key: String, value: JSONValue)
            let what: String
            switch change.key {
            case .topic(let topic):
                identity = ("topic", .string(topic))
                what = "about \(topic)"
            case .queue(let queue):
                identity = ("queue", .string(queue.rawValue))
                what = "in queue \(queue)"
            }
            guard change.raised else {
                clearAlert(.topicSurge, subject: [identity])
                continue
            }
            let expected = (change.expected * 10).rounded() / 10
            let severity: WireAlertSeverity = Double(change.count) >= 2 * change.threshold ? .critical : .warning
            raiseAlert(.topicSurge, severity, subject: [
                identity, ("count", .number(Double(change.count))), ("expected", .number(expected)),
                ("threshold", .number((change.threshold * 10).rounded() / 10)), ("windowMinutes", .number(Double(minutes))),
            ], message: "\(change.count) contacts \(what) in \(minutes) min (usually \(Self.decimal(expected)))")
        }
        signals.surgeChanges.removeAll(keepingCapacity: true)
    }

    mutating func applyLevelChanges() {
        guard !signals.levelChanges.isEmpty else { return }
        let minutes = Int(signals.rules.serviceLevelSettings.windowMs / 60_000)
        for change in signals.levelChanges {
            let identity: (key: String, value: JSONValue) = ("queue", .string(change.queue.rawValue))
            guard change.raised, let level = change.level else {
                clearAlert(.serviceLevel, subject: [identity])
                continue
            }
            let severity: WireAlertSeverity = level < change.target / 2 ? .critical : .warning
            raiseAlert(.serviceLevel, severity, subject: [
                identity, ("level", .number((level * 1000).rounded() / 1000)), ("target", .number(change.target)),
                ("contacts", .number(Double(change.contacts))), ("windowMinutes", .number(Double(minutes))),
            ], message: "service level of \(change.queue) is \(Int((level * 100).rounded())) % over \(minutes) min (target \(Int((change.target * 100).rounded())) %)")
        }
        signals.levelChanges.removeAll(keepingCapacity: true)
    }

    /// A service-level alert raised before a restart has no window behind it: it clears once the new
    /// window has a verdict at or above target + margin.
    private mutating func settleRestoredLevelAlert(_ queue: QueueID, at wall: Int64) {
        guard !signals.restoredLevelAlerts.isEmpty, signals.restoredLevelAlerts.contains(queue) else { return }
        guard !signals.serviceLevels.isRaised(queue) else {
            signals.restoredLevelAlerts.remove(queue)  // the window judges it now
            return
        }
        let settings = signals.rules.serviceLevelSettings
        let (level, contacts) = signals.serviceLevels.level(queue, at: wall)
        guard let level, contacts >= settings.minContacts, level >= min(1, settings.target(for: queue) + settings.clearMargin) else { return }
        signals.restoredLevelAlerts.remove(queue)
        clearAlert(.serviceLevel, subject: [("queue", .string(queue.rawValue))])
    }

    static func hoursText(_ hours: Double) -> String {
        hours >= 1 && hours == hours.rounded() ? "\(Int(hours)) h" : "\(Int((hours * 60).rounded())) min"
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

// MARK: Recovery

/// What the store remembers for the signals after a restart: the customers' recent contacts (memory),
/// arrivals of the baseline period (usual rates for surges) and the alerts still raised.
public struct RecoveredSignals: Sendable {
    public var contacts: [CustomerContactRow]
    public var arrivals: [ArrivalRow]
    public var alerts: [AlertRow]

    public init(contacts: [CustomerContactRow] = [], arrivals: [ArrivalRow] = [], alerts: [AlertRow] = []) {
        self.contacts = contacts
        self.arrivals = arrivals
        self.alerts = alerts
    }
}

extension HubCore {
    /// Puts back the raised alerts (under their ids: never raised twice), rebuilds customer memory and
    /// learns the usual arrival rates, before any interaction is restored.
    mutating func restoreSignals(_ history: RecoveredSignals, summary: inout RecoverySummary) {
        let wall = Int64(context.wallMilliseconds)
        for row in history.alerts {
            guard let alert = Self.alert(row) else {
                logger.warning("a stored alert is unreadable; left as it is", metadata: ["sb.alert": "\(row.id)"])
                continue
            }
            alerts.restore(alert)
        }
        summary.alerts = alerts.raised.count
        if signals.rules.memoryEnabled, !history.contacts.isEmpty {
            let stored = history.contacts.map { row in
                StoredContact(customer: row.customerId, interaction: InteractionID(row.id), channel: Channel(rawValue: row.channel) ?? .voice,
                              queue: QueueID(row.queue), topic: row.topic, agent: row.agentId.map { AgentID($0) }, disposition: row.disposition,
                              enqueuedAt: row.enqueuedAt, answeredAt: row.answeredAt, finishedAt: row.finishedAt)
            }
            let rebuilt = signals.memory.rebuild(from: stored)
            signals.memory.prune(now: wall)
            summary.customers = signals.memory.count
            logger.info("customer memory rebuilt", metadata: ["sb.contacts": "\(rebuilt.contacts)", "sb.customers": "\(signals.memory.count)"])
        }
        if signals.rules.surgeEnabled {
            for arrival in history.arrivals {
                if let topic = arrival.topic { signals.surges.learn(.topic(topic), at: arrival.enqueuedAt) }
                if signals.rules.surgePerQueue { signals.surges.learn(.queue(QueueID(arrival.queue)), at: arrival.enqueuedAt) }
            }
            signals.surges.endLearning(at: wall)
        }
    }

    /// After the interactions are back: alerts whose condition no longer holds clear (recorded and
    /// pushed like any clearing); surges that hold now and were not raised are raised.
    mutating func settleRestoredAlerts() {
        for alert in alerts.raised.values {
            let identity = alert.subject.first
            var holds = true
            switch alert.kind {
            case .complaintWaiting:
                if case .string(let id)? = identity?.value, let snapshot = router.interaction(InteractionID(id)) {
                    if case .active = snapshot.status { holds = false }
                } else {
                    holds = false
                }
            case .repeatContact:
                if case .string(let customer)? = identity?.value {
                    holds = (signals.memory.summary(of: customer, at: Int64(context.wallMilliseconds))?.openInteractions ?? 0) > 0
                }
            case .topicSurge:
                switch (identity?.key, identity?.value) {
                case ("topic", .string(let topic)?): holds = signals.rules.surgeEnabled && signals.surges.isRaised(.topic(topic))
                case ("queue", .string(let queue)?): holds = signals.rules.surgeEnabled && signals.surges.isRaised(.queue(QueueID(queue)))
                default: holds = false
                }
            case .serviceLevel:
                holds = signals.rules.serviceLevelEnabled  // judged again as the new window fills
            case .vipWaiting:
                // Holds while the interaction is back and not answered.
                if case .string(let id)? = identity?.value, let snapshot = router.interaction(InteractionID(id)) {
                    if case .active = snapshot.status { holds = false }
                } else {
                    holds = false
                }
            case .noDedicatedAgent:
                // Holds while the tier is configured and has unanswered work; cleared when a dedicated agent logs in.
                if case .string(let tier)? = identity?.value { holds = signals.unansweredByTier[tier] != nil }
            default:
                break
            }
            if !holds { clearAlert(alert.kind, subject: alert.subject) }
        }
        for alert in alerts.raised.values {
            guard case .string(let about)? = alert.subject.first?.value else { continue }
            switch alert.kind {
            case .complaintWaiting: signals.complaintAlerts.insert(InteractionID(about))
            case .vipWaiting: signals.vipAlerts.insert(InteractionID(about))
            case .noDedicatedAgent: signals.tiersWithoutAgent.insert(about)
            case .repeatContact: signals.repeatAlerts.insert(about)
            case .serviceLevel: signals.restoredLevelAlerts.insert(QueueID(about))
            default: break
            }
        }
        if signals.rules.surgeEnabled {
            signals.surgeChanges.removeAll(keepingCapacity: true)
            for key in signals.surges.raisedKeys {
                guard let status = signals.surges.status(of: key) else { continue }
                signals.surgeChanges.append(SurgeChange(key: key, raised: true, count: status.count, expected: status.expected, threshold: status.threshold))
            }
            applySurgeChanges()
        }
    }

    /// What the offer of a restored interaction shows of its customer.
    func rememberedContext(_ customer: String, _ id: InteractionID, rule policy: RepeatPolicy) -> CustomerContext? {
        guard signals.rules.memoryEnabled else { return nil }
        return signals.memory.context(of: customer, interaction: id, rule: RepeatRule(contacts: policy.contacts, sameTopicContacts: policy.sameTopicContacts))
    }
}
