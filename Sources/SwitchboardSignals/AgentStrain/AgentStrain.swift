public import SwitchboardRouter

/// Watches each agent's load, because agents are people: a stream of demanding contacts (angry
/// customers, complaints) wears them down, and a supervisor wants to know before it does. Events go in;
/// the changes the owner carries out come out (shield the agent, offer a pause, raise or clear an alert).
///
/// **Events.** `assigned` and `finished` follow each interaction an agent handles (finished: the agent
/// is done with it, wrap-up included, with its handle time and disposition); `stateChanged` follows the
/// agent's chosen state (the router's `AgentState`). An agent is *busy* while it holds work (assigned
/// and not finished), whatever the state it chose; *free* otherwise, and then available, not ready (for
/// a reason) or offline. Logged-in time is all time but free-and-offline time.
///
/// **Streak.** A contact is demanding when flagged so at `assigned` or `finished`, or when its
/// disposition is one of `demandingDispositions` (after the fact). Demanding contacts finished in a row
/// make the streak; a non-demanding one resets it. Every K in a row (counted from the last reset or the
/// last cool-down start) starts a cool-down: `coolDownStarted` until now + `coolDownMs` (one already
/// running is extended), then `recoveryPause` when configured, and the `streak` reason is raised. The
/// reason clears when a non-demanding contact ends or the cool-down ends (`coolDownEnded`, at its time,
/// from `advance`).
///
/// **Load.** Over the rolling hour (this minute and the 59 before it, in one-minute buckets): demanding
/// contacts finished (`demanding_load`: raised beyond the limit, cleared below it) and occupancy, busy /
/// logged-in time (`occupancy`: raised above the ceiling, cleared below ceiling − margin; no verdict on
/// less than `occupancyMinimumLoggedInMs` logged in, cleared when the hour holds no logged-in time).
/// `continuous_busy`: raised once the agent has worked for the limit without a break, cleared at its
/// next break. A run of continuous busy time starts with the first work after a break and goes on
/// through gaps shorter than `minimumBreakMs` (the seconds between one call and the next): a free spell
/// that long is a break (with 0, any free moment is). Load is judged at the agent's events, at each
/// minute boundary and when a run reaches the limit or a gap becomes a break (`advance`).
///
/// **Settings.** `finished` takes the settings in force for that contact (its queue's overrides), used
/// for what the contact itself decides: whether its disposition makes it demanding and whether it
/// completes a streak (K, the cool-down, the recovery pause). The load checks concern the agent across
/// queues, so they always use the tracker's own settings (an alert does not flap with the queue of the
/// last contact). `reconfigure` applies new settings at once: every agent's load is judged again;
/// running cool-downs keep their end.
///
/// **Today.** Figures per agent since the day start the caller gives (local midnight): handled,
/// demanding handled, longest streak, occupancy, average handle time, time in each not-ready reason
/// (`figures(of:at:)`). `startDay(at:)` resets them.
///
/// Pure and deterministic: instants are wall-clock milliseconds passed in (an instant earlier than one
/// already seen counts as the latest); changes come out in the order decided, agents in the order
/// first seen.
///
/// - Complexity: `assigned`, `finished`, `stateChanged`: O(1) amortized (the agent's interactions held
///   are few). `advance`: O(log n) per cool-down or run timer due, plus O(agents rolling) at a minute
///   boundary. `reconfigure`, `startDay`: O(agents). Memory: O(agents × minutes in an hour); agents idle
///   at a day start (offline, nothing in the hour, no strain) are forgotten then.
public struct AgentStrain: Sendable {
    public private(set) var settings: StrainSettings
    /// The start of today, as last given.
    public private(set) var dayStart: Int64

    var agents: [AgentLoad] = []
    private var freeSlots: [Int32] = []
    private var index: [AgentID: Int32] = [:]
    private var coolDowns = DeadlineWatch<AgentID>()
    /// When each working agent's run reaches the continuous-busy limit, or its gap becomes a break.
    private var runTimers = DeadlineWatch<AgentID>()
    /// The latest instant seen.
    private var clock: Int64 = .min
    /// The minute every rolling agent was last judged at.
    private var rolledMinute: Int64 = .min
    private var rollingAgents = 0

    /// - Parameters:
    ///   - settings: the limits.
    ///   - dayStart: the start of today (local midnight) for the daily figures.
    public init(settings: StrainSettings = StrainSettings(), dayStart: Int64 = 0) {
        self.settings = settings
        self.dayStart = dayStart
    }

    /// Agents held.
    public var count: Int { index.count }

