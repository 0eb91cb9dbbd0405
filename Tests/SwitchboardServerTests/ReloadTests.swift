import Foundation
import SwitchboardConfig
import SwitchboardRouter
import SwitchboardSocket
import SwitchboardTesting
import Testing
@testable import SwitchboardServer

struct ReloadTests {
    func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aBrokenFileKeepsTheOldConfigurationAndAFixedOneApplies() async throws {
        let path = try temporaryFile(EmbeddedConfiguration.yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigLoader.load(contentsOf: path)
        let hub = try RoutingHub(configuration: config, logger: quietLogger)
        let credentials = CredentialStore(config.credentials)
        let reloader = ConfigReloader(source: .file(path: path, origin: .flag), hub: hub, credentials: credentials, logger: quietLogger)

        let broken = EmbeddedConfiguration.yaml.replacingOccurrences(of: "strategy: least-occupied", with: "strategy: longest")
            .replacingOccurrences(of: "max_size: 1000", with: "max_size: many")
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .refused(let problems) = await reloader.reload(trigger: "test") else {
            Issue.record("a broken file must be refused")
            return
        }
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("strategy") && $0.contains("longest") })
        #expect(problems.contains { $0.contains("max_size") })
        #expect(await hub.currentConfiguration == config)
        #expect(await hub.routerSnapshot.configuration.queues.first { $0.id == "support" }?.strategy == .leastOccupied)

        let fixed = EmbeddedConfiguration.yaml.replacingOccurrences(of: "strategy: least-occupied", with: "strategy: round-robin")
        try fixed.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .applied(let summary) = await reloader.reload(trigger: "test") else {
            Issue.record("a valid file must apply")
            return
        }
        #expect(summary.queuesChanged == ["support": ["strategy"]])
        #expect(await hub.routerSnapshot.configuration.queues.first { $0.id == "support" }?.strategy == .roundRobin)
        await hub.stop()
    }

    @Test func changedTokensApplyToNewLoginsOnly() async throws {
        let path = try temporaryFile(EmbeddedConfiguration.yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigLoader.load(contentsOf: path)
        let hub = try RoutingHub(configuration: config, logger: quietLogger)
        let credentials = CredentialStore(config.credentials)
        let reloader = ConfigReloader(source: .file(path: path, origin: .flag), hub: hub, credentials: credentials, logger: quietLogger)
        let alice = RecordingLink()
        #expect(await hub.attach(.agent(id: "alice"), link: alice) == nil)
        let rotated = EmbeddedConfiguration.yaml.replacingOccurrences(
            of: "sha256:287612e319ea4f6bf2df0da7adfcfbbce91f784343b7c7232c4d0b729c9da76e",
            with: TokenHasher.hash("alice-rotated-token-1234567890"))
        try rotated.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .applied(let summary) = await reloader.reload(trigger: "test") else {
            Issue.record("the rotated token must apply")
            return
        }
        #expect(summary.tokensChanged == 2)
        #expect(credentials.principal(forToken: "agent-alice-demo") == nil)
        #expect(credentials.principal(forToken: "alice-rotated-token-1234567890") == .agent(id: "alice"))
        // Alice's open connection is untouched: still logged in, in the state she logged in with.
        #expect(alice.closeCode == nil)
        #expect(await hub.routerSnapshot.agent("alice")?.state == .notReady(reason: "login"))
        await hub.stop()
    }

    @Test func aHundredReloadsUnderLoadLoseAndDuplicateNothing() async throws {
        let a = LoadScenario.configuration()
        var b = a
        for index in b.queues.indices {
            b.queues[index].strategy = index % 2 == 0 ? .roundRobin : .fewestHandled
            b.queues[index].agingPointsPerSecond = 3
        }
        var invalid = a
        invalid.queues[0].maxWait = MaxWaitPolicy(seconds: 60, action: .overflow(to: "nowhere"))
        let bed = try await TestBed(configuration: a)
        let hub = bed.server.hub
        let reloads = Task {
            for i in 0..<100 {
                _ = await hub.reconfigure(to: i % 3 == 2 ? invalid : (i % 2 == 0 ? b : a))
                try await Task.sleep(for: .milliseconds(15))
            }
        }
        let port = bed.server.port
        let client = bed.client
        let report = try await LoadScenario.run { try await TransportClient.connect(client, port: port) }
        try await reloads.value
        #expect(report.violations.isEmpty, "\(report.violations.prefix(10))")
        #expect(report.enqueued == LoadScenario.interactionCount)
        #expect(report.terminal.count == LoadScenario.interactionCount)
        #expect(report.terminal.values.allSatisfy { $0 == 1 })
        let counters = await hub.counters
        #expect(counters.reloadsApplied == 67)
        #expect(counters.reloadsRefused == 33)
        await bed.stop()
    }
}
