import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

/// Capacity as each agent sees it on its own connection: no offer may arrive while the messages the
/// agent already received say it holds what the offer would exceed.
struct AgentLineTests {
    static let agentCount = 6

    static func capacity(of agent: Int) -> [String: Int] {
        ["voice": 1, "chat": 1 + agent % 3, "email": 2]
    }

    /// Four queues without requirements: two voice (one with wrap-up), chat offered to two agents at
    /// once, e-mail. No offer times out and no rejection skip ends during the test, so
    /// the run depends only on the requests.
    static func configuration() -> SwitchboardConfiguration {
        var config = SwitchboardConfiguration()
        // These agents take work as soon as they log in (the shipped default is not ready).
        config.agentSettings.loginState = .available
        config.routing.rejectSkipSeconds = 3600
        config.queues = [
            QueueDefinition(name: "voice", channels: [.voice], agingPointsPerSecond: 0, offerTimeoutSeconds: 600),
            QueueDefinition(name: "voice2", channels: [.voice], agingPointsPerSecond: 0, wrapUpSeconds: 600, offerTimeoutSeconds: 600),
            QueueDefinition(name: "chat", channels: [.chat], agingPointsPerSecond: 0, offerTimeoutSeconds: 600, parallelOffers: 2),
            QueueDefinition(name: "mail", channels: [.email], agingPointsPerSecond: 0, offerTimeoutSeconds: 600),
        ]
        config.agents = (0..<agentCount).map { i in
            AgentDefinition(id: "ag\(i)", name: "Agent \(i)",
                            capacity: [.voice: 1, .chat: 1 + i % 3, .email: 2, .sms: 0, .callback: 0, .video: 0])
        }
        return config
    }

    func request(_ hub: RoutingHub, _ principal: Principal, _ link: RecordingLink, _ json: String) async throws {
        await hub.handle(try MessageDecoder.decode(json), from: link)
    }