    /// When to call `advance(to:)` next: the earliest cool-down end or run timer, or the next
    /// minute boundary while any agent's rolling hour can change its verdict; nil when nothing is due.
    public var nextDue: Int64? {
        var next = coolDowns.nextDue
        if let due = runTimers.nextDue, next.map({ due < $0 }) ?? true { next = due }
        if rollingAgents > 0 {
            let boundary = Minute.start(of: rolledMinute + 1)
            if next.map({ boundary < $0 }) ?? true { next = boundary }
        }
        return next
    }

    // MARK: Events

    /// `agent` took `interaction` on (answered it): busy from `now` if it was free.
    public mutating func assigned(
        _ agent: AgentID, interaction: InteractionID, demanding: Bool, at now: Int64, into changes: inout [StrainChange]
    ) {
        let (s, now, before) = begin(agent, at: now)
        agents[s].take(interaction, demanding: demanding, at: now)
        end(s, at: now, before: before, into: &changes)
    }

    /// `agent` is done with `interaction` (wrap-up included), after `handledMs` of handling.
    ///
    /// - Parameters:
    ///   - demanding: whether the contact is known to be demanding now (it also is when it was flagged
    ///     at `assigned`, or when `disposition` is a demanding one).
    ///   - settings: the settings in force for this contact (its queue's overrides), for its disposition
    ///     and its streak; nil for the tracker's own.
    public mutating func finished(
        _ agent: AgentID, interaction: InteractionID, demanding: Bool, handledMs: Int64, disposition: String?,
        settings contact: StrainSettings? = nil, at now: Int64, into changes: inout [StrainChange]
    ) {
        let (s, now, before) = begin(agent, at: now)
        let inForce = contact ?? settings
        let flagged = agents[s].release(interaction, at: now)
        let isDemanding = demanding || flagged || disposition.map { inForce.demandingDispositions.contains($0) } == true
        agents[s].handledToday += 1
        agents[s].handleTodayMs += max(0, handledMs)
        if isDemanding {
            agents[s].demandingHandledToday += 1
            agents[s].countDemanding(at: now)
            agents[s].streak += 1
            agents[s].longestStreakToday = max(agents[s].longestStreakToday, agents[s].streak)
            if inForce.streak > 0, agents[s].streak - agents[s].streakAtCoolDown >= inForce.streak {
                startCoolDown(s, inForce, at: now, into: &changes)
            }
        } else {
            agents[s].streak = 0
            agents[s].streakAtCoolDown = 0
            agents[s].reasons.set(.streak, false)
        }
        end(s, at: now, before: before, into: &changes)
    }

    /// `agent` chose `state` (or had it imposed: offline at logout, not ready after a missed offer).
    public mutating func stateChanged(_ agent: AgentID, to state: AgentState, at now: Int64, into changes: inout [StrainChange]) {
        let (s, now, before) = begin(agent, at: now)
        agents[s].state = state
        end(s, at: now, before: before, into: &changes)
    }

    /// Ends the cool-downs due, judges the runs that reached the continuous-busy limit or whose gap
    /// became a break and, at a minute boundary, rolls every agent's hour and judges it again. Call it
    /// at `nextDue`.
    public mutating func advance(to now: Int64, into changes: inout [StrainChange]) {
        let now = observe(now)
        for agent in coolDowns.popDue(now: now) {
            guard let slot = index[agent] else { continue }
            let (s, now, before) = begin(slot, at: now)
            agents[s].coolDownUntil = nil
            agents[s].reasons.set(.streak, false)
            changes.append(.coolDownEnded(agent))
            end(s, at: now, before: before, into: &changes)
        }
        for agent in runTimers.popDue(now: now) {
            guard let slot = index[agent] else { continue }
            touch(Int(slot), at: now, into: &changes)
        }
        let minute = Minute.bucket(now)
        if rollingAgents > 0, minute > rolledMinute {
            rolledMinute = minute
            for s in agents.indices where agents[s].rolling { touch(s, at: now, into: &changes) }
        }
    }

    // MARK: Settings and days

    /// Applies new settings at once: every agent's load is judged again (appending the changes), and a
    /// check turned off clears. Running cool-downs keep their end; the next streak uses the new K.
    ///
    /// - Complexity: O(agents).
    public mutating func reconfigure(_ settings: StrainSettings, at now: Int64, into changes: inout [StrainChange]) {
        self.settings = settings
        let now = observe(now)
        for s in agents.indices where agents[s].live { touch(s, at: now, into: &changes) }
    }

