import SwitchboardRouter
@testable import SwitchboardSignals
import Testing

@Suite struct AgentStrainTests {
    static let minute: Int64 = 60_000
    static let alice: AgentID = "alice"

    /// Only what a test is about: streaks, with the load checks off unless asked for.
    private static func settings(
        streak: Int = 3, coolDownMinutes: Int64 = 15, recoveryPauseMinutes: Int64 = 0, occupancyCeiling: Double = 1,
        demandingPerHour: Int = 0, continuousBusyMinutes: Int64 = 0, minimumBreakMinutes: Int64 = 5,
        dispositions: Set<String> = ["escalated"]
    ) -> StrainSettings {
        StrainSettings(
            streak: streak, coolDownMs: coolDownMinutes * minute, recoveryPauseMs: recoveryPauseMinutes * minute,
            occupancyCeiling: occupancyCeiling, demandingPerHourLimit: demandingPerHour,
            continuousBusyLimitMs: continuousBusyMinutes * minute, minimumBreakMs: minimumBreakMinutes * minute,
            demandingDispositions: dispositions
        )
    }

    /// A floor of agents driven in virtual time, keeping every change in order.
    private struct Floor {
        var strain: AgentStrain
        var changes: [StrainChange] = []
        var serial = 0

        init(_ settings: StrainSettings) { strain = AgentStrain(settings: settings) }

        mutating func state(_ state: AgentState, at minute: Int64, agent: AgentID = alice) {
            strain.stateChanged(agent, to: state, at: minute * AgentStrainTests.minute, into: &changes)
        }

        /// One contact of `agent` from `from` to `to` (minutes), through time in between.
        mutating func contact(
            _ kind: Contact, from: Int64, to: Int64, agent: AgentID = alice, settings: StrainSettings? = nil
        ) {
            serial += 1
            let id = InteractionID("i\(serial)")
            run(to: from)
            strain.assigned(agent, interaction: id, demanding: kind == .flaggedAtAssignment, at: from * AgentStrainTests.minute, into: &changes)
            run(to: to)
            strain.finished(
                agent, interaction: id, demanding: kind == .demanding, handledMs: (to - from) * AgentStrainTests.minute,
                disposition: kind == .escalated ? "escalated" : "resolved", settings: settings, at: to * AgentStrainTests.minute, into: &changes)
        }

        /// Advances through every instant due up to minute `m` (and to `m` itself).
        mutating func run(to m: Int64) { run(toMs: m * AgentStrainTests.minute) }

        mutating func run(toMs end: Int64) {
            while let due = strain.nextDue, due <= end { strain.advance(to: due, into: &changes) }
            strain.advance(to: end, into: &changes)
        }

        /// The changes so far, in short, and forgets them.
        mutating func take() -> [String] {
            defer { changes.removeAll() }
            return changes.map(Self.describe)
        }

        static func describe(_ change: StrainChange) -> String {
            func at(_ ms: Int64) -> String { ms % AgentStrainTests.minute == 0 ? "\(ms / AgentStrainTests.minute)m" : "\(ms)ms" }
            switch change {
            case .coolDownStarted(let agent, let until): return "\(agent) cool-down until \(at(until))"
            case .coolDownEnded(let agent): return "\(agent) cool-down ended"
            case .recoveryPause(let agent, let until): return "\(agent) pause until \(at(until))"
            case .strain(let agent, let raised, let reasons, let figures):
                let list = reasons.map(\.rawValue).joined(separator: ",")
                return raised ? "\(agent) strained (\(list)) at \(at(figures.at))" : "\(agent) cleared at \(at(figures.at))"
            }
        }

        func figures(at m: Int64, agent: AgentID = alice) -> StrainFigures? { strain.figures(of: agent, at: m * AgentStrainTests.minute) }
    }

    enum Contact: Sendable, CustomStringConvertible {
        case demanding
        /// Flagged demanding at assignment only (its queue, say).
        case flaggedAtAssignment
        /// Not flagged, but its disposition is a demanding one.
        case escalated
        case calm

        var description: String {
            switch self {
            case .demanding: "D"
            case .flaggedAtAssignment: "A"
            case .escalated: "E"
            case .calm: "c"
            }
        }
    }

    // MARK: Streaks

