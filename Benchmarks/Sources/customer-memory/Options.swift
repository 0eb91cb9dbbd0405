import Foundation

/// What to measure and at what size, from the command line.
struct Options {
    enum Part: String {
        case memory, rebuild, all
    }

    /// How interaction ids look: short ones (`c-123456`, up to 15 bytes) live inside the `String`
    /// value; long ones (36-character UUIDs, as many sources send) take a heap allocation each.
    enum IDStyle: String, Codable {
        case short, long
    }

    var part = Part.all
    var runs = 3
    var ids = IDStyle.short

    // Memory per remembered customer.
    var customers = 1_000_000
    var contactsPerCustomer = [1, 3]

    // Rebuild from the store.
    var interactions = 1_000_000
    var customerPool = 400_000
    var hours = 20.0
    var directory = "/tmp"
    /// An existing store file to read instead of writing a new one.
    var database: String?
    var keep = false
    var seed: UInt64 = 16

    /// Set when the process is one measurement run by its parent (see `Child`).
    var child: Part?
    var childContacts = 1

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments.dropFirst()
        func value(_ name: String) -> String {
            guard let text = rest.popFirst() else { fail("\(name) needs a value") }
            return text
        }
        func count(_ name: String) -> Int {
            let text = value(name)
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")), number > 0 else {
                fail("\(name) wants a positive whole number, not '\(text)'")
            }
            return number
        }
        if let first = rest.first, let part = Part(rawValue: first) {
            options.part = part
            rest.removeFirst()
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--runs": options.runs = count(argument)
            case "--ids":
                let text = value(argument)
                guard let style = IDStyle(rawValue: text) else { fail("--ids is short or long, not '\(text)'") }
                options.ids = style
            case "--customers": options.customers = count(argument)
            case "--contacts-per-customer":
                let list = value(argument).split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                guard !list.isEmpty else { fail("--contacts-per-customer wants positive counts, e.g. 1,3") }
                options.contactsPerCustomer = list
            case "--interactions": options.interactions = count(argument)
            case "--customer-pool": options.customerPool = count(argument)
            case "--hours":
                let text = value(argument)
                guard let hours = Double(text), hours > 0, hours < 24 else { fail("--hours wants a number of hours above 0 and below 24, not '\(text)'") }
                options.hours = hours
            case "--dir": options.directory = value(argument)
            case "--db": options.database = value(argument)
            case "--keep": options.keep = true
            case "--seed":
                let text = value(argument)
                guard let seed = UInt64(text) else { fail("--seed wants a whole number, not '\(text)'") }
                options.seed = seed
            case "--child":
                let text = value(argument)
                guard let part = Part(rawValue: text), part != .all else { fail("--child is memory or rebuild, not '\(text)'") }
                options.child = part
            case "--child-contacts": options.childContacts = count(argument)
            case "--help", "-h":
                print(usage)
                exit(0)
            default: fail("unknown argument '\(argument)'\n\(usage)")
            }
        }
        return options
    }

    static let usage = """
        usage: customer-memory [memory|rebuild|all] [--runs 3] [--ids short|long]
                 memory:  [--customers 1000000] [--contacts-per-customer 1,3]
                 rebuild: [--interactions 1000000] [--customer-pool 400000] [--hours 20] [--dir /tmp] [--db PATH] [--keep] [--seed 16]
        """
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("customer-memory: \(message)\n".utf8))
    exit(2)
}

/// Written straight to the file descriptor so lines show at once when piped.
func say(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Progress, on standard error so it never mixes with a child's result.
func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
