import SwitchboardBench
import SwitchboardMessages
import SwitchboardSocket

/// The fake server behind in-memory connections, for running ``FloorDriver`` in real time without
/// sockets. Connections are told apart by the token of their `hello`, as a real server does; frames
/// for the floor are pushed into its inbox from this actor, as a socket's loop would.
actor FakeHub {
    private let server: FakeSwitchboard
    private let connectionByToken: [String: Int]
    private var inboxes: [Int: (index: Int, inbox: any BenchInbox)] = [:]
    private var hubToFloor: [Int: Int] = [:]
    private var floorToHub: [Int: Int] = [:]
    private var nextId = 0

    init(scenario: Scenario, connections: [ConnectionSpec]) {
        server = FakeSwitchboard(scenario: scenario, connections: connections)
        var byToken: [String: Int] = [:]
        for (index, spec) in connections.enumerated() { byToken[spec.token] = index }
        connectionByToken = byToken
    }

    func open(index: Int, inbox: any BenchInbox) -> Int {
        nextId += 1
        inboxes[nextId] = (index, inbox)
        return nextId
    }

    func close(_ id: Int) {
        inboxes[id] = nil
    }

    func receive(_ text: String, from id: Int) {
        if hubToFloor[id] == nil {
            guard case .hello(let token)? = (try? MessageDecoder.decode(Array(text.utf8)))?.message,
                  let index = connectionByToken[token] else { return }
            hubToFloor[id] = index
            floorToHub[index] = id
        }
        guard let index = hubToFloor[id] else { return }
        for message in server.receive(text, from: index) {
            if let target = floorToHub[message.connection], let peer = inboxes[target] {
                peer.inbox.received(message.text, on: peer.index)
            }
        }
    }
}

/// One in-memory connection: frames it sends reach the hub in order through one forwarding task.
struct InMemoryConnection: BenchConnection {
    let id: Int
    let hub: FakeHub
    let outgoing: AsyncStream<String>.Continuation

    static func open(on hub: FakeHub, index: Int, inbox: any BenchInbox) async -> InMemoryConnection {
        let id = await hub.open(index: index, inbox: inbox)
        let (outbound, continuation) = AsyncStream<String>.makeStream()
        Task {
            for await text in outbound { await hub.receive(text, from: id) }
        }
        return InMemoryConnection(id: id, hub: hub, outgoing: continuation)
    }

    func send(_ text: String) { outgoing.yield(text) }

    func close() {
        outgoing.finish()
        let hub = self.hub
        let id = self.id
        Task { await hub.close(id) }
    }
}

struct InMemoryConnector: BenchConnector {
    let hub: FakeHub
    let loop: EventLoop

    func connect(_ index: Int, inbox: any BenchInbox) async throws -> any BenchConnection {
        await InMemoryConnection.open(on: hub, index: index, inbox: inbox)
    }
}
