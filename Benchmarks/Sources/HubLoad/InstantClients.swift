import Foundation
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardServer

/// The simulated clients of one run: a source that keeps ``HubLoadLayout/openInteractions`` open,
/// and agents that accept every offer and complete it at once.
///
/// Requests are pipelined the way fast clients would send them: the source does not wait for an
/// enqueue's `ok`, an agent sends `complete` right behind `accept` without waiting for the accept's
/// `ok`. The only thing that waits for the disk is what the hub itself holds back until the store
/// committed (the `ok`s, and messages queued behind them on the same connection).
///
/// Runs on the hub's thread only (every method takes the hub `isolated`, and the hub calls the
/// links from its own thread), hence `@unchecked Sendable` and no locks.
final class InstantClients: @unchecked Sendable {
    enum Request {
        case enqueue
        case accept(agent: Int, interaction: String)
        case complete(agent: Int, interaction: String)
    }

    static let enqueueRef = "enq"
    static let acceptRef = "acc"
    static let completeRef = "cmp"
    /// Requests handled before giving the hub's thread back, so store commit notices are not held up.
    static let quantum = 128

    let layout: HubLoadLayout
    private var agentLinks: [InMemoryLink] = []
    private var agentPrincipals: [Principal] = []
    private var sourceLink: InMemoryLink?
    private let sourcePrincipal = Principal.source(name: HubLoadLayout.sourceName)
    private let queueNames: [String]

    private var pending: [Request] = []
    private var head = 0
    private var nextQueue = 0
    private var nextCustomer = 0
    /// The source replaces each finished interaction (off while draining).
    private var replacing = true
    /// Parked while there is nothing to send; woken by anything the hub sends.
    private var idle: CheckedContinuation<Void, Never>?

    private(set) var tally = HubLoadTally()
    /// `complete` requests handled: finished routing cycles.
    private(set) var completed = 0
    /// Interactions enqueued and not completed yet.
    private(set) var open = 0
    /// Set by the watchdog when nothing moved for a long time; every wait gives up then.
    private(set) var stalled = false
    private var progressAtLastCheck = -1
    /// CPU time the hub's thread spent while the clients were routing (requests, commit notices,
    /// releasing held replies): what routing costs, whether or not it waits for acknowledgements.
    private(set) var hubCPUNanoseconds: Int64 = 0

    init(layout: HubLoadLayout) {
        self.layout = layout
        queueNames = (0..<layout.queues).map(HubLoadLayout.queueName)
    }

    // MARK: Running

    /// Connects the source and the agents (all available), and queues the initial interactions.
    func open(on hub: isolated RoutingHub) throws(HubLoadError) {
        let source = InMemoryLink(role: .source, clients: self)
        sourceLink = source
        guard hub.attach(sourcePrincipal, link: source) == nil else { throw HubLoadError.loginRefused(HubLoadLayout.sourceName) }
        for n in 0..<layout.agents {
            let link = InMemoryLink(role: .agent(index: n), clients: self)
            let principal = Principal.agent(id: HubLoadLayout.agentID(n))
            agentLinks.append(link)
            agentPrincipals.append(principal)
            guard hub.attach(principal, link: link) == nil else { throw HubLoadError.loginRefused(HubLoadLayout.agentID(n)) }
        }
        for _ in 0..<layout.openInteractions { push(.enqueue) }
    }

    /// Routes until `cycles` more interactions were completed (or the run stalled).
    func run(on hub: isolated RoutingHub, cycles: Int) async {
        let target = completed + cycles
        let cpuAtStart = Self.threadCPUNanoseconds()
        defer { hubCPUNanoseconds += Self.threadCPUNanoseconds() - cpuAtStart }
        while completed < target && !stalled {
            if head == pending.count {
                await withCheckedContinuation { idle = $0 }
                continue
            }
            var budget = Self.quantum
            while budget > 0 && head < pending.count && completed < target {
                let request = pending[head]
                head += 1
                budget -= 1
                send(request, to: hub)
            }
            compact()
            // Lets the store's commit notices (queued on this thread) release held replies.
            await Task.yield()
        }
    }

