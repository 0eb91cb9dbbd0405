import Synchronization
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardTesting
@testable import SwitchboardServer

extension JSONValue {
    var text: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// 200 agents and 2,000 interactions through four queues: agents check every offer against their
/// skills and capacity, accept (sometimes reject first), handle briefly and complete; sources
/// cancel some; every interaction must reach exactly one terminal event.
struct LoadScenario {
    static let agentCount = 200
    static let interactionCount = 2_000
    static let sourceCount = 4
    static let skills = ["s0", "s1", "s2", "s3"]

    struct Report {
        var terminal: [String: Int] = [:]
        var enqueued = 0
        var offers = 0
        var violations: [String] = []
    }

    static func configuration() -> SwitchboardConfiguration {
        var config = SwitchboardConfiguration()
        // These agents take work as soon as they log in (the shipped default is not ready).
        config.agentSettings.loginState = .available
        // The server's hello deadline is a loop timer; the clients' steps run on the test process's
        // cooperative pool, which a busy run can hold up for many seconds between connect and hello.
        config.server.limits.helloTimeoutSeconds = 600
        config.skills = skills.map { SkillDefinition(name: $0) }
        config.routing.rejectSkipSeconds = 0.05
        config.queues = [
            QueueDefinition(name: "voice-a", channels: [.voice], requirements: ["s0": 3], agingPointsPerSecond: 0),
            QueueDefinition(name: "chat-b", channels: [.chat], requirements: ["s1": 2]),
            QueueDefinition(name: "email-c", channels: [.email], requirements: ["s2": 1], strategy: .leastOccupied),
            QueueDefinition(name: "mixed-d", channels: [.chat, .email], requirements: ["s3": 4], defaultPriority: 20,
                            strategy: .mostSkilled),
        ]
        config.agents = (0..<agentCount).map { i in
            AgentDefinition(id: "ag\(i)", name: "Agent \(i)",
                            skills: [skills[i % 4]: 3 + i % 7, skills[(i + 1) % 4]: 1 + i % 5],
                            capacity: [.voice: 1, .chat: 1 + i % 3, .email: 1 + i % 2, .sms: 0, .callback: 0, .video: 0])
        }
        config.credentials = Credentials(entries:
            config.agents.map { Credential(principal: .agent(id: $0.id), tokenHash: TokenHasher.digest("tok-\($0.id)")) }
            + (0..<sourceCount).map { Credential(principal: .source(name: "src\($0)"), tokenHash: TokenHasher.digest("tok-src\($0)")) })
        return config
    }

    /// What the agents must check an offer against.
    struct Plan: Sendable {
        var queue: String
        var channel: String
        var requirements: [String: Int]
    }

    static func plan(_ k: Int) -> Plan {
        switch k % 4 {
        case 0: Plan(queue: "voice-a", channel: "voice", requirements: k % 40 == 0 ? ["s0": 5] : ["s0": 3])
        case 1: Plan(queue: "chat-b", channel: "chat", requirements: ["s1": 2])
        case 2: Plan(queue: "email-c", channel: "email", requirements: ["s2": 1])
        default: Plan(queue: "mixed-d", channel: k % 8 == 3 ? "chat" : "email", requirements: ["s3": 4])
        }
    }

    final class Shared<T: Sendable>: Sendable {
        let state: Mutex<T>
        init(_ value: T) { state = Mutex(value) }
        func withLock<R>(_ body: (inout T) -> R) -> R { state.withLock { body(&$0) } }
    }

