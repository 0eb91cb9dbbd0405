#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DequeModule

/// Tells when many more contacts than usual arrive about one topic (or at one queue): a surge is raised
/// when the count in the sliding window reaches the threshold, max(floor, multiple × expected), and
/// cleared once it falls below clearRatio × threshold. In between a raised key stays raised, so a count
/// hovering at the threshold does not flap.
///
/// *Expected* is the usual count for the window: an exponentially weighted mean of the per-minute count
/// (every closed minute, empty ones included, weighs in; a minute's weight halves over the configured
/// half-life), times the window's minutes. A short surge barely moves it; a lasting shift becomes the
/// new normal, and its surge clears. A key never seen starts at zero, so only the floor applies to it;
/// `learn` replays history to seed the baseline before going live.
///
/// Bounded: each key keeps at most one bucket per minute of the window, and at most `maxTopics` topic
/// keys are tracked (queue keys are bounded by the configuration). A new topic beyond the cap takes the
/// place of the topic recorded least recently if that one is idle (nothing in the window, so not
/// raised); otherwise, when every tracked topic had a contact within the window, the new topic is not
/// tracked and its contacts are counted in `untrackedContacts` until one goes idle. A forgotten topic
/// loses its baseline.
///
/// Pure and deterministic: instants are wall-clock milliseconds passed in; an instant earlier than one
/// already seen counts in the latest minute.
///
/// - Complexity: `record`: O(1) amortized. `advance`: O(raised keys). Memory: O(keys × window minutes).
public struct TopicSurgeDetector: Sendable {
    struct Bucket: Sendable {
        var minute: Int64
        var count: Int32
    }

    struct Tracked: SlotListNode, Sendable {
        var key: SurgeKey
        /// The non-empty minutes in the window, oldest first.
        var buckets: Deque<Bucket> = []
        /// Their sum.
        var count = 0
        /// The usual count per minute, learnt from the minutes before `learnedThrough`.
        var baseline = 0.0
        var learnedThrough: Int64
        var raised = false
        var live = true
        var previous: Int32 = SlotList.none
        var next: Int32 = SlotList.none

        static let free = Tracked(key: .topic(""), learnedThrough: 0, live: false)
    }

    public private(set) var settings: SurgeSettings
    private var windowMinutes: Int64
    /// The share of the baseline a minute keeps: 2^(−1 minute / half-life).
    private var keep: Double
    private var tracked: [Tracked] = []
    private var freeSlots: [Int32] = []
    private var index: [SurgeKey: Int32] = [:]
    /// Topic keys, least recently recorded first.
    private var topics = SlotList()
    /// Raised keys, in the order they were raised.
    private var raisedSlots: [Int32] = []
    /// The latest minute reached.
    private var minute: Int64 = .min

    /// Contacts about a topic that was not tracked because `maxTopics` topics had a contact in the window.
    public private(set) var untrackedContacts = 0
    /// Idle topics forgotten to make room for a new one.
    public private(set) var forgottenTopics = 0

    public init(settings: SurgeSettings = SurgeSettings()) {
        self.settings = settings
        windowMinutes = Minute.buckets(in: settings.windowMs)
        keep = Self.keep(halfLifeMs: settings.baselineHalfLifeMs)
    }

    private static func keep(halfLifeMs: Int64) -> Double {
        exp2(-Double(Minute.milliseconds) / Double(max(1, halfLifeMs)))
    }

    /// Keys tracked (topics and queues).
    public var trackedKeys: Int { index.count }

    /// Topic keys tracked (at most `maxTopics`).
    public var trackedTopics: Int { topics.count }

    /// The raised keys, in the order they were raised.
    public var raisedKeys: [SurgeKey] { raisedSlots.map { tracked[Int($0)].key } }

    /// When to call `advance(to:)` next: the start of the next minute while a key is raised (its count
    /// may fall as minutes leave the window); nil otherwise.
    public var nextBoundary: Int64? {
        raisedSlots.isEmpty ? nil : Minute.start(of: minute + 1)
    }