    struct StreakRow: Sendable, CustomTestStringConvertible {
        var k: Int
        var contacts: [Contact]
        /// The contacts (1-based) whose end starts a cool-down.
        var coolDownsAfter: [Int]
        var streak: Int
        var longest: Int
        var testDescription: String { "K=\(k): \(contacts.map(\.description).joined())" }
    }

    @Test(arguments: [
        StreakRow(k: 3, contacts: [.demanding, .demanding, .demanding], coolDownsAfter: [3], streak: 3, longest: 3),
        StreakRow(k: 3, contacts: [.demanding, .demanding, .calm, .demanding, .demanding], coolDownsAfter: [], streak: 2, longest: 2),
        StreakRow(k: 3, contacts: [.demanding, .demanding, .calm, .demanding, .demanding, .demanding], coolDownsAfter: [6], streak: 3, longest: 3),
        // A disposition in the demanding set makes the contact demanding after the fact; so does a flag at assignment.
        StreakRow(k: 3, contacts: [.demanding, .escalated, .flaggedAtAssignment], coolDownsAfter: [3], streak: 3, longest: 3),
        StreakRow(k: 2, contacts: [.escalated, .calm, .escalated], coolDownsAfter: [], streak: 1, longest: 1),
        // Every K in a row, counted from the last cool-down start: a running one is extended.
        StreakRow(k: 2, contacts: [.demanding, .demanding, .demanding, .demanding, .demanding], coolDownsAfter: [2, 4], streak: 5, longest: 5),
        StreakRow(k: 1, contacts: [.calm, .demanding], coolDownsAfter: [2], streak: 1, longest: 1),
        StreakRow(k: 0, contacts: [.demanding, .demanding, .demanding, .demanding], coolDownsAfter: [], streak: 4, longest: 4),
    ])
    func everyKDemandingContactsInARowStartACoolDown(_ row: StreakRow) {
        var floor = Floor(Self.settings(streak: row.k, coolDownMinutes: 60))
        var started: [Int] = []
        for (n, kind) in row.contacts.enumerated() {
            // Contact n runs from 5n to 5n + 4 minutes.
            let from = Int64(n) * 5
            floor.contact(kind, from: from, to: from + 4)
            for change in floor.changes {
                if case .coolDownStarted(_, let until) = change {
                    started.append(n + 1)
                    // The cool-down runs from the end of the K-th contact.
                    #expect(until == (from + 4 + 60) * Self.minute)
                }
            }
            floor.changes.removeAll()
        }
        #expect(started == row.coolDownsAfter)
        let figures = floor.figures(at: 100)
        #expect(figures?.streak == row.streak && figures?.longestStreakToday == row.longest)
        #expect(floor.strain.reasons(of: Self.alice) == (row.coolDownsAfter.isEmpty ? [] : [.streak]))
    }

    @Test func aCoolDownEndsAtItsTimeAndClearsTheStreak() {
        var floor = Floor(Self.settings(streak: 3, coolDownMinutes: 15))
        floor.contact(.demanding, from: 0, to: 4)
        floor.contact(.demanding, from: 5, to: 9)
        #expect(floor.take().isEmpty)
        floor.contact(.demanding, from: 10, to: 14)
        #expect(floor.take() == ["alice cool-down until 29m", "alice strained (streak) at 14m"])
        #expect(floor.strain.nextDue == 29 * Self.minute && floor.strain.coolDownUntil(of: Self.alice) == 29 * Self.minute)
        floor.strain.advance(to: 29 * Self.minute - 1, into: &floor.changes)
        #expect(floor.take().isEmpty)
        floor.strain.advance(to: 29 * Self.minute, into: &floor.changes)
        #expect(floor.take() == ["alice cool-down ended", "alice cleared at 29m"])
        #expect(floor.strain.nextDue == nil && floor.strain.coolDownUntil(of: Self.alice) == nil)
        // The streak runs on, but the next cool-down is K contacts after the last one started.
        floor.contact(.demanding, from: 30, to: 34)
        floor.contact(.demanding, from: 35, to: 39)
        #expect(floor.take().isEmpty && floor.figures(at: 40)?.streak == 5)
        floor.contact(.demanding, from: 40, to: 44)
        #expect(floor.take() == ["alice cool-down until 59m", "alice strained (streak) at 44m"])
    }

