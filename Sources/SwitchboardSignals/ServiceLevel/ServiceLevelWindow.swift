public import SwitchboardRouter
import DequeModule

/// Each queue's rolling service level: answered within the threshold / (answered + abandoned after the
/// threshold), over one-minute buckets of the window (the current minute and the minutes before it).
/// Abandons within the threshold are not counted on either side (short abandons).
///
/// It also judges: a queue is raised when the window holds at least `minContacts` and the level is
/// below its target, and cleared when, still on at least `minContacts`, the level is back at target +
/// `clearMargin` (hysteresis), or when its window empties. With fewer contacts there is no verdict
/// and the queue stays as it was. Verdicts follow each answer and abandon, and each minute's roll in
/// `advance(to:)` (old contacts leaving may raise or clear too).
///
/// Pure and deterministic: instants are wall-clock milliseconds passed in; an instant earlier than one
/// already seen counts in the latest minute.
///
/// - Complexity: `answered`, `abandoned`: O(1) amortized. `advance`: O(queues with contacts in the
///   window). Memory: O(queues × window minutes).
public struct ServiceLevelWindow: Sendable {
    struct Bucket: Sendable {
        var minute: Int64
        var within: Int32 = 0
        var answered: Int32 = 0
        var abandoned: Int32 = 0
    }

    struct QueueWindow: Sendable {
        var queue: QueueID
        /// The non-empty minutes in the window, oldest first.
        var buckets: Deque<Bucket> = []
        var within = 0
        var answered = 0
        var abandoned = 0
        var raised = false
        /// Has contacts in the window or is raised: `advance` must look at it.
        var active = false

        var contacts: Int { answered + abandoned }
        var level: Double? { contacts > 0 ? Double(within) / Double(contacts) : nil }
    }

    public private(set) var settings: ServiceLevelSettings
    private var windowMinutes: Int64
    private var windows: [QueueWindow] = []
    private var index: [QueueID: Int] = [:]
    /// The latest minute reached.
    private var minute: Int64 = .min
    /// Queues with `active` set.
    private var activeQueues = 0

    public init(settings: ServiceLevelSettings = ServiceLevelSettings()) {
        self.settings = settings
        windowMinutes = Minute.buckets(in: settings.windowMs)
    }

    // MARK: Events

    /// Counts an answer after `waitedMs` (within the threshold when `waitedMs ≤ thresholdMs`).
    public mutating func answered(
        _ queue: QueueID, waitedMs: Int64, thresholdMs: Int64, at now: Int64, into changes: inout [ServiceLevelChange]
    ) {
        count(queue, within: waitedMs <= thresholdMs ? 1 : 0, answered: 1, abandoned: 0, at: now, into: &changes)
    }

    /// Counts an abandon after `waitedMs`; one within the threshold (`waitedMs ≤ thresholdMs`) is not counted.
    public mutating func abandoned(
        _ queue: QueueID, waitedMs: Int64, thresholdMs: Int64, at now: Int64, into changes: inout [ServiceLevelChange]
    ) {
        guard waitedMs > thresholdMs else { return }
        count(queue, within: 0, answered: 0, abandoned: 1, at: now, into: &changes)
    }

    /// Rolls every queue with contacts (or raised) to `now` and judges it again, appending the changes.
    /// Call it at `nextBoundary`.
    public mutating func advance(to now: Int64, into changes: inout [ServiceLevelChange]) {
        let reached = Minute.bucket(now)
        guard reached > minute else { return }
        minute = reached
        for w in windows.indices where windows[w].active {
            roll(w)
            evaluate(w, into: &changes)
        }
    }

    /// When to call `advance(to:)` next: the start of the next minute while a queue has contacts in its
    /// window or is raised (minutes leaving the window can change its verdict); nil otherwise.
    public var nextBoundary: Int64? {
        activeQueues > 0 ? Minute.start(of: minute + 1) : nil
    }

    // MARK: Queries