    public func isRaised(_ key: SurgeKey) -> Bool {
        index[key].map { tracked[Int($0)].raised } ?? false
    }

    /// Where `key` stands at the latest instant seen; nil when it is not tracked.
    public func status(of key: SurgeKey) -> SurgeStatus? {
        guard let slot = index[key] else { return nil }
        let t = tracked[Int(slot)]
        var count = 0
        for bucket in t.buckets where bucket.minute > minute - windowMinutes { count += Int(bucket.count) }
        let expected = learned(t, through: minute) * Double(windowMinutes)
        return SurgeStatus(key: key, count: count, expected: expected, threshold: threshold(expected: expected), raised: t.raised)
    }

    // MARK: Live

    /// Counts one arrival for `key` at `now`, appending a change if that raises (or clears) it.
    public mutating func record(_ key: SurgeKey, at now: Int64, into changes: inout [SurgeChange]) {
        minute = max(minute, Minute.bucket(now))
        let slot: Int32
        if let known = index[key] {
            slot = known
            if key.isTopic, topics.tail != slot {
                topics.remove(slot, in: &tracked)
                topics.append(slot, in: &tracked)
            }
        } else {
            if key.isTopic {
                makeRoomForTopic(into: &changes)
                guard topics.count < settings.maxTopics else {
                    untrackedContacts += 1
                    return
                }
            }
            slot = allocate(Tracked(key: key, learnedThrough: minute))
            index[key] = slot
            if key.isTopic { topics.append(slot, in: &tracked) }
        }
        roll(slot)
        let s = Int(slot)
        if let last = tracked[s].buckets.last, last.minute == minute {
            tracked[s].buckets[tracked[s].buckets.count - 1].count += 1
        } else {
            tracked[s].buckets.append(Bucket(minute: minute, count: 1))
        }
        tracked[s].count += 1
        evaluate(slot, into: &changes)
    }

    /// Counts one arrival and returns the changes.
    @discardableResult
    public mutating func record(_ key: SurgeKey, at now: Int64) -> [SurgeChange] {
        var changes: [SurgeChange] = []
        record(key, at: now, into: &changes)
        return changes
    }

    /// Rolls the raised keys' windows to `now`, appending a change for each that subsided (or whose
    /// usual rate caught up with it).
    public mutating func advance(to now: Int64, into changes: inout [SurgeChange]) {
        minute = max(minute, Minute.bucket(now))
        for slot in raisedSlots {
            roll(slot)
            evaluate(slot, into: &changes)
        }
    }

    /// Rolls to `now` and returns the changes.
    @discardableResult
    public mutating func advance(to now: Int64) -> [SurgeChange] {
        var changes: [SurgeChange] = []
        advance(to: now, into: &changes)
        return changes
    }

    // MARK: Learning

    /// Replays one historical arrival (oldest first): it teaches the baseline and raises or clears as
    /// live, but yields no change. Read `raisedKeys` after `endLearning(at:)`.
    public mutating func learn(_ key: SurgeKey, at instant: Int64) {
        var ignored: [SurgeChange] = []
        record(key, at: instant, into: &ignored)
    }

    /// Replays historical arrivals, oldest first, then `endLearning(at: now)`.
    public mutating func learn(_ arrivals: some Sequence<(key: SurgeKey, at: Int64)>, now: Int64) {
        for arrival in arrivals { learn(arrival.key, at: arrival.at) }
        endLearning(at: now)
    }

    /// Rolls to `now` without yielding changes: afterwards `raisedKeys` says which keys stand raised now.
    public mutating func endLearning(at now: Int64) {
        var ignored: [SurgeChange] = []
        advance(to: now, into: &ignored)
    }

    // MARK: Settings

