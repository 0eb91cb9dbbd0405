// Public: the inlinable members below use `Heap`.
public import HeapModule

/// Deadlines by id (complaints waiting to be answered, for one): which ids are due at an instant, and
/// when the next one falls due, for the caller's timer.
///
/// A min-heap of (due, serial, id) with lazy removal: `unwatch` and a re-`watch` only forget the id's
/// current entry, and stale heap entries are skipped when they surface. The heap's top is kept valid,
/// so `nextDue` is exact; the heap is rebuilt from the watched ids whenever stale entries outnumber
/// them, so it stays within about twice the ids watched.
///
/// Ids due at the same instant come out in the order they were (last) watched. Deterministic: no clock,
/// the caller passes every instant (wall-clock milliseconds).
///
/// - Complexity: `watch`, `unwatch` and each id popped: O(log n) amortized, n = ids watched.
///   `nextDue`, `count`, `due(of:)`: O(1).
///
/// Inlinable, so the routing owner's calls (several per contact) are specialized for its id type rather
/// than going through generic metadata on every call.
public struct DeadlineWatch<ID: Hashable> {
    @usableFromInline
    struct Entry: Comparable {
        @usableFromInline var due: Int64
        @usableFromInline var serial: UInt64
        @usableFromInline var id: ID

        @inlinable
        init(due: Int64, serial: UInt64, id: ID) {
            self.due = due
            self.serial = serial
            self.id = id
        }

        @inlinable
        static func < (x: Entry, y: Entry) -> Bool {
            x.due != y.due ? x.due < y.due : x.serial < y.serial
        }

        @inlinable
        static func == (x: Entry, y: Entry) -> Bool { x.due == y.due && x.serial == y.serial }
    }

    @usableFromInline var heap = Heap<Entry>()
    /// The live entry of each watched id; a heap entry whose serial differs is stale.
    @usableFromInline var watched: [ID: (due: Int64, serial: UInt64)] = [:]
    @usableFromInline var nextSerial: UInt64 = 0

    @inlinable
    public init() {}

    /// The ids watched.
    @inlinable
    public var count: Int { watched.count }

    @inlinable
    public var isEmpty: Bool { watched.isEmpty }

    /// The earliest due instant of a watched id; nil when none is watched.
    @inlinable
    public var nextDue: Int64? { heap.min?.due }

    /// When `id` falls due; nil when it is not watched.
    @inlinable
    public func due(of id: ID) -> Int64? { watched[id]?.due }

    /// Watches `id` until `due` (an id is due once `now >= due`). Watching an id again replaces its deadline.
    @inlinable
    public mutating func watch(_ id: ID, due: Int64) {
        let serial = nextSerial
        nextSerial &+= 1
        let replaced = watched.updateValue((due, serial), forKey: id) != nil
        heap.insert(Entry(due: due, serial: serial, id: id))
        if replaced { settle() }
    }

    /// Stops watching `id`. Returns whether it was watched.
    @inlinable @discardableResult
    public mutating func unwatch(_ id: ID) -> Bool {
        guard watched.removeValue(forKey: id) != nil else { return false }
        settle()
        return true
    }

    /// Removes and returns the ids due at `now` (due ≤ now), earliest first.
    @inlinable
    public mutating func popDue(now: Int64) -> [ID] {
        var ids: [ID] = []
        popDue(now: now, into: &ids)
        return ids
    }

    /// Removes the ids due at `now` (due ≤ now) and appends them to `ids`, earliest first.
    @inlinable
    public mutating func popDue(now: Int64, into ids: inout [ID]) {
        while let top = heap.min, top.due <= now {
            heap.removeMin()
            if let live = watched[top.id], live.serial == top.serial {
                watched.removeValue(forKey: top.id)
                ids.append(top.id)
            }
        }
        settle()
    }

    /// Forgets every id.
    @inlinable
    public mutating func removeAll() {
        heap = Heap()
        watched.removeAll()
    }

    /// Drops stale entries from the top, so `nextDue` is exact, and rebuilds the heap when stale
    /// entries outnumber the live ones.
    @inlinable
    mutating func settle() {
        if heap.count > 2 * watched.count + 32 {
            heap = Heap(watched.map { Entry(due: $0.value.due, serial: $0.value.serial, id: $0.key) })
            return
        }
        while let top = heap.min, watched[top.id]?.serial != top.serial { heap.removeMin() }
    }

    /// Heap entries, stale ones included (for tests of the bound).
    var heapCount: Int { heap.count }
}

extension DeadlineWatch: Sendable where ID: Sendable {}
extension DeadlineWatch.Entry: Sendable where ID: Sendable {}
