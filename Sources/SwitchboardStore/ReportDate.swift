import Foundation

/// Parses the `--from`/`--to` values of `switchboard report`: ISO 8601 dates or date-times.
public enum ReportDate {
    /// A value that is not an ISO 8601 date or date-time.
    public struct InvalidValue: Error, Sendable, Hashable, CustomStringConvertible {
        public var option: String
        public var value: String
        public var description: String {
            "\(option) '\(value)' is not an ISO 8601 date (2026-11-24) or date-time (2026-11-24T08:00:00Z, 2026-11-24T09:00:00+01:00; UTC when no offset is given)"
        }
    }

    /// Milliseconds since the epoch for `text`.
    ///
    /// A date alone means its midnight UTC, or with `endOfDay` the next midnight, so that
    /// `--from 2026-11-24 --to 2026-11-24` covers that whole day. A date-time without an offset is UTC.
    public static func parse(_ text: String, option: String, endOfDay: Bool = false) throws(InvalidValue) -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let dateOnly: ISO8601DateFormatter.Options = [.withFullDate]
        let attempts: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds],
            [.withInternetDateTime],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withFractionalSeconds],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate],
        ]
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        if trimmed.count == 10 {
            formatter.formatOptions = dateOnly
            if let date = formatter.date(from: trimmed) {
                let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
                return endOfDay ? ms + 86_400_000 : ms
            }
        }
        for options in attempts {
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) {
                return Int64((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        throw InvalidValue(option: option, value: text)
    }
}
