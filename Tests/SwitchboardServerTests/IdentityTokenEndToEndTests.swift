import Foundation
import SwitchboardConfig
import SwitchboardSocket
import SwitchboardTesting
import SwitchboardTransport
import Testing
@testable import SwitchboardServer

/// Identity-provider tokens minted by PyJWT, sent in a real WebSocket `hello` to a server on a
/// loopback port: welcome with the token's role and agent id, or `unauthorized` (then 1008) saying
/// what the holder can act on, while the server logs the precise reason.
@Suite(.serialized)
struct IdentityTokenEndToEndTests {
    /// A test bed whose configuration also has the minted tokens' four issuers.
    func bed(_ minted: MintedTokens, _ configure: (inout SwitchboardConfiguration) -> Void = { _ in }) async throws -> TestBed {
        var config = testConfiguration()
        config.identityProviders = try ConfigLoader.load(yaml: minted.providersYAML(), file: "providers.yaml").identityProviders
        configure(&config)
        return try await TestBed(configuration: config)
    }

    /// Sends `hello` with `token` and returns the first answer (`welcome` carries no `ref`).
    func hello(_ bed: TestBed, _ token: String) async throws -> (reply: String, client: TransportClient) {
        let client = try await bed.raw()
        try await client.send(#"{"type":"hello","ref":"h","token":"\#(token)"}"#)
        return (try await client.expect(#""type":"#), client)
    }

    @Test func validTokensOfEveryKindOfKeyLogInWithTheirRoleAndAgent() async throws {
        let minted = try await MintedTokens.mint()
        defer { minted.remove() }
        let bed = try await bed(minted)
        let cases: [(token: String, fragments: [String])] = [
            ("hs_agent", [#""role":"agent""#, #""agentId":"a1""#]),
            ("rsa_supervisor", [#""role":"supervisor""#]),
            ("ec_source", [#""role":"source""#]),
            ("jwks_agent", [#""role":"agent""#, #""agentId":"a2""#]),
        ]
        for (name, fragments) in cases {
            let (reply, client) = try await hello(bed, try minted[name])
            #expect(reply.contains(#""type":"welcome""#), "\(name): \(reply)")
            for fragment in fragments { #expect(reply.contains(fragment), "\(name): \(reply)") }
            await client.close()
        }
        // The principals behind the roles: the supervisor's label and the source's name come from `sub`.
        #expect(await bed.server.credentials.authenticate(try minted["rsa_supervisor"]) == .supervisor(name: "lead-jane"))
        #expect(await bed.server.credentials.authenticate(try minted["ec_source"]) == .source(name: "gw"))
        // A source logged in by a token works like one logged in by a static token.
        let (_, source) = try await hello(bed, try minted["ec_source"])
        try await source.send(#"{"type":"enqueue","ref":"e","interaction":{"id":"jwt-1","channel":"voice","queue":"sales"}}"#)
        #expect(try await source.expect(#""ref":"e""#).contains(#""type":"ok""#))
        await bed.stop()
    }

    @Test func refusedTokensAreUnauthorizedWithTheirReason() async throws {
        let minted = try await MintedTokens.mint()
        defer { minted.remove() }
        let bed = try await bed(minted)
        let cases: [(token: String, told: String, reason: (TokenRefusal.Reason) -> Bool)] = [
            ("expired", "token expired", { if case .expired = $0 { true } else { false } }),
            ("not_yet_valid", "not yet valid", { if case .notYetValid = $0 { true } else { false } }),
            ("wrong_issuer", "invalid token", { $0 == .unknownIssuer("https://evil.example") }),
            ("wrong_audience", "another audience", { $0 == .wrongAudience(["another-app"]) }),
            ("wrong_key", "invalid token", { $0 == .badSignature }),
            ("alg_none", "invalid token", { $0 == .unsigned }),
            ("tampered", "invalid token", { $0 == .badSignature }),
            ("alg_confusion", "invalid token", { $0 == .algorithmNotAllowed(token: "HS256", key: .rs256) }),
            ("missing_role", "grants no Switchboard role", { $0 == .missingRole(claim: "sb_role") }),
            ("unknown_agent", "is not configured on this server", { $0 == .unknownAgent("zed") }),
            // Signed by a key the JWKS file does not (yet) hold.
            ("jwks_rotated_agent", "invalid token", { $0 == .unknownKeyID("k2") }),
        ]
        for (name, told, reason) in cases {
            let token = try minted[name]
            let (reply, client) = try await hello(bed, token)
            #expect(reply.contains(#""code":"unauthorized""#) && reply.contains(told), "\(name): \(reply)")
            #expect(try await client.closedCode() == 1008, "\(name)")
            // What the server logs for it.
            switch await bed.server.credentials.check(token) {
            case .success(let principal): Issue.record("\(name) logged in \(principal)")
            case .failure(let refusal): #expect(reason(refusal.reason), "\(name): \(refusal)")
            }
            // A good login clears the address's failures, so the next case is answered at once.
            await (try await bed.login("sup-token")).close()
        }
        let (reply, _) = try await hello(bed, "not-a-jwt")
        #expect(reply.contains("unknown token"))
        await bed.stop()
    }

    @Test func failedTokenLoginsCountTowardsTheAddressLockout() async throws {
        let minted = try await MintedTokens.mint()
        defer { minted.remove() }
        let bed = try await bed(minted) { $0.server.limits.failedLoginsBeforeLockout = 2 }
        for name in ["expired", "alg_none"] {
            let (reply, _) = try await hello(bed, try minted[name])
            #expect(reply.contains(#""code":"unauthorized""#), "\(name): \(reply)")
        }
        let (reply, _) = try await hello(bed, try minted["hs_agent"])
        #expect(reply.contains(#""code":"limit_exceeded""#), "\(reply)")
        await bed.stop()
    }

    @Test func messagesSentRightAfterATokenHelloWaitForItsVerification() async throws {
        let minted = try await MintedTokens.mint()
        defer { minted.remove() }
        let bed = try await bed(minted)
        let client = try await bed.raw()
        // Sent together: the request must be taken after the welcome, as with a static token.
        try await client.send(#"{"type":"hello","ref":"h","token":"\#(try minted["hs_agent"])"}"#)
        try await client.send(#"{"type":"state","ref":"r","state":"available"}"#)
        #expect(try await client.expect(#""type":"#).contains(#""type":"welcome""#))
        #expect(try await client.expect(#""ref":"r""#).contains(#""type":"ok""#))
        await bed.stop()
    }

    @Test func aReloadPicksUpARotatedKeySetAndKeepsSessionsLoggedIn() async throws {
        let minted = try await MintedTokens.mint()
        defer { minted.remove() }
        let path = "\(minted.folder)/switchboard.yaml"
        let yaml = """
            skills: [english]
            queues:
              - {name: sales, channels: [voice], requirements: {english: 1}}
            agents:
              - {id: a1, skills: {english: 5}}
              - {id: a2, skills: {english: 5}}
              - {id: a3, skills: {english: 5}}

            """ + minted.providersYAML()
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        var config = try ConfigLoader.load(contentsOf: path)
        config.server.host = "127.0.0.1"
        config.server.port = 0
        config.server.limits.eventLoopThreads = 2
        let server = try await SwitchboardServer.start(configuration: config, source: .file(path: path, origin: .flag), logger: quietLogger)
        let clients = try EventLoopGroup(threads: 1, logger: quietLogger)
        let webSocket = WebSocketClient(group: clients, logger: quietLogger)
        func hello(_ token: String) async throws -> (String, TransportClient) {
            let client = try await TransportClient.connect(webSocket, port: server.port)
            try await client.send(#"{"type":"hello","ref":"h","token":"\#(token)"}"#)
            return (try await client.expect(#""type":"#), client)
        }

        let (before, kept) = try await hello(try minted["jwks_agent"])
        #expect(before.contains(#""agentId":"a2""#))
        #expect(try await hello(try minted["jwks_rotated_agent"]).0.contains("invalid token"))
        // The provider rotates its keys: the new set holds k2 only.
        try FileManager.default.removeItem(atPath: "\(minted.folder)/jwks.json")
        try FileManager.default.copyItem(atPath: "\(minted.folder)/jwks-rotated.json", toPath: "\(minted.folder)/jwks.json")
        guard case .applied(let summary) = await server.reloader.reload(trigger: "test") else {
            Issue.record("the rotated key set must apply")
            return
        }
        #expect(summary.sectionsChanged.contains("identity_providers"))
        #expect(await server.credentials.authenticate(try minted["hs_agent"]) == .agent(id: "a1"))
        #expect(try await hello(try minted["jwks_rotated_agent"]).0.contains(#""agentId":"a3""#))
        let (after, _) = try await hello(try minted["jwks_agent"])
        #expect(after.contains("invalid token"))
        // The session opened with the old key is still logged in and served.
        try await kept.send(#"{"type":"state","ref":"r","state":"available"}"#)
        #expect(try await kept.expect(#""ref":"r""#).contains(#""type":"ok""#))

        // A broken key set is refused like any broken configuration: the rotated keys stay in force.
        try "{\"keys\": 5}".write(toFile: "\(minted.folder)/jwks.json", atomically: true, encoding: .utf8)
        guard case .refused(let problems) = await server.reloader.reload(trigger: "test") else {
            Issue.record("a broken key set must be refused")
            return
        }
        #expect(problems.contains { $0.contains("identity_providers[3].jwks_file") && $0.contains("JSON Web Key Set") })
        #expect(await server.credentials.authenticate(try minted["jwks_rotated_agent"]) == .agent(id: "a3"))
        await server.shutdown(grace: .milliseconds(500))
        await clients.shutdown()
    }
}
