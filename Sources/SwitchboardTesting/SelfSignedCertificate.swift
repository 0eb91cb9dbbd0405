import Foundation
import SwitchboardSocket

/// Makes a self-signed certificate and key for `localhost` with the `openssl` command.
public func makeSelfSignedCertificate() throws -> (certificate: String, key: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let certificate = directory.appendingPathComponent("c.pem").path
    let key = directory.appendingPathComponent("k.pem").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                         "-days", "1", "-subj", "/CN=localhost"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw SocketError(kind: .tls, operation: "openssl req", detail: "exit status \(process.terminationStatus)")
    }
    return (certificate, key)
}
