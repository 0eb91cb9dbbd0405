import DequeModule
import SwitchboardMessages

/// Holds back replies until the store has committed what they acknowledge, keeping each
/// connection's messages in order.
///
/// An `ok` to `enqueue`, `accept`, `complete` or `cancel` may only leave once its events are on
/// disk; anything sent to the same connection after it waits behind it, so a client never sees a
/// push about an interaction before the answer that created it. Connections with nothing held are
/// written to at once. Owned by the routing owner; pure bookkeeping, no I/O of its own.
struct DurableOutbox {
    struct Entry {
        /// The store ticket that must be durable first; 0 for messages that only keep their order.
        var ticket: Int64
        var message: ServerMessage
        /// Sent instead of `message` when the batch holding `ticket` failed.
        var onFailure: ServerMessage?
    }

    private var held: [UInt64: (link: any ClientLink, entries: Deque<Entry>)] = [:]
    /// Every ticket up to this one is durable.
    private(set) var durable: Int64 = 0
    /// Tickets up to this one were lost with a failed batch (those after `durable` when it failed).
    private var failedUpTo: Int64 = 0

    /// Connections with messages waiting.
    var heldConnections: Int { held.count }

    /// Sends now, or behind what the connection already has waiting.
    mutating func send(_ message: ServerMessage, to link: any ClientLink) {
        guard !held.isEmpty, held[link.id] != nil else {
            link.send(message)
            return
        }
        held[link.id]?.entries.append(Entry(ticket: 0, message: message, onFailure: nil))
    }

    /// Sends `message` once `ticket` is durable (at once if it already is), or `onFailure` if its batch failed.
    mutating func send(_ message: ServerMessage, to link: any ClientLink, whenDurable ticket: Int64, onFailure: ServerMessage) {
        if ticket <= durable && held[link.id] == nil {
            link.send(message)
            return
        }
        held[link.id, default: (link, [])].entries.append(Entry(ticket: ticket, message: message, onFailure: onFailure))
    }

    /// The store committed through `ticket`: release what waited for it.
    mutating func committed(through ticket: Int64) {
        durable = max(durable, ticket)
        release()
    }

    /// A batch failed: tickets after `durable` up to `lostThrough` will never be durable.
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
        guard !held.isEmpty else { return }
        for id in Array(held.keys) {
            guard let link = held[id]?.link, var entries = held[id]?.entries else { continue }
            while let first = entries.first {
                if first.ticket <= durable {
                    link.send(first.message)
                } else if first.ticket <= failedUpTo {
                    link.send(first.onFailure ?? first.message)
                } else {
                    break
                }
                entries.removeFirst()
            }
            held[id] = entries.isEmpty ? nil : (link, entries)
        }
    }
}
