import DequeModule
import SwitchboardMessages

/// Holds back replies until the store has committed what they acknowledge (or, for an answer read
/// from the store, until it is read), keeping each connection's messages in order.
///
/// The `ok` to `enqueue`, `accept`, `complete` or `cancel` may only leave once its events are on
/// disk; anything sent to the same connection after it waits behind it. Routing itself never waits
/// (the decision is made and recorded at once); only delivery to that one connection does. Strict
/// order matters: an offer that capacity freed by a customer hanging up made possible must not
/// reach the agent before the `ok` of the accept it follows, or the agent would see two calls at
/// once. Owned by the routing owner; pure bookkeeping, no I/O of its own.
struct DurableOutbox {
    struct Entry {
        /// The store ticket that must be durable first; 0 for messages that only keep their order.
        var ticket: Int64
        /// Nil while the place is reserved for an answer still being read (``reserve(for:)``).
        var message: ServerMessage?
        /// Sent instead of `message` when the batch holding `ticket` failed (kept as the bare error:
        /// entries are moved on every commit, and a second whole message would double their size).
        var onFailure: ProtocolError?
        /// The reservation this place holds for a later answer; 0 for none.
        var reservation: UInt64 = 0
    }

    /// A connection's queue. It stays (empty, with its storage) after its messages are released, so
    /// the next held answer costs no allocation; ``forget(_:)`` frees the slot with the connection.
    struct Held {
        var link: (any ClientLink)?
        var entries: Deque<Entry> = []
    }

    /// Each connection's slot in `slots`. Queues live in an array, not in the dictionary's values:
    /// an array element is read in place, a dictionary value through a copy (two retains per look).
    private var slotOf: [UInt64: Int] = [:]
    private var slots: [Held] = []
    private var freeSlots: [Int] = []
    /// Connections with a held answer, in ticket order (tickets only grow), so a commit visits only
    /// the connections it releases.
    private var waiting: Deque<(ticket: Int64, link: UInt64)> = []
    /// Every ticket up to this one is durable.
    private(set) var durable: Int64 = 0
    /// Tickets up to this one were lost with a failed batch (those after `durable` when it failed).
    private var failedUpTo: Int64 = 0
    /// Places reserved for answers still being read, by reservation, with their connection.
    private var reservations: [UInt64: UInt64] = [:]
    private var lastReservation: UInt64 = 0

    /// Whether anything waits for the connection (an answer held for the disk or being read, or
    /// what was sent behind one).
    func isHolding(_ link: any ClientLink) -> Bool {
        slotOf[link.id].map { !slots[$0].entries.isEmpty } ?? false
    }

    /// Connections with messages waiting.
    var heldConnections: Int { slots.count { !$0.entries.isEmpty } }

    /// Sends now, or behind what the connection already has waiting.
    mutating func send(_ message: ServerMessage, to link: any ClientLink) {
        // A connection's queue is non-empty only behind a held answer, which is in `waiting`, or
        // behind a reservation.
        guard !waiting.isEmpty || !reservations.isEmpty, let slot = slotOf[link.id], !slots[slot].entries.isEmpty else {
            link.send(message)
            return
        }
        slots[slot].entries.append(Entry(ticket: 0, message: message, onFailure: nil))
    }

    /// Sends `message` once `ticket` is durable (at once if it already is), or `onFailure` if its batch failed.
    mutating func send(_ message: ServerMessage, to link: any ClientLink, whenDurable ticket: Int64, onFailure: ProtocolError) {
        let known = slotOf[link.id]
        let queued = known.map { !slots[$0].entries.isEmpty } ?? false
        if ticket <= durable && !queued {
            link.send(message)
            return
        }
        let slot = known ?? newSlot(for: link)
        slots[slot].entries.append(Entry(ticket: ticket, message: message, onFailure: onFailure))
        waiting.append((ticket, link.id))
    }

    /// Reserves the connection's next place for an answer that is still being read (a customer's
    /// history from the store): what is sent to the connection meanwhile waits behind it, so replies
    /// keep the order of the requests. Returns the reservation to ``fill(_:with:)``.
    mutating func reserve(for link: any ClientLink) -> UInt64 {
        lastReservation &+= 1
        let slot = slotOf[link.id] ?? newSlot(for: link)
        slots[slot].entries.append(Entry(ticket: 0, message: nil, onFailure: nil, reservation: lastReservation))
        reservations[lastReservation] = link.id
        return lastReservation
    }

    /// Puts the answer in its reserved place and sends what no longer waits. A reservation whose
    /// connection is gone is ignored.
    mutating func fill(_ reservation: UInt64, with message: ServerMessage) {
        guard let id = reservations.removeValue(forKey: reservation), let slot = slotOf[id],
              let index = slots[slot].entries.firstIndex(where: { $0.reservation == reservation })
        else { return }
        slots[slot].entries[index].message = message
        slots[slot].entries[index].reservation = 0
        releaseHead(of: id)
    }

    private mutating func newSlot(for link: any ClientLink) -> Int {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot].link = link
        } else {
            slot = slots.count
            slots.append(Held(link: link))
        }
        slotOf[link.id] = slot
        return slot
    }

    /// The store committed through `ticket`: release what waited for it.
    mutating func committed(through ticket: Int64) {
        durable = max(durable, ticket)
        release()
    }

    /// A batch failed: tickets after `durableTicket` up to `lostThrough` will never be durable.
    mutating func failed(after durableTicket: Int64, through lostThrough: Int64) {
        durable = max(durable, durableTicket)
        failedUpTo = max(failedUpTo, lostThrough)
        release()
    }

    /// Drops what waits for a connection that is gone.
    mutating func forget(_ link: any ClientLink) {
        guard let slot = slotOf.removeValue(forKey: link.id) else { return }
        for entry in slots[slot].entries where entry.reservation != 0 {
            reservations[entry.reservation] = nil
        }
        slots[slot] = Held(link: nil)
        freeSlots.append(slot)
    }

    private mutating func release() {
        let settled = max(durable, failedUpTo)
        while let first = waiting.first, first.ticket <= settled {
            waiting.removeFirst()
            releaseHead(of: first.link)
        }
    }

    /// Sends a connection's messages from the front up to its first answer still waiting (for the
    /// disk, or to be read).
    private mutating func releaseHead(of id: UInt64) {
        guard let slot = slotOf[id], !slots[slot].entries.isEmpty, let link = slots[slot].link else { return }
        while let first = slots[slot].entries.first, first.reservation == 0,
              first.ticket <= durable || first.ticket <= failedUpTo {
            // Moved out, not copied: a commit releases thousands of entries.
            let entry = slots[slot].entries.removeFirst()
            guard let message = entry.message else { continue }
            if entry.ticket <= durable {
                link.send(message)
            } else {
                link.send(entry.onFailure.map { .error($0) } ?? message)
            }
        }
    }
}
