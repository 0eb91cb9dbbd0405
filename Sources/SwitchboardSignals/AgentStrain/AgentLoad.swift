import DequeModule
import SwitchboardRouter

/// One agent's record in `AgentStrain`: the work it holds, its time split into busy, available, not
/// ready and offline, credited to one-minute buckets of the rolling hour as time passes, its streak,
/// and today's counters.
///
/// Time is credited lazily: `accrue(to:)` splits the span since the last credit over the minutes it
/// crossed (only the last hour's are kept), in the mode the agent was in all along, since a mode only
/// changes at an event, which accrues first.
///
/// Bounded: at most `windowMinutes` buckets (offline minutes take none), `maxOpenWork` interactions,
/// `maxNotReadyReasons` (+1) not-ready reasons a day.
struct AgentLoad: Sendable {
    struct Bucket: Sendable {
        var minute: Int64
        var busyMs: Int32 = 0
        var loggedInMs: Int32 = 0
        var demanding: Int32 = 0
    }

    struct Work: Sendable {
        var interaction: InteractionID
        var demanding: Bool
    }

    /// The rolling hour: this minute and the 59 before it.
    static let windowMinutes: Int64 = 60
    /// Interactions held at once; beyond, the oldest is dropped (a finish the caller never reported).
    static let maxOpenWork = 64
    /// Not-ready reasons counted apart each day; time in further reasons is counted under `otherReason`.
    static let maxNotReadyReasons = 16
    static let otherReason = "other"

    var id: AgentID
    var live = true
    var state: AgentState = .offline
    /// The interactions held, oldest first.
    var work: [Work] = []
    /// When the run of continuous busy time began: the first work after the last break; nil on a break.
    var runStart: Int64?
    /// Since when the agent is free within a run (a gap that becomes a break once long enough).
    var freeSince: Int64?
    /// Time up to here is credited.
    var accruedThrough: Int64

    /// The minutes of the rolling hour with logged-in time or demanding contacts, oldest first.
    var buckets: Deque<Bucket> = []
    /// Their sums.
    var busyMs: Int64 = 0
    var loggedInMs: Int64 = 0
    var demanding = 0

    /// Demanding contacts in a row.
    var streak = 0
    /// `streak` when the last cool-down started (0 since the last non-demanding contact): the next one
    /// starts K contacts later.
    var streakAtCoolDown = 0
    var coolDownUntil: Int64?
    var reasons = StrainReasons()
    /// `AgentStrain` rolls and judges it at each minute.
    var rolling = false

    var handledToday = 0
    var demandingHandledToday = 0
    var longestStreakToday = 0
    var handleTodayMs: Int64 = 0
    var busyTodayMs: Int64 = 0
    var loggedInTodayMs: Int64 = 0
    var notReadyTodayMs: [(reason: String, ms: Int64)] = []

    init(id: AgentID, at now: Int64) {
        self.id = id
        accruedThrough = now
    }

    static let free: AgentLoad = {
        var load = AgentLoad(id: "", at: 0)
        load.live = false
        return load
    }()

    var isBusy: Bool { !work.isEmpty }

    var isLoggedIn: Bool { isBusy || state != .offline }

    /// Nothing to remember past today: offline, free, nothing in the hour, no strain, no cool-down, no
    /// streak going.
    var isIdle: Bool { !isLoggedIn && buckets.isEmpty && reasons.isEmpty && coolDownUntil == nil && streak == 0 && runStart == nil }

    // MARK: Time

    /// Credits the time since the last credit up to `now`, in the agent's current mode.
    mutating func accrue(to now: Int64) {
        let from = accruedThrough
        guard now > from else { return }
        accruedThrough = now
        let span = now - from
        let busy = isBusy
        if busy {
            busyTodayMs += span
        } else {
            switch state {
            case .offline: return
            case .available: break
            case .notReady(let reason): addNotReady(reason, span)
            }
        }
        loggedInTodayMs += span
        let last = Minute.bucket(now - 1)
        var minute = max(Minute.bucket(from), Minute.bucket(now) - Self.windowMinutes + 1)
        while minute <= last {
            let ms = min(now, Minute.start(of: minute + 1)) - max(from, Minute.start(of: minute))
            let i = bucketIndex(minute)
            buckets[i].loggedInMs += Int32(ms)
            loggedInMs += ms
            if busy {
                buckets[i].busyMs += Int32(ms)
                busyMs += ms
            }
            minute += 1
        }
    }

