import SwitchboardBench
import SwitchboardMessages

/// The fake server behind in-memory connections, for running ``FloorDriver`` in real time without
/// sockets. Connections are told apart by the token of their `hello`, as a real server does.
actor FakeHub {
    private let server: FakeSwitchboard
    private let connectionByToken: [String: Int]
    private var inbound: [Int: AsyncStream<String>.Continuation] = [:]
    private var hubToFloor: [Int: Int] = [:]
    private var floorToHub: [Int: Int] = [:]
    private var nextId = 0

    init(scenario: Scenario, connections: [ConnectionSpec]) {
        server = FakeSwitchboard(scenario: scenario, connections: connections)
        var byToken: [String: Int] = [:]
        for (index, spec) in connections.enumerated() { byToken[spec.token] = index }
        connectionByToken = byToken
    }

    func open() -> (Int, AsyncStream<String>) {
        nextId += 1
        let (stream, continuation) = AsyncStream<String>.makeStream()
        inbound[nextId] = continuation
        return (nextId, stream)
    }

    func close(_ id: Int) {
        inbound[id]?.finish()
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
            if let target = floorToHub[message.connection] { inbound[target]?.yield(message.text) }
        }
    }
}

/// One in-memory connection: frames it sends reach the hub in order through one forwarding task.
struct InMemoryConnection: BenchConnection {
    let id: Int
    let hub: FakeHub
    let incoming: AsyncStream<String>
    let outgoing: AsyncStream<String>.Continuation

    static func open(on hub: FakeHub) async -> InMemoryConnection {
        let (id, incoming) = await hub.open()
        let (outbound, continuation) = AsyncStream<String>.makeStream()
        Task {
            for await text in outbound { await hub.receive(text, from: id) }
        }
        return InMemoryConnection(id: id, hub: hub, incoming: incoming, outgoing: continuation)
    }

    func send(_ text: String) { outgoing.yield(text) }

    func receive() async -> String? {
        var iterator = incoming.makeAsyncIterator()
        return await iterator.next()
    }

    func close() {
        outgoing.finish()
        let hub = self.hub
        let id = self.id
        Task { await hub.close(id) }
    }
}

struct InMemoryConnector: BenchConnector {
    let hub: FakeHub

    func connect() async throws -> any BenchConnection {
        await InMemoryConnection.open(on: hub)
    }
}
