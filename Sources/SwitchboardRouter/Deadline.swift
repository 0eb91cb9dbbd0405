/// A timer in the router's deadline heap. Timers are never removed when cancelled: each carries
/// enough to check, when it surfaces, whether what it was set for still stands (lazy cancellation).
///
/// Ordered by (instant, kind, a, b), a total order that does not depend on insertion history, so
/// timers due together fire in the same order in every router fed the same calls.
struct Deadline: Comparable {
    enum Kind: UInt8 {
        case offerTimeout = 0       // a: interaction serial, b: agent index
        case wrapUpEnd = 1          // a: agent index, b: interaction serial
        case skipExpiry = 2         // a: interaction serial, b: agent index
        case preferredFallback = 3  // a: interaction serial
        case tierFallback = 4       // a: interaction serial
        case relaxation = 5         // a: interaction serial, b: step (1-based)
        case maxWait = 6            // a: interaction serial
    }

    var at: Int64
    var kind: Kind
    var a: UInt64
    var b: UInt64
    /// Interaction slot (or agent index) to look at without a dictionary lookup.
    var slot: Int32
    /// Queue-entry generation for queue-bound timers.
    var generation: UInt32

    static func < (x: Deadline, y: Deadline) -> Bool {
        if x.at != y.at { return x.at < y.at }
        if x.kind != y.kind { return x.kind.rawValue < y.kind.rawValue }
        if x.a != y.a { return x.a < y.a }
        return x.b < y.b
    }

    static func == (x: Deadline, y: Deadline) -> Bool {
        x.at == y.at && x.kind == y.kind && x.a == y.a && x.b == y.b && x.slot == y.slot && x.generation == y.generation
    }
}