    /// Ends every cool-down at once and drops the `streak` reason (the guard was turned off), appending
    /// the changes.
    ///
    /// - Complexity: O(agents).
    public mutating func endCoolDowns(at now: Int64, into changes: inout [StrainChange]) {
        let now = observe(now)
        for s in agents.indices where agents[s].live && (agents[s].coolDownUntil != nil || agents[s].reasons.contains(.streak)) {
            let (s, now, before) = begin(Int32(s), at: now)
            if agents[s].coolDownUntil != nil {
                agents[s].coolDownUntil = nil
                coolDowns.unwatch(agents[s].id)
                changes.append(.coolDownEnded(agents[s].id))
            }
            agents[s].reasons.set(.streak, false)
            end(s, at: now, before: before, into: &changes)
        }
    }

    /// Starts a new day at `start` (local midnight; call it then, before any later event): the time up
    /// to `start` is credited to the day ending, then every agent's daily figures restart from zero.
    /// The streak runs on (a streak is broken by a non-demanding contact only). Agents idle then
    /// (offline, nothing in the rolling hour, no strain, no cool-down) are forgotten.
    ///
    /// - Complexity: O(agents).
    public mutating func startDay(at start: Int64) {
        let now = observe(start)
        dayStart = start
        for s in agents.indices where agents[s].live {
            agents[s].accrue(to: now)
            agents[s].roll(to: now)
            agents[s].settleRun(at: now, minimumBreakMs: settings.minimumBreakMs)
            agents[s].startDay()
            if agents[s].isIdle { release(s) }
        }
    }

    /// Forgets `agent` (it left the roster), appending the end of its cool-down and the clearing of its
    /// strain when it had them.
    public mutating func forget(_ agent: AgentID, at now: Int64, into changes: inout [StrainChange]) {
        guard let slot = index[agent] else { return }
        let s = Int(slot)
        let now = observe(now)
        if agents[s].coolDownUntil != nil {
            coolDowns.unwatch(agent)
            changes.append(.coolDownEnded(agent))
        }
        if !agents[s].reasons.isEmpty {
            agents[s].accrue(to: now)
            agents[s].roll(to: now)
            changes.append(.strain(agent, raised: false, reasons: [], figures: agents[s].figures(at: now, dayStart: dayStart)))
        }
        release(s)
    }

    // MARK: Queries

    /// Where `agent` stands at `now` (its load now and today's figures); nil when it is not held.
    public func figures(of agent: AgentID, at now: Int64) -> StrainFigures? {
        guard let slot = index[agent] else { return nil }
        var load = agents[Int(slot)]
        let now = max(now, load.accruedThrough)
        load.accrue(to: now)
        load.roll(to: now)
        load.settleRun(at: now, minimumBreakMs: settings.minimumBreakMs)
        return load.figures(at: now, dayStart: dayStart)
    }

    /// Why `agent` is strained; empty when it is not.
    public func reasons(of agent: AgentID) -> [StrainReason] {
        index[agent].map { agents[Int($0)].reasons.list } ?? []
    }

    /// When `agent`'s cool-down ends; nil when none runs.
    public func coolDownUntil(of agent: AgentID) -> Int64? {
        index[agent].flatMap { agents[Int($0)].coolDownUntil }
    }

    // MARK: Internals

    /// Moves the clock to `now` (never back) and returns the instant to act at.
    private mutating func observe(_ now: Int64) -> Int64 {
        clock = max(clock, now)
        // With no agent rolling, every verdict is up to date whatever the minute.
        if rollingAgents == 0 { rolledMinute = Minute.bucket(clock) }
        return clock
    }

    /// Opens a step on `agent` (held from now on): time credited up to `now`, the hour rolled.
    private mutating func begin(_ agent: AgentID, at now: Int64) -> (Int, Int64, StrainReasons) {
        let now = observe(now)
        let slot: Int32
        if let known = index[agent] {
            slot = known
        } else {
            slot = allocate(AgentLoad(id: agent, at: now))
            index[agent] = slot
        }
        return begin(slot, at: now)
    }

    private mutating func begin(_ slot: Int32, at now: Int64) -> (Int, Int64, StrainReasons) {
        let s = Int(slot)
        agents[s].accrue(to: now)
        agents[s].roll(to: now)
        agents[s].settleRun(at: now, minimumBreakMs: settings.minimumBreakMs)
        return (s, now, agents[s].reasons)
    }

    /// A step with no event: credit, roll, judge.
    private mutating func touch(_ s: Int, at now: Int64, into changes: inout [StrainChange]) {
        let (s, now, before) = begin(Int32(s), at: now)
        end(s, at: now, before: before, into: &changes)
    }