    /// Turning the guard off ends running cool-downs at once and clears the streak's strain.
    @Test func endingCoolDownsClearsThemAndTheirStrain() {
        var floor = Floor(Self.settings(streak: 2, coolDownMinutes: 15))
        floor.contact(.demanding, from: 0, to: 4)
        floor.contact(.demanding, from: 5, to: 9)
        #expect(floor.take() == ["alice cool-down until 24m", "alice strained (streak) at 9m"])
        floor.strain.endCoolDowns(at: 10 * Self.minute, into: &floor.changes)
        #expect(floor.take() == ["alice cool-down ended", "alice cleared at 10m"])
        #expect(floor.strain.coolDownUntil(of: Self.alice) == nil)
        floor.strain.advance(to: 24 * Self.minute, into: &floor.changes)
        #expect(floor.take().isEmpty, "the ended cool-down's timer is gone")
    }

    @Test func aCalmContactClearsTheStreakReasonButNotTheCoolDown() {
        var floor = Floor(Self.settings(streak: 2, coolDownMinutes: 15))
        floor.contact(.demanding, from: 0, to: 4)
        floor.contact(.demanding, from: 5, to: 9)
        #expect(floor.take() == ["alice cool-down until 24m", "alice strained (streak) at 9m"])
        floor.contact(.calm, from: 10, to: 14)
        #expect(floor.take() == ["alice cleared at 14m"])
        floor.run(to: 30)
        #expect(floor.take() == ["alice cool-down ended"])
    }

    struct PauseRow: Sendable, CustomTestStringConvertible {
        var coolDownMinutes: Int64
        var pauseMinutes: Int64
        var changes: [String]
        var testDescription: String { "cool-down \(coolDownMinutes) min, pause \(pauseMinutes) min" }
    }

    @Test(arguments: [
        PauseRow(coolDownMinutes: 15, pauseMinutes: 0, changes: ["alice cool-down until 24m", "alice strained (streak) at 9m"]),
        PauseRow(coolDownMinutes: 15, pauseMinutes: 5, changes: ["alice cool-down until 24m", "alice pause until 14m", "alice strained (streak) at 9m"]),
        // No cool-down: the streak is still reported, and the pause still offered.
        PauseRow(coolDownMinutes: 0, pauseMinutes: 5, changes: ["alice pause until 14m", "alice strained (streak) at 9m"]),
        PauseRow(coolDownMinutes: 0, pauseMinutes: 0, changes: ["alice strained (streak) at 9m"]),
    ])
    func aRecoveryPauseIsOfferedOnlyWhenConfigured(_ row: PauseRow) {
        var floor = Floor(Self.settings(streak: 2, coolDownMinutes: row.coolDownMinutes, recoveryPauseMinutes: row.pauseMinutes))
        floor.contact(.demanding, from: 0, to: 4)
        floor.contact(.demanding, from: 5, to: 9)
        #expect(floor.take() == row.changes)
    }

    @Test func aContactsOwnSettingsDecideItsStreak() {
        var floor = Floor(Self.settings(streak: 3, coolDownMinutes: 15, dispositions: []))
        let complaints = Self.settings(streak: 2, coolDownMinutes: 30, dispositions: ["escalated"])
        floor.contact(.demanding, from: 0, to: 4)
        // Escalated is demanding by the complaints queue's settings, and two in a row are enough there.
        floor.contact(.escalated, from: 5, to: 9, settings: complaints)
        #expect(floor.take() == ["alice cool-down until 39m", "alice strained (streak) at 9m"])
        // By the tracker's own, escalated is not demanding: the streak ends.
        floor.contact(.escalated, from: 10, to: 14)
        #expect(floor.take() == ["alice cleared at 14m"] && floor.figures(at: 14)?.streak == 0)
    }

    // MARK: Load