    /// Drops the minutes that left the rolling hour at `now`.
    mutating func roll(to now: Int64) {
        let oldest = Minute.bucket(now) - Self.windowMinutes
        while let first = buckets.first, first.minute <= oldest {
            busyMs -= Int64(first.busyMs)
            loggedInMs -= Int64(first.loggedInMs)
            demanding -= Int(first.demanding)
            buckets.removeFirst()
        }
    }

    /// Counts a demanding contact finished at `now` (credited up to `now` already).
    mutating func countDemanding(at now: Int64) {
        buckets[bucketIndex(Minute.bucket(now))].demanding += 1
        demanding += 1
    }

    /// The bucket of `minute`, appended when new (minutes only ever come in order).
    private mutating func bucketIndex(_ minute: Int64) -> Int {
        if buckets.last?.minute != minute { buckets.append(Bucket(minute: minute)) }
        return buckets.count - 1
    }

    private mutating func addNotReady(_ reason: String, _ ms: Int64) {
        if let i = notReadyTodayMs.firstIndex(where: { $0.reason == reason }) {
            notReadyTodayMs[i].ms += ms
        } else if notReadyTodayMs.count < Self.maxNotReadyReasons {
            notReadyTodayMs.append((reason, ms))
        } else if let i = notReadyTodayMs.firstIndex(where: { $0.reason == Self.otherReason }) {
            notReadyTodayMs[i].ms += ms
        } else {
            notReadyTodayMs.append((Self.otherReason, ms))
        }
    }

    // MARK: Work

    /// Takes `interaction` on; one already held only gains the demanding mark. Work after a break
    /// starts a run of continuous busy time; work in a gap goes on with the run.
    mutating func take(_ interaction: InteractionID, demanding: Bool, at now: Int64) {
        if let i = work.firstIndex(where: { $0.interaction == interaction }) {
            work[i].demanding = work[i].demanding || demanding
            return
        }
        if work.count >= Self.maxOpenWork { work.removeFirst() }
        work.append(Work(interaction: interaction, demanding: demanding))
        if runStart == nil { runStart = now }
        freeSince = nil
    }

    /// Lets `interaction` go; returns whether it was held and marked demanding. The last one going
    /// opens a gap in the run.
    mutating func release(_ interaction: InteractionID, at now: Int64) -> Bool {
        guard let i = work.firstIndex(where: { $0.interaction == interaction }) else { return false }
        let demanding = work.remove(at: i).demanding
        if work.isEmpty, runStart != nil { freeSince = now }
        return demanding
    }

    /// Ends the run once its gap lasted `minimumBreakMs`: that was a break.
    mutating func settleRun(at now: Int64, minimumBreakMs: Int64) {
        guard let free = freeSince, now - free >= minimumBreakMs else { return }
        runStart = nil
        freeSince = nil
    }

    /// How long the agent has worked without a break at `now`.
    func continuousBusyMs(at now: Int64) -> Int64 { runStart.map { max(0, now - $0) } ?? 0 }

    // MARK: Day

    mutating func startDay() {
        handledToday = 0
        demandingHandledToday = 0
        longestStreakToday = 0
        handleTodayMs = 0
        busyTodayMs = 0
        loggedInTodayMs = 0
        notReadyTodayMs.removeAll()
    }

    func figures(at now: Int64, dayStart: Int64) -> StrainFigures {
        StrainFigures(
            agent: id, at: now, streak: streak, demandingLastHour: demanding, busyLastHourMs: busyMs, loggedInLastHourMs: loggedInMs,
            continuousBusyMs: continuousBusyMs(at: now), coolDownUntil: coolDownUntil, dayStart: dayStart,
            handledToday: handledToday, demandingHandledToday: demandingHandledToday, longestStreakToday: longestStreakToday,
            handleTodayMs: handleTodayMs, busyTodayMs: busyTodayMs, loggedInTodayMs: loggedInTodayMs,
            notReadyTodayMs: Dictionary(notReadyTodayMs.lazy.map { ($0.reason, $0.ms) }, uniquingKeysWith: +)
        )
    }
}