    /// The level of `queue` over the window at `now`, and the contacts it rests on. The level is nil on
    /// no contacts.
    public func level(_ queue: QueueID, at now: Int64) -> (level: Double?, contacts: Int) {
        guard let w = index[queue] else { return (nil, 0) }
        let oldest = max(minute, Minute.bucket(now)) - windowMinutes
        var within = 0
        var contacts = 0
        for bucket in windows[w].buckets where bucket.minute > oldest {
            within += Int(bucket.within)
            contacts += Int(bucket.answered) + Int(bucket.abandoned)
        }
        return (contacts > 0 ? Double(within) / Double(contacts) : nil, contacts)
    }

    public func isRaised(_ queue: QueueID) -> Bool {
        index[queue].map { windows[$0].raised } ?? false
    }

    /// The raised queues, in the order the queues were first seen.
    public var raisedQueues: [QueueID] { windows.filter(\.raised).map(\.queue) }

    // MARK: Settings

    /// Applies new settings (window, thresholds, targets) and judges every queue again at once,
    /// appending the changes. A shorter window forgets the minutes beyond it; a longer one fills as time
    /// passes.
    public mutating func reconfigure(_ settings: ServiceLevelSettings, into changes: inout [ServiceLevelChange]) {
        self.settings = settings
        windowMinutes = Minute.buckets(in: settings.windowMs)
        guard minute != .min else { return }
        for w in windows.indices {
            roll(w)
            evaluate(w, into: &changes)
        }
    }

    /// Forgets `queue` (removed from the configuration), appending its clear when it was raised.
    public mutating func forget(_ queue: QueueID, into changes: inout [ServiceLevelChange]) {
        guard let w = index.removeValue(forKey: queue) else { return }
        let removed = windows.remove(at: w)
        if removed.active { activeQueues -= 1 }
        for (queue, i) in index where i > w { index[queue] = i - 1 }
        if removed.raised {
            changes.append(ServiceLevelChange(queue: queue, raised: false, level: removed.level, contacts: removed.contacts, target: settings.target(for: queue)))
        }
    }

    // MARK: Internals

    private mutating func count(
        _ queue: QueueID, within: Int32, answered: Int32, abandoned: Int32, at now: Int64, into changes: inout [ServiceLevelChange]
    ) {
        minute = max(minute, Minute.bucket(now))
        let w: Int
        if let known = index[queue] {
            w = known
        } else {
            w = windows.count
            windows.append(QueueWindow(queue: queue))
            index[queue] = w
        }
        roll(w)
        if windows[w].buckets.last?.minute != minute { windows[w].buckets.append(Bucket(minute: minute)) }
        let last = windows[w].buckets.count - 1
        windows[w].buckets[last].within += within
        windows[w].buckets[last].answered += answered
        windows[w].buckets[last].abandoned += abandoned
        windows[w].within += Int(within)
        windows[w].answered += Int(answered)
        windows[w].abandoned += Int(abandoned)
        evaluate(w, into: &changes)
    }

    /// Drops the minutes that left the window.
    private mutating func roll(_ w: Int) {
        let oldest = minute - windowMinutes
        while let first = windows[w].buckets.first, first.minute <= oldest {
            windows[w].within -= Int(first.within)
            windows[w].answered -= Int(first.answered)
            windows[w].abandoned -= Int(first.abandoned)
            windows[w].buckets.removeFirst()
        }
    }

    private mutating func evaluate(_ w: Int, into changes: inout [ServiceLevelChange]) {
        defer {
            let active = windows[w].raised || !windows[w].buckets.isEmpty
            if active != windows[w].active {
                windows[w].active = active
                activeQueues += active ? 1 : -1
            }
        }
        let window = windows[w]
        let target = settings.target(for: window.queue)
        let judged = window.contacts >= settings.minContacts
        let level = window.level
        if !window.raised {
            guard judged, let level, level < target else { return }
            windows[w].raised = true
        } else if window.contacts == 0 || (judged && (level ?? 0) >= min(1, target + settings.clearMargin)) {
            windows[w].raised = false
        } else {
            return
        }
        changes.append(ServiceLevelChange(queue: window.queue, raised: windows[w].raised, level: level, contacts: window.contacts, target: target))
    }
}