    @Test func occupancyIsBusyOverLoggedInTimeInTheRollingHour() {
        var floor = Floor(Self.settings(streak: 0))
        floor.state(.available, at: 0)
        floor.contact(.calm, from: 0, to: 30)
        // Just before the hour: minutes 0–59, 30 of them busy.
        let before = floor.strain.figures(of: Self.alice, at: 60 * Self.minute - 1)
        #expect(before?.busyLastHourMs == 30 * Self.minute && before?.loggedInLastHourMs == 60 * Self.minute - 1)
        // At the hour minute 0 leaves: minutes 1–59.
        let at = floor.figures(at: 60)
        #expect(at?.busyLastHourMs == 29 * Self.minute && at?.loggedInLastHourMs == 59 * Self.minute)
        #expect(at?.occupancyLastHour == 29.0 / 59.0)
        // Offline time counts on neither side; after a whole hour offline the hour is empty.
        floor.state(.offline, at: 60)
        #expect(floor.figures(at: 90)?.loggedInLastHourMs == 29 * Self.minute)
        #expect(floor.figures(at: 119)?.occupancyLastHour == nil)
    }

    struct OccupancyRow: Sendable, CustomTestStringConvertible {
        var busyMinutes: Int64
        var raised: Bool
        var testDescription: String { "busy for the last \(busyMinutes) of 40 minutes, ceiling 0.5" }
    }

    @Test(arguments: [
        OccupancyRow(busyMinutes: 19, raised: false),
        OccupancyRow(busyMinutes: 20, raised: false),  // 0.5 exactly is not above the ceiling
        OccupancyRow(busyMinutes: 21, raised: true),
    ])
    func occupancyIsStrainAboveTheCeiling(_ row: OccupancyRow) {
        var floor = Floor(Self.settings(streak: 0, occupancyCeiling: 0.5))
        floor.state(.available, at: 0)
        floor.contact(.calm, from: 40 - row.busyMinutes, to: 40)
        #expect(floor.figures(at: 40)?.occupancyLastHour == Double(row.busyMinutes) / 40)
        #expect(floor.take().contains { $0.hasPrefix("alice strained (occupancy)") } == row.raised)
    }

    @Test func occupancyNeedsEnoughLoggedInTimeAndClearsBelowTheMargin() {
        var floor = Floor(Self.settings(streak: 0, occupancyCeiling: 0.9))
        floor.state(.available, at: 0)
        // Busy from the start: no verdict before 30 minutes logged in, then strained.
        floor.contact(.calm, from: 0, to: 60)
        #expect(floor.take() == ["alice strained (occupancy) at 30m"])
        // Free from 60: at minute T the hour holds 119 − T busy minutes of 59. 51/59 ≈ 0.864 is not
        // below 0.85; 50/59 ≈ 0.847 is.
        floor.run(to: 68)
        #expect(floor.take().isEmpty)
        floor.run(to: 69)
        #expect(floor.take() == ["alice cleared at 69m"])
        // While available, the hour keeps rolling (the minute ticks go on); once offline and empty, they stop.
        #expect(floor.strain.nextDue == 70 * Self.minute)
        floor.state(.offline, at: 70)
        floor.run(to: 200)
        #expect(floor.take().isEmpty && floor.strain.nextDue == nil)
    }

    struct HourRow: Sendable, CustomTestStringConvertible {
        /// Minutes at which demanding contacts end.
        var finishes: [Int64]
        /// Minute → demanding contacts in the hour then.
        var counts: [Int64: Int]
        var changes: [String]
        var testDescription: String { "demanding contacts ending at \(finishes)" }
    }

    @Test(arguments: [
        // Limit 2: the third raises; the hour slides, minute by minute.
        HourRow(finishes: [1, 10, 20], counts: [59: 3, 60: 3, 61: 2, 70: 1, 80: 0],
                changes: ["alice strained (demanding_load) at 20m", "alice cleared at 70m"]),
        HourRow(finishes: [1, 10], counts: [59: 2, 61: 1], changes: []),
        // At the limit a raised agent stays raised (2 is not below 2); it clears at 1.
        HourRow(finishes: [1, 2, 3, 61], counts: [61: 3, 62: 2, 63: 1],
                changes: ["alice strained (demanding_load) at 3m", "alice cleared at 63m"]),
    ])
    func demandingContactsPerHourSlide(_ row: HourRow) {
        var floor = Floor(Self.settings(streak: 0, demandingPerHour: 2))
        for end in row.finishes { floor.contact(.demanding, from: end - 1, to: end) }
        for (m, count) in row.counts.sorted(by: { $0.key < $1.key }) {
            floor.run(to: m)
            #expect(floor.figures(at: m)?.demandingLastHour == count, "at \(m) minutes")
        }
        floor.run(to: 200)
        #expect(floor.take() == row.changes)
    }

