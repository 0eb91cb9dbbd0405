import DequeModule
import SwitchboardMessages

/// Holds back replies until the store has committed what they acknowledge, without holding up routing.
///
/// The `ok` to `enqueue`, `accept`, `complete` or `cancel` may only leave once its events are on
/// disk. What follows it on the same connection keeps its place behind it — except news about
/// *other* interactions (offers, revocations, interaction events): an agent gets its next offer while
/// the `ok` to its last `complete` is still waiting for the disk, so routing never waits on the
/// store. A client therefore never hears about an interaction before the answer that created it,
/// and answers keep their order. Owned by the routing owner; pure bookkeeping, no I/O of its own.
struct DurableOutbox {
    struct Entry {
        /// The store ticket that must be durable first; 0 for messages that only keep their order.
        var ticket: Int64
        var message: ServerMessage
        /// Sent instead of `message` when the batch holding `ticket` failed.
        var onFailure: ServerMessage?
        /// The interaction a held answer is about, which later news about it must wait for.
        var interaction: String?
    }

    struct Held {
        var link: any ClientLink
        var entries: Deque<Entry> = []
        /// Held answers per interaction.
        var interactions: [String: Int] = [:]
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

    /// Sends now, or behind what the connection has waiting when it must keep its place.
    mutating func send(_ message: ServerMessage, to link: any ClientLink) {
        // Mutated through the index, never through a copy: a copy of the entries would make the
        // append copy the whole queue.
        guard !held.isEmpty, let index = held.index(forKey: link.id) else {
            link.send(message)
            return
        }
        if let about = Self.news(message), held.values[index].interactions[about] == nil {
            link.send(message)
            return
        }
        held.values[index].entries.append(Entry(ticket: 0, message: message, onFailure: nil, interaction: nil))
    }

    /// Sends `message` (an answer about `interaction`) once `ticket` is durable — at once if it
    /// already is — or `onFailure` if its batch failed.
    mutating func send(_ message: ServerMessage, to link: any ClientLink, about interaction: String?,
                       whenDurable ticket: Int64, onFailure: ServerMessage) {
        if ticket <= durable && held[link.id] == nil {
            link.send(message)
            return
        }
        held[link.id, default: Held(link: link)].entries.append(
            Entry(ticket: ticket, message: message, onFailure: onFailure, interaction: interaction))
        if let interaction { held[link.id]?.interactions[interaction, default: 0] += 1 }
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
        while let first = state.entries.first {
            if first.ticket <= durable {
                state.link.send(first.message)
            } else if first.ticket <= failedUpTo {
                state.link.send(first.onFailure ?? first.message)
            } else {
                break
            }
            state.entries.removeFirst()
            if let interaction = first.interaction {
                let left = (state.interactions[interaction] ?? 1) - 1
                state.interactions[interaction] = left > 0 ? left : nil
            }
        }
        if !state.entries.isEmpty { held[id] = state }
    }

    /// The interaction a piece of news is about; nil for answers and anything that keeps its place.
    private static func news(_ message: ServerMessage) -> String? {
        switch message {
        case .offer(let interaction, _): interaction.id
        case .revoked(let id, _): id
        case .interaction(let id, _, _, _, _, _): id
        default: nil
        }
    }
}
