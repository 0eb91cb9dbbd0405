import Testing
@testable import SwitchboardStore

@Suite struct ReportDateTests {
    @Test func dateAloneIsMidnightUTCAndAsAnEndIncludesTheDay() throws {
        #expect(try ReportDate.parse("2026-11-30", option: "--from") == 1_795_996_800_000)
        #expect(try ReportDate.parse("2026-11-30", option: "--to", endOfDay: true) == 1_795_996_800_000 + 86_400_000)
    }

    @Test func dateTimesWithAndWithoutOffsetsParse() throws {
        #expect(try ReportDate.parse("2026-11-30T08:00:00Z", option: "--from") == 1_795_996_800_000 + 8 * 3_600_000)
        #expect(try ReportDate.parse("2026-11-30T09:00:00+01:00", option: "--from") == 1_795_996_800_000 + 8 * 3_600_000)
        #expect(try ReportDate.parse("2026-11-30T08:00:00.250Z", option: "--from") == 1_795_996_800_000 + 8 * 3_600_000 + 250)
        #expect(try ReportDate.parse("2026-11-30T08:00:00", option: "--from") == 1_795_996_800_000 + 8 * 3_600_000)
    }

    @Test func badValueNamesTheOptionAndTheValue() {
        for bad in ["yesterday", "2026-13-01", "24/11/2026", ""] {
            #expect(throws: ReportDate.InvalidValue(option: "--to", value: bad)) {
                try ReportDate.parse(bad, option: "--to")
            }
        }
        let message = ReportDate.InvalidValue(option: "--to", value: "yesterday").description
        #expect(message.contains("--to 'yesterday'"))
    }
}
