import Testing
import SwitchboardConfig
import SwitchboardRouter

/// Aliases may stand for values only, and only up to a total size: a document built on aliases used as
/// keys (or on aliases of aliases) is refused at the offending alias before it is composed, since
/// composing it would cost ten times more per level of nesting.
@Suite struct AliasLimitTests {
    /// `levels` anchored mappings, each keyed ten times by mappings that hold the previous one: the
    /// shape of the reported file (composing level n hashes 10ⁿ nodes). Kept shallow here, so that a
    /// loader without the check still answers at once (with unrelated problems).
    static func aliasKeyedMappings(levels: Int) -> String {
        var lines = ["l0: &l0 {a: 0, b: 1, c: 2, d: 3, e: 4, f: 5, g: 6, h: 7, i: 8, j: 9}"]
        for level in 1...levels {
            let keys = (0..<10).map { "? {k: \($0), v: *l\(level - 1)} : \($0)" }
            lines.append("l\(level): &l\(level) {\(keys.joined(separator: ", "))}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func anAliasInsideAMappingKeyIsRefusedAtTheAlias() throws {
        let yaml = Self.aliasKeyedMappings(levels: 3)
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(found)")
        let problem = try #require(found.first)
        #expect(problem.kind == .unsafeAlias)
        #expect(problem.line == 2)
        let secondLine = yaml.split(separator: "\n")[1]
        let column = secondLine.distance(from: secondLine.startIndex, to: try #require(secondLine.firstRange(of: "*l0")).lowerBound) + 1
        #expect(problem.column == column)
        #expect(problem.path == "l1.v")
        #expect(problem.message.contains("alias *l0 is inside a mapping key"))
        #expect(problem.description.hasPrefix("test.yaml:2:\(column): l1.v: alias *l0"))
    }

    @Test func anAliasOfAScalarUsedAsAKeyIsRefusedToo() throws {
        // Composed, this would read as `skills: {english: 8}` and load: keys must be written out.
        let yaml = baseSkills.replacing("  - english", with: "  - &lang english") + """

        agents:
          - id: alice
            skills: {*lang : 8}
        """
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(found)")
        let problem = try #require(found.first)
        #expect(problem.kind == .unsafeAlias)
        #expect(problem.line == 7)
        #expect(problem.column == 14)
        #expect(problem.path == "agents[0].skills")
        #expect(problem.message.contains("alias *lang is used as a mapping key"))
    }

    @Test func aliasesOfAliasesPastTheLimitAreRefusedWhereTheyCrossIt() throws {
        // Values only, so composing is cheap; expanded, level 7 alone would be 10⁷ scalars.
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...7 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let found = problems(in: lines.joined(separator: "\n") + "\n")
        #expect(found.count == 1, "\(found)")
        let problem = try #require(found.first)
        #expect(problem.kind == .unsafeAlias)
        // Levels 1–4 add 110 + 1,110 + 11,110 + 111,110 nodes; each alias of level 5 adds 111,110 more,
        // so the eighth one (line 6) crosses 1,000,000.
        #expect(problem.line == 6)
        #expect(problem.path == "l5[7]")
        #expect(problem.message.contains("more than 1000000 nodes"))
    }

    @Test func sharedMapsAsAliasValuesStillLoad() throws {
        let yaml = baseSkills + """

        queues:
          - {name: support, channels: [chat], requirements: &support {english: 3, technical: 5}}
          - {name: escalations, channels: [chat], requirements: *support}
        agents:
          - {id: alice, skills: &senior {english: 8, technical: 7}, capacity: &standard {chat: 2, voice: 1}}
          - {id: bob, skills: *senior, capacity: *standard}
          - {id: carol, skills: {english: 4}, capacity: *standard}
        """
        let config = try ConfigLoader.load(yaml: yaml, file: "test.yaml")
        #expect(config.queues.map(\.requirements) == [["english": 3, "technical": 5], ["english": 3, "technical": 5]])
        #expect(config.agents.map(\.capacity) == Array(repeating: [.chat: 2, .voice: 1], count: 3))
        #expect(config.agents[1].skills == ["english": 8, "technical": 7])
    }
}
