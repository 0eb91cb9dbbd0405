import Logging
import OrderedCollections
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals

extension HubCore {
    // MARK: Events in

    /// An agent was assigned work: its strain counts it (demanding or not).
    mutating func strainAssigned(_ id: InteractionID, agent: AgentID) {
        let demanding = ledger.owners[id]?.demanding ?? false
        signals.strain.assigned(agent, interaction: id, demanding: demanding, at: Int64(context.wallMilliseconds), into: &signals.strainChanges)
    }

    /// An agent finished work (completed, or the customer left): the streak and load follow; a
    /// disposition of the demanding set makes it demanding after the fact; the queue's own wellbeing
    /// settings decide what this contact does to the streak.
    mutating func strainFinished(_ id: InteractionID, agent: AgentID, handled: Duration) {
        guard let owner = ledger.owners[id] else { return }
        signals.strain.finished(agent, interaction: id, demanding: owner.demanding, handledMs: Int64(ServerClock.milliseconds(handled)),
                                disposition: owner.disposition, settings: signals.wellbeing.byQueue[owner.queue],
                                at: Int64(context.wallMilliseconds), into: &signals.strainChanges)
    }

    /// An agent's chosen state changed (available, not ready with its reason, offline).
    mutating func strainStateChanged(_ agent: AgentID, _ state: AgentState) {
        if case .notReady(let reason) = state, reason == Self.recoveryReason {
            // Still in the pause the guard started: nothing to end early.
        } else {
            signals.recoveryUntil[agent] = nil
        }
        signals.strain.stateChanged(agent, to: state, at: Int64(context.wallMilliseconds), into: &signals.strainChanges)
    }

    static var dayMs: Int64 { 86_400_000 }

    /// Today's figures start again at midnight (UTC), before anything of the new day is counted.
    mutating func rollDay() {
        let wall = Int64(context.wallMilliseconds)
        guard wall >= signals.strain.dayStart + Self.dayMs else { return }
        signals.strain.startDay(at: wall - ((wall % Self.dayMs) + Self.dayMs) % Self.dayMs)
    }

    /// Agents whose stage comes from a start date move on to the next stage on the day `agents.tenure`
    /// says, at the first step after midnight (UTC), like a reload on that day would; an agent whose stage
    /// is written keeps it. Routing re-evaluates the agents that moved at once.
    mutating func rollStages() {
        guard let due = stageRollAtMs, Int64(context.wallMilliseconds) >= due else { return }
        let today = CalendarDate(epochMilliseconds: Int64(context.wallMilliseconds))
        stageRollAtMs = Self.midnightAfter(today)
        let tenure = configuration.agentSettings.tenure
        for definition in configuration.agents where definition.stage == nil && definition.startDate != nil {
            let id = AgentID(definition.id)
            let stage = definition.stage(on: today, tenure: tenure)
            guard var profile = router.profile(of: id), profile.stage != stage else { continue }
            profile.stage = stage
            if let refusal = perform(.setAgent(id, profile: profile), context.now) {
                logger.warning("stage of \(id) not moved to \(stage.rawValue): \(refusal)")
            } else {
                logger.info("agent \(id) is now \(stage.rawValue) (started \(definition.startDate!))")
            }
        }
    }

    /// The instant (wall-clock ms) the day after `day` starts, at midnight UTC.
    static func midnightAfter(_ day: CalendarDate) -> Int64 {
        Int64(day.daysSinceEpoch + 1) * dayMs
    }

    /// The not-ready reason of a recovery pause.
    static var recoveryReason: String { "recovery" }

    // MARK: Changes out

    /// Carries out what the strain tracker decided: a cool-down shields the agent from demanding work,
    /// a recovery pause sets it not ready (`recovery`) until its end, and strain raises or clears an
    /// `agent_strain` alert. Router commands may change agents' states again: the loop runs until
    /// nothing is left.
    mutating func applyStrainChanges() {
        var rounds = 0
        while !signals.strainChanges.isEmpty, rounds < 8 {
            rounds += 1
            var changes: [StrainChange] = []
            swap(&changes, &signals.strainChanges)
            for change in changes {
                switch change {
                case .coolDownStarted(let agent, _):
                    perform(.setShielded(agent, true), context.now)
                case .coolDownEnded(let agent):
                    perform(.setShielded(agent, false), context.now)
                case .recoveryPause(let agent, let until):
                    guard let state = router.workload(of: agent)?.state, state != .offline else { continue }
                    if perform(.setState(agent, .notReady(reason: Self.recoveryReason)), context.now) == nil {
                        signals.recoveryUntil[agent] = until
                        presence.dirty.append(agent)
                    }
                case .strain(let agent, let raised, let reasons, let figures):
                    if raised {
                        raiseStrainAlert(agent, reasons: reasons, figures: figures)
                    } else {
                        clearAlert(.agentStrain, subject: [("agentId", .string(agent.rawValue))])
                    }
                }
            }
        }
    }

    private mutating func raiseStrainAlert(_ agent: AgentID, reasons: [StrainReason], figures: StrainFigures) {
        let occupancy = figures.occupancyLastHour.map { JSONValue.number(($0 * 1000).rounded() / 1000) } ?? .null
        let subject: [(key: String, value: JSONValue)] = [
            ("agentId", .string(agent.rawValue)), ("reasons", .array(reasons.map { .string($0.rawValue) })),
            ("streak", .number(Double(figures.streak))), ("demandingLastHour", .number(Double(figures.demandingLastHour))),
            ("occupancyLastHour", occupancy), ("continuousBusyMinutes", .number(Double(figures.continuousBusyMs / 60_000))),
        ]
        let severity: WireAlertSeverity = reasons.count > 1 ? .critical : .warning
        let words = reasons.map { String($0.rawValue.map { $0 == "_" ? " " : $0 }) }.joined(separator: ", ")
        let message = "agent \(agent) is under strain: \(words)"
        // Raised already: pushed again under the same id with the reasons and figures of now.
        if let updated = alerts.update(.agentStrain, severity: severity, subject: subject, message: message) {
            pushAlert(updated.wire())
            return
        }
        raiseAlert(.agentStrain, severity, subject: subject, message: message)
    }

    // MARK: Time

    /// The earliest wall-clock instant the guard needs looking at: the tracker's timers, a recovery pause's end.
    var wellbeingDue: Int64? {
        // No timer for midnight: the day rolls at the first step after it (`rollDay`).
        var next = signals.strain.nextDue
        for until in signals.recoveryUntil.values where next.map({ until < $0 }) ?? true { next = until }
        return next
    }

    /// Rolls the tracker to now and ends recovery pauses that ran out (back to available, unless the
    /// agent chose otherwise meanwhile).
    mutating func wellbeingTick() {
        let wall = Int64(context.wallMilliseconds)
        signals.strain.advance(to: wall, into: &signals.strainChanges)
        for (agent, until) in signals.recoveryUntil where until <= wall {
            signals.recoveryUntil[agent] = nil
            guard let work = router.workload(of: agent), case .notReady(let reason) = work.state, reason == Self.recoveryReason else { continue }
            perform(.setState(agent, .available), context.now)
            presence.dirty.append(agent)
        }
        applyStrainChanges()
    }
}

extension AlertKind {
    /// An agent's work is wearing them down (`wellbeing`): a demanding streak, demanding load,
    /// occupancy above the ceiling, or long continuous busy time.
    static let agentStrain = AlertKind(rawValue: "agent_strain")
}
