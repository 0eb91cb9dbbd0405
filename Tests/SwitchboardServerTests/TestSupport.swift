import Logging
import Synchronization
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardWebSocket
@testable import SwitchboardServer

/// A connection that records what the server sends it.
final class RecordingLink: ClientLink {
    let id: UInt64
    private let state = Mutex<(messages: [ServerMessage], closed: (code: UInt16, reason: String)?)>(([], nil))

    private static let counter = Atomic<UInt64>(0)
    private let inFlight = Atomic(0)

    init() {
        id = Self.counter.add(1, ordering: .relaxed).newValue
    }

    func send(_ message: ServerMessage) {
        state.withLock { $0.messages.append(message) }
    }

    func close(code: WebSocketCloseCode, reason: String) {
        state.withLock { $0.closed = (code.rawValue, reason) }
    }

    func requestSubmitted() -> Int { inFlight.add(1, ordering: .relaxed).newValue }
    func requestHandled() { inFlight.subtract(1, ordering: .relaxed) }

    var messages: [ServerMessage] { state.withLock { $0.messages } }
    var closeCode: UInt16? { state.withLock { $0.closed?.code } }

    /// Every message so far, then forgets them.
    func take() -> [ServerMessage] {
        state.withLock { state in
            defer { state.messages.removeAll() }
            return state.messages
        }
    }

    /// Every message so far as JSON text, then forgets them.
    func drain() -> [String] {
        state.withLock { state in
            defer { state.messages.removeAll() }
            return state.messages.map(MessageEncoder.encodeString)
        }
    }
}

extension Array where Element == String {
    /// The messages containing every fragment.
    func with(_ fragments: String...) -> [String] {
        filter { text in fragments.allSatisfy { text.contains($0) } }
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// A small configuration: queues `sales` (voice, english ≥ 3) and `chat` (chat, priority default
/// 10), agents `a1` (english 5, billing 7), `a2` (english 8), `a3` (spanish 6, chat 2).
func testConfiguration(offerTimeout: Double = 20, wrapUp: Double = 0, grace: Double = 60) -> SwitchboardConfiguration {
    var config = SwitchboardConfiguration()
    // These agents take work as soon as they log in (the shipped default is not ready).
    config.agentSettings.loginState = .available
    config.skills = ["english", "spanish", "billing"].map { SkillDefinition(name: $0) }
    config.queues = [
        QueueDefinition(name: "sales", channels: [.voice], requirements: ["english": 3], defaultPriority: 0,
                        agingPointsPerSecond: 0, wrapUpSeconds: wrapUp, offerTimeoutSeconds: offerTimeout),
        QueueDefinition(name: "chat", channels: [.chat], defaultPriority: 10, agingPointsPerSecond: 0,
                        maxSize: 2, wrapUpSeconds: wrapUp, offerTimeoutSeconds: offerTimeout),
    ]
    config.agents = [
        AgentDefinition(id: "a1", name: "One", skills: ["english": 5, "billing": 7], capacity: [.chat: 0]),
        AgentDefinition(id: "a2", name: "Two", skills: ["english": 8], capacity: [.chat: 0]),
        AgentDefinition(id: "a3", name: "Three", skills: ["spanish": 6], capacity: [.voice: 0, .chat: 2]),
    ]
    config.server.limits.agentReconnectGraceSeconds = grace
    // The hello deadline is a loop timer, exact even while a busy test run holds up the clients' steps
    // on the cooperative pool: long here, short only in the tests about it.
    config.server.limits.helloTimeoutSeconds = 600
    config.credentials = Credentials(entries: [
        ("a1-token", Principal.agent(id: "a1")), ("a2-token", .agent(id: "a2")), ("a3-token", .agent(id: "a3")),
        ("ghost-token", .agent(id: "ghost")), ("gw-token", .source(name: "gw")), ("gw2-token", .source(name: "gw2")),
        ("sup-token", .supervisor(name: "lead")), ("admin-token", .admin(name: "ops")),
    ].map { Credential(principal: $0.1, tokenHash: TokenHasher.digest($0.0)) })
    return config
}
