import Glibc
import Testing
@testable import SwitchboardBench

struct ServerThreadUsageTests {
    @Test func parsesNameCPUAndSwitchesEvenWithSpacesAndParenthesesInTheName() throws {
        let stat = "4242 (sb-loop (1)) S 1 4240 4240 0 -1 4194368 100 0 0 0 250 50 0 0 20 0 9 0 1000 0 0"
        let status = "Name:\tsb-loop (1)\nvoluntary_ctxt_switches:\t1200\nnonvoluntary_ctxt_switches:\t34\n"
        let thread = try #require(ServerThreadUsage.parse(stat: stat, status: status, ticksPerSecond: 100))
        #expect(thread.name == "sb-loop (1)")
        #expect(thread.cpuSeconds == 3.0)
        #expect(thread.voluntarySwitches == 1200)
        #expect(thread.involuntarySwitches == 34)
    }

    @Test func aRunCountsWhatEachThreadUsedSinceTheFirstSample() {
        func thread(_ name: String, _ cpu: Double, _ voluntary: Int) -> ServerThreadUsage.Thread {
            .init(name: name, cpuSeconds: cpu, voluntarySwitches: voluntary, involuntarySwitches: 0)
        }
        let before = ServerThreadUsage(threads: [1: thread("sb-routing", 1, 10), 2: thread("sb-loop-0", 2, 20), 3: thread("gone", 5, 5)])
        let after = ServerThreadUsage(threads: [1: thread("sb-routing", 4, 110), 2: thread("sb-loop-0", 2.5, 70), 4: thread("sb-loop-0", 1, 1)])
        let used = after.since(before)
        #expect(used.map(\.name) == ["sb-routing", "sb-loop-0"])
        #expect(used[0].cpuSeconds == 3 && used[0].voluntarySwitches == 100)
        // Two threads of one name add up; the thread that ended is not counted.
        #expect(used[1].cpuSeconds == 1.5 && used[1].voluntarySwitches == 51)
    }

    @Test func theOwnProcessCanBeSampled() throws {
        let usage = try #require(ServerThreadUsage.sample(pid: getpid()))
        #expect(!usage.threads.isEmpty)
    }
}