    /// Stops replacing finished interactions and routes until every open one is completed.
    func drain(on hub: isolated RoutingHub) async {
        replacing = false
        while open > 0 && !stalled {
            await run(on: hub, cycles: 1)
        }
    }

    /// Waits until the hub answered every request (the store-held `ok`s arrive after its commits).
    func awaitAcknowledgements(on hub: isolated RoutingHub) async {
        while tally.missingAcknowledgements > 0 && !stalled {
            await withCheckedContinuation { idle = $0 }
        }
    }

    /// Called about once a second with the checks so far without progress; returns the new count.
    /// After `limit` checks without any request handled or answer received, the run is declared
    /// stalled (a lost acknowledgement would otherwise hang it).
    func checkProgress(on hub: isolated RoutingHub, stalledAfter limit: Int, checks: Int) -> Int {
        let progress = completed + tally.enqueueOks + tally.acceptOks + tally.completeOks + tally.offers
        if progress != progressAtLastCheck {
            progressAtLastCheck = progress
            return 0
        }
        if checks + 1 >= limit {
            stalled = true
            wake()
        }
        return checks + 1
    }

    /// CPU time of the calling thread (here always the hub's).
    static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private func send(_ request: Request, to hub: isolated RoutingHub) {
        switch request {
        case .enqueue:
            guard let sourceLink else { return }
            let queue = queueNames[nextQueue]
            nextQueue = nextQueue + 1 == queueNames.count ? 0 : nextQueue + 1
            var customer: String?
            if layout.customers > 0 {
                customer = HubLoadLayout.customerID(nextCustomer)
                nextCustomer = nextCustomer + 1 == layout.customers ? 0 : nextCustomer + 1
            }
            tally.enqueues += 1
            open += 1
            hub.handle(ClientEnvelope(ref: Self.enqueueRef, message: .enqueue(EnqueueRequest(channel: .voice, queue: queue, customerId: customer))),
                       from: sourceLink)
        case let .accept(agent, interaction):
            tally.accepts += 1
            hub.handle(ClientEnvelope(ref: Self.acceptRef, message: .accept(interactionId: interaction, reason: nil)), from: agentLinks[agent])
        case let .complete(agent, interaction):
            tally.completes += 1
            completed += 1
            open -= 1
            hub.handle(ClientEnvelope(ref: Self.completeRef, message: .complete(interactionId: interaction, disposition: nil)), from: agentLinks[agent])
            if replacing { push(.enqueue) }
        }
    }

    private func push(_ request: Request) {
        pending.append(request)
        wake()
    }

    private func wake() {
        if let idle {
            self.idle = nil
            idle.resume()
        }
    }

    private func compact() {
        if head == pending.count {
            pending.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4_096 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
    }

    // MARK: What the hub sends

    func received(_ message: ServerMessage, by link: InMemoryLink) {
        switch message {
        case .ok(let ref, _):
            switch ref {
            case Self.enqueueRef?: tally.enqueueOks += 1
            case Self.acceptRef?: tally.acceptOks += 1
            case Self.completeRef?: tally.completeOks += 1
            default: tally.noteError("ok with unexpected ref \(ref ?? "nil")")
            }
            wake()
        case .offer(let interaction, _):
            guard case .agent(let index) = link.role else {
                tally.noteError("offer \(interaction.id) sent to the source")
                return
            }
            tally.offers += 1
            push(.accept(agent: index, interaction: interaction.id))
            push(.complete(agent: index, interaction: interaction.id))
        case .error(let error):
            tally.noteError(MessageEncoder.encodeString(.error(error)))
            wake()
        case .revoked(let interaction, let reason):
            tally.noteError("offer of \(interaction) revoked: \(reason)")
        case .welcome, .agentState, .interaction, .stats, .alert:
            break
        }
    }

    func closed(_ link: InMemoryLink, code: UInt16, reason: String) {
        tally.noteError("connection \(link.id) closed by the hub: \(code) \(reason)")
        wake()
    }
}