    /// Closes a step: judges the load, keeps the timers and the rolling count right, and appends a strain
    /// change when the reasons changed since `before`.
    private mutating func end(_ s: Int, at now: Int64, before: StrainReasons, into changes: inout [StrainChange]) {
        agents[s].settleRun(at: now, minimumBreakMs: settings.minimumBreakMs)
        judgeLoad(s, at: now)
        let agent = agents[s].id
        if let due = runDue(s) {
            if runTimers.due(of: agent) != due { runTimers.watch(agent, due: due) }
        } else {
            runTimers.unwatch(agent)
        }
        let rolling = (settings.judgesOccupancy && (agents[s].isLoggedIn || !agents[s].buckets.isEmpty))
            || agents[s].reasons.contains(.demandingLoad) || agents[s].reasons.contains(.occupancy)
        if rolling != agents[s].rolling {
            agents[s].rolling = rolling
            rollingAgents += rolling ? 1 : -1
        }
        let reasons = agents[s].reasons
        guard reasons != before else { return }
        changes.append(.strain(agent, raised: !reasons.isEmpty, reasons: reasons.list, figures: agents[s].figures(at: now, dayStart: dayStart)))
    }

    /// Judges the agent's load (credited and rolled to `now`) with hysteresis.
    private mutating func judgeLoad(_ s: Int, at now: Int64) {
        let load = agents[s]
        var reasons = load.reasons

        let limit = settings.demandingPerHourLimit
        if limit == 0 {
            reasons.set(.demandingLoad, false)
        } else if reasons.contains(.demandingLoad) ? load.demanding < limit : load.demanding > limit {
            reasons.set(.demandingLoad, !reasons.contains(.demandingLoad))
        }

        if !settings.judgesOccupancy || load.loggedInMs == 0 {
            reasons.set(.occupancy, false)
        } else if load.loggedInMs >= settings.occupancyMinimumLoggedInMs {
            let occupancy = Double(load.busyMs) / Double(load.loggedInMs)
            if reasons.contains(.occupancy) {
                if occupancy < settings.occupancyCeiling - settings.occupancyClearMargin { reasons.set(.occupancy, false) }
            } else if occupancy > settings.occupancyCeiling {
                reasons.set(.occupancy, true)
            }
        }

        let busyLimit = settings.continuousBusyLimitMs
        reasons.set(.continuousBusy, busyLimit > 0 && load.runStart != nil && load.continuousBusyMs(at: now) >= busyLimit)

        agents[s].reasons = reasons
    }

    /// When the agent's run needs judging next: when it reaches the limit (not raised yet), or when its
    /// gap becomes a break (ending it); nil while continuous busy time is not judged or no run goes on.
    private func runDue(_ s: Int) -> Int64? {
        let limit = settings.continuousBusyLimitMs
        guard limit > 0, let start = agents[s].runStart else { return nil }
        var due = agents[s].reasons.contains(.continuousBusy) ? nil : start + limit
        if let free = agents[s].freeSince {
            let breakEnds = free + settings.minimumBreakMs
            if due.map({ breakEnds < $0 }) ?? true { due = breakEnds }
        }
        return due
    }

    /// K demanding contacts in a row: cool-down, recovery pause, and the `streak` reason.
    private mutating func startCoolDown(_ s: Int, _ inForce: StrainSettings, at now: Int64, into changes: inout [StrainChange]) {
        let agent = agents[s].id
        agents[s].streakAtCoolDown = agents[s].streak
        agents[s].reasons.set(.streak, true)
        if inForce.coolDownMs > 0 {
            let until = max(now + inForce.coolDownMs, agents[s].coolDownUntil ?? .min)
            agents[s].coolDownUntil = until
            coolDowns.watch(agent, due: until)
            changes.append(.coolDownStarted(agent, until: until))
        }
        if inForce.recoveryPauseMs > 0 {
            changes.append(.recoveryPause(agent, until: now + inForce.recoveryPauseMs))
        }
    }

    private mutating func allocate(_ load: AgentLoad) -> Int32 {
        SlotAllocation.allocate(load, in: &agents, reusing: &freeSlots)
    }

    private mutating func release(_ s: Int) {
        let agent = agents[s].id
        runTimers.unwatch(agent)
        coolDowns.unwatch(agent)
        if agents[s].rolling { rollingAgents -= 1 }
        index.removeValue(forKey: agent)
        agents[s] = .free
        freeSlots.append(Int32(s))
    }

    // MARK: For tests

    /// Slots in use or free (never more than the agents held at once).
    var slotCount: Int { agents.count }

    /// Buckets kept for `agent`.
    func bucketCount(of agent: AgentID) -> Int { index[agent].map { agents[Int($0)].buckets.count } ?? 0 }

    /// Heap entries of the timers, stale ones included.
    var timerEntries: Int { coolDowns.heapCount + runTimers.heapCount }
}