    @Test func demandingLoadDoesNotFlapAtTheLimit() {
        var floor = Floor(Self.settings(streak: 0, demandingPerHour: 3))
        // Four in the first minutes: raised. Then one every minute from 60 keeps the hour hovering at 3–4.
        for m in Int64(1)...4 { floor.contact(.demanding, from: m - 1, to: m) }
        for m in Int64(61)...64 { floor.contact(.demanding, from: m - 1, to: m) }
        floor.run(to: 130)
        #expect(floor.take() == ["alice strained (demanding_load) at 4m", "alice cleared at 122m"])
    }

    struct BusyRow: Sendable, CustomTestStringConvertible {
        var name: String
        /// Contacts (from, to) in minutes.
        var contacts: [(Int64, Int64)]
        var breakMinutes: Int64
        var changes: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        BusyRow(name: "one long contact", contacts: [(0, 100)], breakMinutes: 5,
                changes: ["alice strained (continuous_busy) at 90m", "alice cleared at 105m"]),
        BusyRow(name: "back to back with short gaps", contacts: [(0, 40), (41, 80), (84, 100)], breakMinutes: 5,
                changes: ["alice strained (continuous_busy) at 90m", "alice cleared at 105m"]),
        BusyRow(name: "a break in the middle", contacts: [(0, 40), (45, 100)], breakMinutes: 5, changes: []),
        BusyRow(name: "any free moment is a break", contacts: [(0, 40), (40, 80), (80, 100)], breakMinutes: 0, changes: []),
        BusyRow(name: "a run that reaches the limit in a gap", contacts: [(0, 89), (92, 95)], breakMinutes: 5,
                changes: ["alice strained (continuous_busy) at 90m", "alice cleared at 100m"]),
    ])
    func continuousBusyRunsUntilABreak(_ row: BusyRow) {
        var floor = Floor(Self.settings(streak: 0, continuousBusyMinutes: 90, minimumBreakMinutes: row.breakMinutes))
        floor.state(.available, at: 0)
        for (from, to) in row.contacts { floor.contact(.calm, from: from, to: to) }
        floor.run(to: 200)
        #expect(floor.take() == row.changes)
        #expect(floor.strain.nextDue == nil)
    }

    @Test func continuousBusyCountsOverlappingWork() {
        var floor = Floor(Self.settings(streak: 0, continuousBusyMinutes: 90))
        floor.strain.assigned(Self.alice, interaction: "chat-1", demanding: false, at: 0, into: &floor.changes)
        floor.strain.assigned(Self.alice, interaction: "chat-2", demanding: false, at: 30 * Self.minute, into: &floor.changes)
        floor.strain.finished(Self.alice, interaction: "chat-1", demanding: false, handledMs: 0, disposition: nil, at: 60 * Self.minute, into: &floor.changes)
        #expect(floor.strain.nextDue == 90 * Self.minute)
        floor.run(to: 90)
        #expect(floor.take() == ["alice strained (continuous_busy) at 90m"])
        #expect(floor.figures(at: 95)?.continuousBusyMs == 95 * Self.minute)
        // Free from 100: the gap counts until it becomes a break.
        floor.strain.finished(Self.alice, interaction: "chat-2", demanding: false, handledMs: 0, disposition: nil, at: 100 * Self.minute, into: &floor.changes)
        #expect(floor.figures(at: 104)?.continuousBusyMs == 104 * Self.minute && floor.figures(at: 105)?.continuousBusyMs == 0)
    }

    @Test func reasonsComeAndGoInOneAlert() {
        var floor = Floor(Self.settings(streak: 2, coolDownMinutes: 15, demandingPerHour: 1))
        floor.contact(.demanding, from: 0, to: 4)
        #expect(floor.take().isEmpty)
        floor.contact(.demanding, from: 5, to: 9)
        #expect(floor.take() == ["alice cool-down until 24m", "alice strained (streak,demanding_load) at 9m"])
        floor.run(to: 30)
        #expect(floor.take() == ["alice cool-down ended", "alice strained (demanding_load) at 24m"])
        floor.run(to: 70)
        #expect(floor.take() == ["alice cleared at 69m"])
    }

    // MARK: Settings

    @Test func reconfigureAppliesAtOnce() {
        var floor = Floor(Self.settings(streak: 5, demandingPerHour: 8))
        for m in Int64(1)...3 { floor.contact(.demanding, from: m - 1, to: m) }
        #expect(floor.take().isEmpty)
        floor.strain.reconfigure(Self.settings(streak: 5, demandingPerHour: 2), at: 4 * Self.minute, into: &floor.changes)
        #expect(floor.take() == ["alice strained (demanding_load) at 4m"])
        // The next streak decision uses the new K: 4 in a row reach K = 4.
        floor.strain.reconfigure(Self.settings(streak: 4, demandingPerHour: 2), at: 4 * Self.minute, into: &floor.changes)
        #expect(floor.take().isEmpty)
        floor.contact(.demanding, from: 4, to: 5)
        #expect(floor.take() == ["alice cool-down until 20m", "alice strained (streak,demanding_load) at 5m"])
        // A check turned off clears; the running cool-down keeps its end.
        floor.strain.reconfigure(Self.settings(streak: 4, demandingPerHour: 0), at: 6 * Self.minute, into: &floor.changes)
        #expect(floor.take() == ["alice strained (streak) at 6m"])
        #expect(floor.strain.coolDownUntil(of: Self.alice) == 20 * Self.minute)
    }

    // MARK: Today

    @Test func todaysFigures() {
        var floor = Floor(Self.settings(streak: 3))
        floor.state(.available, at: 0)
        floor.state(.notReady(reason: "lunch"), at: 10)
        floor.state(.available, at: 40)
        floor.contact(.demanding, from: 40, to: 50)
        floor.contact(.calm, from: 50, to: 60)
        floor.contact(.escalated, from: 60, to: 66)
        floor.contact(.flaggedAtAssignment, from: 70, to: 72)
        floor.state(.notReady(reason: "training"), at: 72)
        // Not ready while holding work is busy time, not not-ready time.
        floor.contact(.calm, from: 75, to: 77)
        floor.state(.offline, at: 80)
        let f = floor.figures(at: 90)
        #expect(f?.handledToday == 5 && f?.demandingHandledToday == 3 && f?.longestStreakToday == 2 && f?.streak == 0)
        #expect(f?.busyTodayMs == 30 * Self.minute && f?.loggedInTodayMs == 80 * Self.minute && f?.occupancyToday == 30.0 / 80)
        #expect(f?.averageHandleMs == Double(30 * Self.minute) / 5)
        #expect(f?.notReadyTodayMs == ["lunch": 30 * Self.minute, "training": 6 * Self.minute])
        #expect(f?.dayStart == 0)
    }

    @Test func aNewDayStartsTheFiguresAgain() {
        let day = 24 * 60 * Self.minute
        var floor = Floor(Self.settings(streak: 3))
        floor.state(.available, at: 0)
        floor.contact(.demanding, from: 0, to: 10)
        floor.state(.offline, at: 20)
        // Bob works across midnight.
        floor.state(.available, at: 23 * 60, agent: "bob")
        floor.run(to: 23 * 60 + 50)
        floor.strain.assigned("bob", interaction: "late", demanding: true, at: (23 * 60 + 50) * Self.minute, into: &floor.changes)
        floor.run(toMs: day)
        floor.strain.startDay(at: day)
        floor.run(to: 24 * 60 + 10)
        floor.strain.finished("bob", interaction: "late", demanding: false, handledMs: 20 * Self.minute, disposition: nil,
                              at: (24 * 60 + 10) * Self.minute, into: &floor.changes)
        #expect(floor.strain.dayStart == day)
        // Alice went home with a streak going: kept, with today's figures at zero.
        let alice = floor.figures(at: 24 * 60)
        #expect(alice?.handledToday == 0 && alice?.loggedInTodayMs == 0 && alice?.streak == 1 && alice?.longestStreakToday == 0)
        floor.run(to: 24 * 60 + 30)
        let bob = floor.figures(at: 24 * 60 + 30, agent: "bob")
        #expect(bob?.handledToday == 1 && bob?.handleTodayMs == 20 * Self.minute && bob?.busyTodayMs == 10 * Self.minute)
        #expect(bob?.loggedInTodayMs == 30 * Self.minute && bob?.longestStreakToday == 1 && bob?.dayStart == day)
        // A calm contact ends Alice's streak; at the next day start, offline and idle, she is forgotten.
        // Bob, offline too, is kept: his streak runs on.
        floor.state(.available, at: 24 * 60 + 40)
        floor.contact(.calm, from: 24 * 60 + 40, to: 24 * 60 + 45)
        floor.state(.offline, at: 24 * 60 + 50)
        floor.state(.offline, at: 24 * 60 + 50, agent: "bob")
        floor.run(toMs: 2 * day)
        floor.strain.startDay(at: 2 * day)
        #expect(floor.strain.count == 1 && floor.figures(at: 48 * 60) == nil && floor.figures(at: 48 * 60, agent: "bob")?.streak == 1)
    }

    @Test func forgettingAnAgentEndsItsCoolDownAndClearsItsStrain() {
        var floor = Floor(Self.settings(streak: 1))
        floor.contact(.demanding, from: 0, to: 4)
        #expect(floor.take() == ["alice cool-down until 19m", "alice strained (streak) at 4m"])
        floor.strain.forget(Self.alice, at: 5 * Self.minute, into: &floor.changes)
        #expect(floor.take() == ["alice cool-down ended", "alice cleared at 5m"])
        #expect(floor.strain.count == 0 && floor.strain.nextDue == nil)
    }

    // MARK: Bounds

    @Test func memoryStaysBoundedWithManyAgentsOverDays() {
        var strain = AgentStrain(settings: StrainSettings(streak: 3, coolDownMs: 15 * Self.minute, recoveryPauseMs: 5 * Self.minute,
                                                          demandingPerHourLimit: 4, continuousBusyLimitMs: 60 * Self.minute,
                                                          demandingDispositions: ["escalated"]))
        var changes: [StrainChange] = []
        var random = SplitMix64(seed: 17)
        let agents = (0..<200).map { AgentID("agent-\($0)") }
        let day = 24 * 60 * Self.minute
        var serial = 0
        for d in Int64(0)..<3 {
            let dayStart = d * day
            strain.startDay(at: dayStart)
            for a in agents { strain.stateChanged(a, to: .available, at: dayStart + 8 * 60 * Self.minute, into: &changes) }
            // Eight hours of contacts, one agent at a time every few seconds.
            var now = dayStart + 8 * 60 * Self.minute
            let end = dayStart + 16 * 60 * Self.minute
            var holding: [AgentID: InteractionID] = [:]
            while now < end {
                now += Int64(random.next() % 3_000)
                let agent = agents[Int(random.next() % UInt64(agents.count))]
                if let held = holding.removeValue(forKey: agent) {
                    strain.finished(agent, interaction: held, demanding: random.next() % 3 == 0, handledMs: 1_000,
                                    disposition: random.next() % 10 == 0 ? "escalated" : nil, at: now, into: &changes)
                } else {
                    serial += 1
                    holding[agent] = InteractionID("i\(serial)")
                    strain.assigned(agent, interaction: holding[agent]!, demanding: false, at: now, into: &changes)
                }
                while let due = strain.nextDue, due <= now { strain.advance(to: due, into: &changes) }
                changes.removeAll(keepingCapacity: true)
            }
            for (agent, held) in holding {
                strain.finished(agent, interaction: held, demanding: false, handledMs: 0, disposition: nil, at: end, into: &changes)
            }
            // A calm last contact: no streak runs on overnight.
            for a in agents {
                strain.assigned(a, interaction: "last", demanding: false, at: end, into: &changes)
                strain.finished(a, interaction: "last", demanding: false, handledMs: 0, disposition: nil, at: end, into: &changes)
            }
            for a in agents { strain.stateChanged(a, to: .offline, at: end, into: &changes) }
            #expect(strain.count == agents.count && strain.slotCount == agents.count)
            #expect(agents.allSatisfy { strain.bucketCount(of: $0) <= 60 })
            #expect(strain.timerEntries <= 2 * (2 * agents.count + 33))
        }
        // A quiet night: every agent is idle at the next day start, and forgotten.
        while let due = strain.nextDue, due <= 3 * day { strain.advance(to: due, into: &changes) }
        strain.startDay(at: 3 * day)
        #expect(strain.count == 0 && strain.nextDue == nil)
    }
}