    /// Applies new settings at once: every key is judged again against the new thresholds (appending
    /// the changes), and idle topics beyond a lower cap are forgotten (busy ones stay until idle).
    ///
    /// - Complexity: O(keys).
    public mutating func reconfigure(_ settings: SurgeSettings, into changes: inout [SurgeChange]) {
        self.settings = settings
        windowMinutes = Minute.buckets(in: settings.windowMs)
        keep = Self.keep(halfLifeMs: settings.baselineHalfLifeMs)
        guard minute != .min else { return }
        for slot in tracked.indices where tracked[slot].live {
            roll(Int32(slot))
            evaluate(Int32(slot), into: &changes)
        }
        while topics.count > settings.maxTopics, forgetIdleTopic(into: &changes) {}
    }

    // MARK: Internals

    private func threshold(expected: Double) -> Double {
        max(Double(settings.floor), settings.multiple * expected)
    }

    /// `t`'s baseline once the minutes before `minute` are learnt.
    private func learned(_ t: Tracked, through minute: Int64) -> Double {
        guard t.learnedThrough < minute else { return t.baseline }
        var baseline = t.baseline
        if let last = t.buckets.last, last.minute >= t.learnedThrough {
            baseline *= decay(last.minute - t.learnedThrough)
            baseline += (1 - keep) * (Double(last.count) - baseline)
            baseline *= decay(minute - last.minute - 1)
        } else {
            baseline *= decay(minute - t.learnedThrough)
        }
        return baseline
    }

    private func decay(_ minutes: Int64) -> Double {
        switch minutes {
        case ...0: 1
        case 1: keep
        default: pow(keep, Double(minutes))
        }
    }

    /// Brings the key to the current minute: closed minutes teach the baseline, minutes that left the
    /// window leave the count.
    private mutating func roll(_ slot: Int32) {
        let s = Int(slot)
        if tracked[s].learnedThrough < minute {
            tracked[s].baseline = learned(tracked[s], through: minute)
            tracked[s].learnedThrough = minute
        }
        let oldest = minute - windowMinutes
        while let first = tracked[s].buckets.first, first.minute <= oldest {
            tracked[s].count -= Int(first.count)
            tracked[s].buckets.removeFirst()
        }
    }

    private mutating func evaluate(_ slot: Int32, into changes: inout [SurgeChange]) {
        let s = Int(slot)
        let expected = tracked[s].baseline * Double(windowMinutes)
        let threshold = threshold(expected: expected)
        let count = Double(tracked[s].count)
        if !tracked[s].raised, count >= threshold {
            tracked[s].raised = true
            raisedSlots.append(slot)
        } else if tracked[s].raised, count < settings.clearRatio * threshold {
            tracked[s].raised = false
            raisedSlots.removeAll { $0 == slot }
        } else {
            return
        }
        changes.append(SurgeChange(key: tracked[s].key, raised: tracked[s].raised, count: tracked[s].count, expected: expected, threshold: threshold))
    }

    /// Forgets idle topics (least recently recorded first) until a new one fits under the cap.
    private mutating func makeRoomForTopic(into changes: inout [SurgeChange]) {
        while topics.count >= settings.maxTopics, forgetIdleTopic(into: &changes) {}
    }

    /// Forgets the topic recorded least recently if it is idle. When it is not, no topic is: every
    /// other one was recorded since.
    private mutating func forgetIdleTopic(into changes: inout [SurgeChange]) -> Bool {
        let slot = topics.head
        guard slot != SlotList.none else { return false }
        roll(slot)
        guard tracked[Int(slot)].count == 0 else { return false }
        // Nothing in the window is below any clear threshold, so a raised one clears here.
        evaluate(slot, into: &changes)
        guard !tracked[Int(slot)].raised else { return false }
        topics.remove(slot, in: &tracked)
        index.removeValue(forKey: tracked[Int(slot)].key)
        tracked[Int(slot)] = .free
        freeSlots.append(slot)
        forgottenTopics += 1
        return true
    }

    private mutating func allocate(_ t: Tracked) -> Int32 {
        SlotAllocation.allocate(t, in: &tracked, reusing: &freeSlots)
    }
}