    @Test func anAgentHearsTheCustomerLeftBeforeItsNextOffer() async throws {
        let hub = try RoutingHub(configuration: Self.configuration(), logger: quietLogger)
        let agent = RecordingLink(), source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        _ = await hub.attach(.agent(id: "ag0"), link: agent)
        try await request(hub, .source(name: "gw"), source,
                          #"{"type":"enqueue","interaction":{"id":"v1","channel":"voice","queue":"voice"}}"#)
        try await request(hub, .agent(id: "ag0"), agent, #"{"type":"accept","interactionId":"v1"}"#)
        try await request(hub, .source(name: "gw"), source,
                          #"{"type":"enqueue","interaction":{"id":"v2","channel":"voice","queue":"voice"}}"#)
        _ = agent.drain()

        // The customer of v1 hangs up while v2 waits: the agent is free (no wrap-up) and gets v2 at once.
        try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","interactionId":"v1"}"#)
        let pushed = agent.drain()
        let left = pushed.firstIndex { $0.contains(#""type":"interaction""#) && $0.contains(#""interactionId":"v1""#) }
        let next = pushed.firstIndex { $0.contains(#""type":"offer""#) && $0.contains(#""id":"v2""#) }
        #expect(left != nil && next != nil)
        if let left, let next { #expect(left < next, "\(pushed)") }
        await hub.stop()
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomTrafficNeverOffersBeyondCapacityOnTheAgentsLine(seed: UInt64) async throws {
        let hub = try RoutingHub(configuration: Self.configuration(), logger: quietLogger)
        let source = RecordingLink()
        _ = await hub.attach(.source(name: "gw"), link: source)
        var random = SplitMix64(seed: seed)
        var links: [RecordingLink?] = Array(repeating: nil, count: Self.agentCount)
        var lines = (0..<Self.agentCount).map { AgentLineChecker(agentId: "ag\($0)", capacity: Self.capacity(of: $0)) }
        var enqueued: [String] = []
        var offers = 0, customerLeft = 0

        func collect(_ step: String) {
            for i in links.indices {
                guard let link = links[i] else { continue }
                for message in link.take() {
                    if case .offer = message { offers += 1 }
                    if case .interaction(_, .completed, _, _, _, _) = message { customerLeft += 1 }
                    lines[i].receive(message, step: step)
                }
            }
            _ = source.take()
        }

        for i in 0..<Self.agentCount {
            let link = RecordingLink()
            links[i] = link
            _ = await hub.attach(.agent(id: "ag\(i)"), link: link)
        }
        collect("login")

        for step in 0..<4_000 {
            var i = random.below(Self.agentCount)
            let label = "step \(step)"
            switch random.below(100) {
            case 0..<30:
                let (queue, channel) = [("voice", "voice"), ("voice2", "voice"), ("chat", "chat"), ("mail", "email")][random.below(4)]
                let id = "i\(step)"
                enqueued.append(id)
                try await request(hub, .source(name: "gw"), source,
                                  #"{"type":"enqueue","interaction":{"id":"\#(id)","channel":"\#(channel)","queue":"\#(queue)"}}"#)
            case 30..<55:
                guard let k = random.element(of: links.indices.filter({ links[$0] != nil && !lines[$0].pendingOffers.isEmpty })),
                      let link = links[k], let id = random.element(of: lines[k].pendingOffers) else { break }
                if random.below(5) > 0 {
                    try await request(hub, .agent(id: "ag\(k)"), link, #"{"type":"accept","ref":"a:\#(id)","interactionId":"\#(id)"}"#)
                } else {
                    lines[k].letGo(id)
                    try await request(hub, .agent(id: "ag\(k)"), link, #"{"type":"reject","ref":"r:\#(id)","interactionId":"\#(id)"}"#)
                }
            case 55..<68:
                guard let k = random.element(of: links.indices.filter({ links[$0] != nil && !lines[$0].active.isEmpty })),
                      let link = links[k], let id = random.element(of: lines[k].active) else { break }
                lines[k].letGo(id)
                try await request(hub, .agent(id: "ag\(k)"), link, #"{"type":"complete","ref":"c:\#(id)","interactionId":"\#(id)"}"#)
            case 68..<80:
                // Mostly a customer being served hangs up; sometimes one still waiting or offered.
                let handled = lines.flatMap(\.active)
                guard let id = random.below(3) > 0 && !handled.isEmpty ? random.element(of: handled) : random.element(of: enqueued.suffix(40))
                else { break }
                try await request(hub, .source(name: "gw"), source, #"{"type":"cancel","interactionId":"\#(id)"}"#)
            case 80..<88:
                // Mostly back to available (which also ends wrap-up early).
                if let k = random.element(of: links.indices.filter({ links[$0] != nil })) { i = k }
                guard let link = links[i] else { break }
                let state = random.below(10) < 8 ? #""available""# : #""not_ready","reason":"break""#
                try await request(hub, .agent(id: "ag\(i)"), link, #"{"type":"state","ref":"s","state":\#(state)}"#)
            case 88..<91:
                if let k = random.element(of: links.indices.filter({ links[$0] != nil && !lines[$0].active.isEmpty })) { i = k }
                guard let id = random.element(of: lines[i].active), let link = links[i] else { break }
                let queue = random.below(2) == 0 ? "voice" : "voice2"
                // Only voice moves between these queues; other channels answer bad_request and stay.
                if lines[i].holds[id] == "voice" { lines[i].letGo(id) }
                try await request(hub, .agent(id: "ag\(i)"), link, #"{"type":"transfer","ref":"t","interactionId":"\#(id)","queue":"\#(queue)"}"#)
            case 91..<94:
                guard let link = links[i] else { break }
                links[i] = nil
                await hub.detach(link)
            case 94..<98:
                guard links[i] == nil else { break }
                let link = RecordingLink()
                links[i] = link
                _ = await hub.attach(.agent(id: "ag\(i)"), link: link)
            default:
                // A newer login takes over; the older connection then closes.
                guard let old = links[i] else { break }
                let link = RecordingLink()
                links[i] = link
                _ = await hub.attach(.agent(id: "ag\(i)"), link: link)
                await hub.detach(old)
            }
            collect(label)
        }

        let breaches = lines.flatMap(\.breaches)
        #expect(breaches.isEmpty, "\(breaches.count) breaches, first: \(breaches.prefix(5))")
        // The run exercised what matters: many offers, and customers leaving during handling.
        #expect(offers > 500)
        #expect(customerLeft > 20)
        await hub.stop()
    }
}
