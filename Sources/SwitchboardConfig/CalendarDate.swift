/// A day of the proleptic Gregorian calendar, with no time of day and no time zone, written `2026-09-01`
/// (ISO 8601): an agent's `start_date`.
///
/// Pure arithmetic: today's date is always given by the caller (``init(epochMilliseconds:utcOffsetSeconds:)``
/// turns a wall-clock instant and the local offset into one), never read from a clock here.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1–12.
    public let month: Int
    /// 1–31, within the month's length.
    public let day: Int

    /// `nil` unless the three numbers name a real day between the years 1 and 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.yearRange.contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD` exactly (four-digit year, two-digit month and day); `nil` for anything else,
    /// including days that do not exist (`2026-02-29`).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `days` after 1970-01-01 (negative: before it).
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    }

    /// The local date of a wall-clock instant (milliseconds since 1970-01-01T00:00Z), for a place whose
    /// clocks are `utcOffsetSeconds` ahead of UTC at that instant.
    public init(epochMilliseconds: Int64, utcOffsetSeconds: Int = 0) {
        let localMilliseconds = epochMilliseconds + Int64(utcOffsetSeconds) * 1_000
        let days = localMilliseconds >= 0 ? localMilliseconds / 86_400_000 : (localMilliseconds + 1) / 86_400_000 - 1
        self.init(daysSinceEpoch: Int(days))
    }

    /// Days from 1970-01-01 to this date (negative before it).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whole days from `earlier` to this date: 0 on the same day, negative when `earlier` is later.
    public func days(since earlier: CalendarDate) -> Int {
        daysSinceEpoch - earlier.daysSinceEpoch
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Four-digit years, as `YYYY-MM-DD` writes them.
    public static let yearRange: ClosedRange<Int> = 1...9_999

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
