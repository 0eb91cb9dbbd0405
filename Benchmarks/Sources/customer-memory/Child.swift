import Foundation

/// Each measurement runs in a process of its own, so that resident memory starts from the same
/// place every time: nothing an earlier run freed but the allocator kept counts for the next one.
enum Child {
    static let marker = "RESULT "

    /// Runs this executable with `arguments` and decodes the result line it prints.
    static func run<Result: Decodable>(_ arguments: [String], as type: Result.Type) -> Result {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            fail("could not start a measurement process: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").last(where: { $0.hasPrefix(marker) }),
              let result = try? JSONDecoder().decode(Result.self, from: Data(line.dropFirst(marker.count).utf8))
        else {
            fail("the measurement process \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)):\n\(text)")
        }
        return result
    }

    /// Prints a result for the parent.
    static func report(_ result: some Encodable) {
        guard let data = try? JSONEncoder().encode(result) else { fail("could not encode the result") }
        say(marker + String(decoding: data, as: UTF8.self))
    }
}
