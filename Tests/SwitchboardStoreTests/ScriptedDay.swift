@testable import SwitchboardStore

/// A known day of two queues and two agents, whose KPIs are worked out by hand in `ReportTests`.
/// Instants are seconds after `base` (negative: the day before).
enum ScriptedDay {
    static let base: Int64 = 1_795_996_800_000  // 2026-11-30 00:00 UTC
    static let periodEnd = base + 86_400_000
    static let now = base + 2_000_000

    static func at(_ seconds: Int64) -> Int64 { base + seconds * 1_000 }

    static func enqueue(_ id: String, _ queue: String, _ s: Int64) -> StoreEvent {
        .enqueued(NewInteraction(id: id, source: "pbx", queue: queue, channel: "voice"), at: at(s))
    }

    static func on(_ kind: StoreEvent.Kind, _ id: String, _ s: Int64, agent: String? = nil, queue: String? = nil, reason: String? = nil) -> StoreEvent {
        .interaction(kind, id, at: at(s), agentId: agent, queue: queue, reason: reason)
    }

    static func agent(_ id: String, _ state: String, _ s: Int64, reason: String? = nil) -> StoreEvent {
        .agentState(id, state, reason: reason, at: at(s))
    }

    /// The events in the order routing would log them.
    static let events: [StoreEvent] = [
        .agentLogin("a2", at: at(-700)),
        agent("a2", "not_ready", -600, reason: "lunch"),
        enqueue("i0", "support", -100),
        .agentLogin("a1", at: at(-1)),
        agent("a1", "available", 0),
        on(.offered, "i0", 2, agent: "a1"),
        on(.accepted, "i0", 5, agent: "a1"),
        agent("a1", "active", 5),
        StoreEvent(kind: .completed, at: at(65), interactionId: "i0", agentId: "a1", disposition: "resolved"),
        agent("a1", "wrap_up", 65),
        // The agent's wrap-up ends (no interaction named): it ends for i0.
        StoreEvent(kind: .wrapUpEnded, at: at(80), agentId: "a1"),
        agent("a1", "available", 80),
        enqueue("i1", "support", 90),
        on(.offered, "i1", 95, agent: "a1"),
        on(.accepted, "i1", 100, agent: "a1"),
        agent("a1", "active", 100),
        agent("a2", "available", 180),
        enqueue("i2", "support", 200),
        on(.offered, "i2", 205, agent: "a2"),
        on(.rejected, "i2", 210, agent: "a2"),
        on(.offered, "i2", 220, agent: "a2"),
        on(.offerTimeout, "i2", 235, agent: "a2"),
        agent("a2", "not_ready", 235, reason: "no_answer"),
        on(.cancelled, "i2", 250, reason: "caller_hung_up"),
        enqueue("i3", "sales", 300),
        agent("a2", "available", 300),
        on(.offered, "i3", 310, agent: "a2"),
        on(.accepted, "i3", 325, agent: "a2"),
        agent("a2", "active", 325),
        on(.completed, "i1", 400, agent: "a1"),
        agent("a1", "wrap_up", 400),
        on(.transferred, "i3", 425, agent: "a2", queue: "support"),
        agent("a2", "available", 425),
        on(.wrapUpEnded, "i1", 430, agent: "a1"),
        agent("a1", "available", 430),
        on(.offered, "i3", 440, agent: "a1"),
        on(.accepted, "i3", 450, agent: "a1"),
        agent("a1", "active", 450),
        enqueue("i4", "sales", 500),
        on(.overflowed, "i4", 560, queue: "support", reason: "max_wait"),
        on(.offered, "i4", 570, agent: "a2"),
        on(.accepted, "i4", 575, agent: "a2"),
        agent("a2", "active", 575),
        on(.completed, "i3", 650, agent: "a1"),
        agent("a1", "wrap_up", 650),
        on(.wrapUpEnded, "i3", 700, agent: "a1"),
        agent("a1", "available", 700),
        on(.completed, "i4", 875, agent: "a2"),
        agent("a2", "wrap_up", 875),
        on(.wrapUpEnded, "i4", 900, agent: "a2"),
        agent("a2", "not_ready", 900, reason: "break"),
        enqueue("i5", "sales", 1_000),
        agent("a1", "not_ready", 1_000, reason: "break"),
        on(.abandoned, "i5", 1_010, reason: "caller_hung_up"),
        .agentLogout("a1", at: at(1_200)),
        agent("a2", "available", 1_500),
        .agentLogout("a2", reason: "shift_end", at: at(1_800)),
        // The next day: outside the period.
        enqueue("i6", "support", 86_410),
    ]
}
