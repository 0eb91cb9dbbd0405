import Foundation
import Logging
import SwitchboardTesting
import Testing
@testable import SwitchboardSocket

@Suite struct TLSTests {
    @Test func tlsHandshakeSucceedsAndBytesEcho() async throws {
        let (certificate, key) = try makeSelfSignedCertificate()
        let group = try EventLoopGroup(threads: 2, logger: testLogger())
        let serverTLS = try TLSContext.server(certificatePath: certificate, privateKeyPath: key)
        let clientTLS = try TLSContext.client(verifyPeer: false)
        let listener = try await Listener.bind(port: 0, group: group, tls: serverTLS, logger: testLogger()) { EchoHandler($0) }
        let client = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: group.next(), tls: clientTLS,
                                                  serverName: "localhost", logger: testLogger()) { Collector($0) }
        let message = pattern(300_000)
        await client.write(message)
        let intact = await client.waitForBytes(message.count) == message
        #expect(intact)
        await group.shutdown()
    }

    @Test func clientThatVerifiesRejectsAnUntrustedCertificate() async throws {
        let (certificate, key) = try makeSelfSignedCertificate()
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let serverTLS = try TLSContext.server(certificatePath: certificate, privateKeyPath: key)
        let listener = try await Listener.bind(port: 0, group: group, tls: serverTLS, logger: testLogger()) { EchoHandler($0) }
        do {
            _ = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: group.next(),
                                             tls: try TLSContext.client(verifyPeer: true), serverName: "localhost",
                                             logger: testLogger()) { Collector($0) }
            Issue.record("handshake with an untrusted certificate succeeded")
        } catch {
            #expect(error.kind == .tls)
            #expect(error.detail.contains("certificate verify failed"))
        }
        // Trusting the certificate explicitly makes the same handshake succeed.
        let trusted = try TLSContext.client(verifyPeer: true, trustedCertificatesPath: certificate)
        let client = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: group.next(), tls: trusted,
                                                  serverName: "localhost", logger: testLogger()) { Collector($0) }
        await client.write([1, 2, 3])
        #expect(await client.waitForBytes(3) == [1, 2, 3])
        await group.shutdown()
    }

    @Test func plainClientOnTheTLSPortIsClosedWithoutStallingTheLoop() async throws {
        let (certificate, key) = try makeSelfSignedCertificate()
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let serverTLS = try TLSContext.server(certificatePath: certificate, privateKeyPath: key)
        let options = ConnectionOptions(handshakeTimeout: .milliseconds(300))
        let listener = try await Listener.bind(port: 0, group: group, tls: serverTLS, options: options, logger: testLogger()) {
            EchoHandler($0)
        }
        let silent = try RawClient(port: listener.port)
        let plain = try RawClient(port: listener.port)
        plain.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let (_, plainClosed) = plain.readToEnd()
        #expect(plainClosed)
        // The single loop still serves TLS while the silent client waits for its handshake deadline.
        let client = try await Connection.connect(host: "127.0.0.1", port: listener.port, on: group.next(),
                                                  tls: try TLSContext.client(verifyPeer: false), logger: testLogger()) { Collector($0) }
        await client.write([7])
        #expect(await client.waitForBytes(1) == [7])
        let (_, silentClosed) = silent.readToEnd()
        #expect(silentClosed)
        await group.shutdown()
    }

    @Test func missingCertificateFileIsATypedTLSError() {
        #expect(throws: SocketError.self) {
            _ = try TLSContext.server(certificatePath: "/nonexistent/c.pem", privateKeyPath: "/nonexistent/k.pem")
        }
    }
}