    static func run(connect: @Sendable @escaping () async throws -> any WireClient) async throws -> Report {
        let config = configuration()
        let report = Shared(Report())
        let plans = (0..<interactionCount).map(plan)
        let planByID = Dictionary(uniqueKeysWithValues: plans.enumerated().map { ("L\($0.offset)", $0.element) })

        // Agents.
        var agents: [any WireClient] = []
        for definition in config.agents {
            let client = try await connect()
            try await client.send(#"{"type":"hello","token":"tok-\#(definition.id)"}"#)
            guard let welcome = try await client.receive(), welcome.contains("welcome") else {
                throw ScenarioError("agent \(definition.id) got no welcome")
            }
            agents.append(client)
        }
        let agentTasks = zip(agents, config.agents).map { client, definition in
            Task { try await runAgent(client, definition, plans: planByID, report: report) }
        }

        // Sources.
        var sources: [any WireClient] = []
        for s in 0..<sourceCount {
            let client = try await connect()
            try await client.send(#"{"type":"hello","token":"tok-src\#(s)"}"#)
            guard let welcome = try await client.receive(), welcome.contains("welcome") else {
                throw ScenarioError("source \(s) got no welcome")
            }
            sources.append(client)
        }
        let done = Shared(0)
        let sourceTasks = sources.enumerated().map { s, client in
            Task {
                let mine = stride(from: s, to: interactionCount, by: sourceCount).map { $0 }
                let reader = Task { try await readSource(client, expecting: mine.count, report: report, done: done) }
                for k in mine {
                    let p = plans[k]
                    let skills = p.requirements == ["s0": 5] ? #","skills":{"s0":5}"# : ""
                    try await client.send(#"{"type":"enqueue","ref":"e:L\#(k)","interaction":{"id":"L\#(k)","channel":"\#(p.channel)","queue":"\#(p.queue)"\#(skills)}}"#)
                }
                try await reader.value
            }
        }
        for task in sourceTasks { try await task.value }
        // Let late duplicates, if any, arrive before counting.
        try await Task.sleep(for: .milliseconds(200))
        for client in agents + sources { await client.close() }
        for task in agentTasks { _ = try? await task.value }
        return report.withLock { $0 }
    }

    static func readSource(_ client: any WireClient, expecting count: Int, report: Shared<Report>, done: Shared<Int>) async throws {
        var finished = 0
        while finished < count, let text = try await client.receive() {
            let json = try JSONParser.parse(text)
            switch json["type"]?.text {
            case "ok":
                if let ref = json["ref"]?.text, ref.hasPrefix("e:") {
                    report.withLock { $0.enqueued += 1 }
                    let id = String(ref.dropFirst(2))
                    if let k = Int(id.dropFirst()), k % 20 == 0 {
                        try await client.send(#"{"type":"cancel","ref":"x:\#(id)","interactionId":"\#(id)","reason":"hung_up"}"#)
                    }
                }
            case "error":
                if let ref = json["ref"]?.text, ref.hasPrefix("e:") {
                    report.withLock { $0.violations.append("enqueue refused: \(text)") }
                }
            case "interaction":
                guard let event = json["event"]?.text, let id = json["interactionId"]?.text else { break }
                if ["completed", "abandoned", "ended"].contains(event) {
                    let first = report.withLock { r -> Bool in
                        r.terminal[id, default: 0] += 1
                        return r.terminal[id] == 1
                    }
                    if first { finished += 1 }
                }
            default:
                break
            }
        }
    }

    static func runAgent(_ client: any WireClient, _ definition: AgentDefinition, plans: [String: Plan], report: Shared<Report>) async throws {
        var held: [String: String] = [:]  // interaction → channel
        var offersSeen: [String: Int] = [:]
        func violation(_ text: String) { report.withLock { $0.violations.append("\(definition.id): \(text)") } }
        while let text = try await client.receive() {
            let json = try JSONParser.parse(text)
            switch json["type"]?.text {
            case "offer":
                guard let id = json["interaction"]?["id"]?.text, let plan = plans[id] else {
                    violation("offer of an unknown interaction: \(text)")
                    continue
                }
                report.withLock { $0.offers += 1 }
                for (skill, level) in plan.requirements where (definition.skills[skill] ?? 0) < level {
                    violation("offered \(id) needing \(skill) ≥ \(level)")
                }
                let channel = plan.channel
                let sameChannel = held.values.filter { $0 == channel }.count
                let capacity = definition.capacity[Channel(rawValue: channel) ?? .voice] ?? 0
                if sameChannel + 1 > capacity { violation("offered \(id) beyond \(channel) capacity \(capacity)") }
                if channel == "voice" && !held.isEmpty { violation("offered voice \(id) while holding \(held)") }
                if held.values.contains("voice") { violation("offered \(id) while on a call") }
                held[id] = channel
                offersSeen[id, default: 0] += 1
                if offersSeen[id] == 1, id.hashValue % 10 == 0 {
                    try await client.send(#"{"type":"reject","ref":"r:\#(id)","interactionId":"\#(id)"}"#)
                } else {
                    try await client.send(#"{"type":"accept","ref":"a:\#(id)","interactionId":"\#(id)"}"#)
                }
            case "ok":
                guard let ref = json["ref"]?.text else { continue }
                let id = String(ref.dropFirst(2))
                if ref.hasPrefix("r:") || ref.hasPrefix("c:") {
                    held[id] = nil
                } else if ref.hasPrefix("a:") {
                    let c = client
                    Task {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 1...8)))
                        try await c.send(#"{"type":"complete","ref":"c:\#(id)","interactionId":"\#(id)"}"#)
                    }
                }
            case "error":
                guard let ref = json["ref"]?.text else { continue }
                let id = String(ref.dropFirst(2))
                // Accepting what was cancelled meanwhile, or completing what the customer ended.
                held[id] = nil
            case "revoked":
                if let id = json["interactionId"]?.text { held[id] = nil }
            case "interaction":
                if let id = json["interactionId"]?.text { held[id] = nil }
            default:
                break
            }
        }
    }
}

struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
