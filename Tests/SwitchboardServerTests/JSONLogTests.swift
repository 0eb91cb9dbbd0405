import Foundation
import Logging
import SwitchboardConfig
import Testing
@testable import SwitchboardServer

/// JSON log lines: the escaping table, and the real `switchboard serve` process writing them.
struct JSONLogTests {
    /// Parses one line as a JSON object.
    static func object(_ line: some StringProtocol) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
    }

    @Test(arguments: [
        "plain", "quote \" and backslash \\", "new\nline, tab\t, return\r", "nul \u{0} bell \u{7} escape \u{1B} del \u{7F}",
        "line separators \u{2028} \u{2029}", "accents é ü, CJK 交換機, emoji 📞", "",
    ])
    func everyStringRoundTripsOnOneLine(_ text: String) throws {
        let bytes = JSONLogLine.render(epochMilliseconds: 0, level: .warning, label: "switchboard", message: text, source: "test",
                                       metadata: ["sb.text": .string(text)])
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") && $0 >= 0x20 || $0 >= 0x80 })
        let line = try #require(String(validating: bytes.dropLast(), as: UTF8.self))
        let object = try Self.object(line)
        #expect(object["message"] as? String == text)
        #expect(object["sb.text"] as? String == text)
    }

    @Test func fieldsMetadataAndTime() throws {
        // 2026-12-07T22:30:00.045Z
        let bytes = JSONLogLine.render(epochMilliseconds: 1_796_682_600_045, level: .info, label: "switchboard", message: "hi", source: "SwitchboardServer",
                                       metadata: ["sb.conn": "7", "sb.list": ["a", "b"], "sb.map": ["k": "v"], "message": "clash",
                                                  "sb.count": .stringConvertible(42)])
        let object = try Self.object(String(decoding: bytes, as: UTF8.self))
        #expect(object["time"] as? String == "2026-12-07T22:30:00.045Z")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "switchboard")
        #expect(object["message"] as? String == "hi")
        #expect(object["source"] as? String == "SwitchboardServer")
        #expect(object["sb.conn"] as? String == "7")
        #expect(object["sb.count"] as? String == "42")
        #expect(object["sb.list"] as? [String] == ["a", "b"])
        #expect(object["sb.map"] as? [String: String] == ["k": "v"])
        // A metadata key named like a fixed member does not replace it.
        #expect(object["metadata.message"] as? String == "clash")
        #expect(JSONLogLine.timestamp(epochMilliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func theHandlerMergesItsOwnTheProvidersAndTheMessagesMetadata() throws {
        final class Lines: @unchecked Sendable {
            let lock = NSLock()
            var lines: [String] = []
        }
        let lines = Lines()
        var handler = JSONLogHandler(label: "test", metadataProvider: Logger.MetadataProvider { ["sb.request.id": "r-1"] }) { bytes in
            lines.lock.withLock { lines.lines.append(String(decoding: bytes, as: UTF8.self)) }
        }
        handler[metadataKey: "sb.thread"] = "routing"
        handler.logLevel = .debug
        var logger = Logger(label: "test") { _ in handler }
        logger[metadataKey: "sb.conn"] = "3"
        logger.debug("request handled", metadata: ["sb.thread": "main"])
        logger.trace("not written")
        let written = lines.lock.withLock { lines.lines }
        try #require(written.count == 1)
        let object = try Self.object(written[0])
        #expect(object["level"] as? String == "debug")
        #expect(object["sb.request.id"] as? String == "r-1")
        #expect(object["sb.conn"] as? String == "3")
        #expect(object["sb.thread"] as? String == "main")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ServeProcessTests.executable.path)))
    func theRealProcessWritesOneJSONObjectPerLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-jsonlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("switchboard.yaml").path
        let yaml = EmbeddedConfiguration.yaml.replacingOccurrences(of: "\n  log_format: text ", with: "\n  log_format: json ")
        #expect(yaml != EmbeddedConfiguration.yaml)
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = ServeProcessTests.executable
        process.arguments = ["serve", "--config", config, "--port", "0", "--db", directory.appendingPathComponent("db.sqlite").path]
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let log = ServeProcessTests.Collector()
        errors.fileHandleForReading.readabilityHandler = { log.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        _ = try await log.wait(for: "listening on 127.0.0.1:")
        // A reload that changes log_format: applied, and the change reported as waiting for a restart.
        try EmbeddedConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        _ = try await log.wait(for: "configuration reload finished")
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<250 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(process.terminationStatus == 0)
        errors.fileHandleForReading.readabilityHandler = nil

        let lines = log.current.split(separator: "\n")
        #expect(lines.count >= 5)
        var objects: [[String: Any]] = []
        for line in lines { objects.append(try Self.object(line)) }
        let starting = try #require(objects.first { $0["message"] as? String == "starting" })
        #expect(starting["level"] as? String == "info")
        #expect(starting["label"] as? String == "switchboard")
        #expect(starting["sb.queues"] as? String == "\(try EmbeddedConfiguration.load().queues.count)")
        #expect(starting["sb.config"] as? String == "\(config) (from flag)")
        let time = try #require(starting["time"] as? String)
        #expect(time.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/#) != nil)
        let listening = try #require(objects.first { ($0["message"] as? String)?.hasPrefix("listening on 127.0.0.1:") == true })
        #expect(listening["level"] as? String == "notice")
        let restartOnly = try #require(objects.first { $0["message"] as? String == "some changed settings take effect only at the next restart" })
        #expect(restartOnly["sb.restartOnly"] as? String == "server.log_format")
        #expect(objects.contains { $0["message"] as? String == "stopped" })
    }
}
