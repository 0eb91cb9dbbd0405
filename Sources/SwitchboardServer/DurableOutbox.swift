import DequeModule
import SwitchboardMessages

/// Holds back replies until the store has committed what they acknowledge, keeping each
/// connection's messages in order.
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
        var message: ServerMessage
        /// Sent instead of `message` when the batch holding `ticket` failed (kept as the bare error:
        /// entries are moved on every commit, and a second whole message would double their size).
        var onFailure: ProtocolError?
    }

    struct Held {
        var link: any ClientLink
        var entries: Deque<Entry> = []
    }

    private var held: [UInt64: Held] = [:]
    /// Connections with a held answer, in ticket order (tickets only grow), so a commit visits only
    /// the connections it releases.
    private var waiting: Deque<(ticket: Int64, link: UInt64)> = []
    /// Every ticket up to this one is durable.
    private(set) var durable: Int64 = 0
    /// Tickets up to this one were lost with a failed batch (those after `durable` when it failed).
    private var failedUpTo: Int64 = 0

    /// Connections with messages waiting.
    var heldConnections: Int { held.count }

    /// Sends now, or behind what the connection already has waiting.
    mutating func send(_ message: ServerMessage, to link: any ClientLink) {
        // Appended through the index, never through a copy: a copy would make the append copy the queue.
        guard !held.isEmpty, let index = held.index(forKey: link.id) else {
            link.send(message)
            return
        }
        held.values[index].entries.append(Entry(ticket: 0, message: message, onFailure: nil))
    }

    /// Sends `message` once `ticket` is durable (at once if it already is), or `onFailure` if its batch failed.
    mutating func send(_ message: ServerMessage, to link: any ClientLink, whenDurable ticket: Int64, onFailure: ProtocolError) {
        if ticket <= durable && held[link.id] == nil {
            link.send(message)
            return
        }
        held[link.id, default: Held(link: link)].entries.append(Entry(ticket: ticket, message: message, onFailure: onFailure))
        waiting.append((ticket, link.id))
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
        held[link.id] = nil
    }

    private mutating func release() {
        let settled = max(durable, failedUpTo)
        while let first = waiting.first, first.ticket <= settled {
            waiting.removeFirst()
            releaseHead(of: first.link)
        }
    }

    /// Sends a connection's messages from the front up to its first answer still waiting.
    private mutating func releaseHead(of id: UInt64) {
        guard var state = held.removeValue(forKey: id) else { return }
        while let ticket = state.entries.first?.ticket, ticket <= durable || ticket <= failedUpTo {
            // Moved out, not copied: a commit releases thousands of entries.
            guard let entry = state.entries.popFirst() else { break }
            if ticket <= durable {
                state.link.send(entry.message)
            } else {
                state.link.send(entry.onFailure.map { .error($0) } ?? entry.message)
            }
        }
        if !state.entries.isEmpty { held[id] = state }
    }
}
