/// A record threaded on a `SlotList` by slot index.
protocol SlotListNode {
    var previous: Int32 { get set }
    var next: Int32 { get set }
}

/// A doubly linked list threaded through the slots of an array, oldest first. It keeps a
/// least-recently-seen order at O(1) per touch with no allocation and no garbage to compact, which a
/// log of touches would need.
struct SlotList {
    static let none: Int32 = -1

    private(set) var head: Int32 = SlotList.none
    private(set) var tail: Int32 = SlotList.none
    private(set) var count = 0

    var isEmpty: Bool { head == SlotList.none }

    /// Puts `slot`, which is on no list, at the tail.
    mutating func append<Node: SlotListNode>(_ slot: Int32, in nodes: inout [Node]) {
        nodes[Int(slot)].previous = tail
        nodes[Int(slot)].next = SlotList.none
        if tail == SlotList.none { head = slot } else { nodes[Int(tail)].next = slot }
        tail = slot
        count += 1
    }

    /// Takes `slot`, which is on this list, off it.
    mutating func remove<Node: SlotListNode>(_ slot: Int32, in nodes: inout [Node]) {
        let previous = nodes[Int(slot)].previous
        let next = nodes[Int(slot)].next
        if previous == SlotList.none { head = next } else { nodes[Int(previous)].next = next }
        if next == SlotList.none { tail = previous } else { nodes[Int(next)].previous = previous }
        nodes[Int(slot)].previous = SlotList.none
        nodes[Int(slot)].next = SlotList.none
        count -= 1
    }

    mutating func removeAll() { self = SlotList() }
}
