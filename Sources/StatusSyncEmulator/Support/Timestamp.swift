import Foundation

/// A point in time as the providers write it: the text that is returned, and its value in seconds.
///
/// The emulator keeps the text it stored (seeds may carry microseconds in Freshstatus update times) and
/// compares by ``seconds`` since 1970 in UTC.
package struct Timestamp: Sendable, Hashable, Comparable {
    /// The text returned on the wire.
    package var text: String
    /// Seconds since 1970-01-01T00:00:00Z.
    package var seconds: Double

    /// Wraps an already formatted text and its value.
    package init(text: String, seconds: Double) {
        self.text = text
        self.seconds = seconds
    }

    /// Makes a timestamp from a date, formatted `YYYY-MM-DDThh:mm:ssZ` (or with microseconds).
    ///
    /// - Parameters:
    ///   - date: The instant.
    ///   - keepsMicroseconds: Whether a non-zero fraction is written as six digits.
    package init(_ date: Date, keepsMicroseconds: Bool = false) {
        let raw = date.timeIntervalSince1970
        let value = keepsMicroseconds ? (raw * 1_000_000).rounded() / 1_000_000 : raw.rounded(.down)
        self.init(text: Self.format(value, keepsMicroseconds: keepsMicroseconds), seconds: value)
    }

    /// Parses an ISO 8601 date-time with `Z` or a `±hh:mm` offset and an optional fraction, keeping the text.
    ///
    /// - Parameter text: E.g. `2021-01-30T05:40:00Z` or `2020-10-09T06:45:53.727004Z`.
    /// - Returns: `nil` when the text is not such a date-time.
    package static func parseVerbatim(_ text: String) -> Timestamp? {
        guard let seconds = parseSeconds(text) else { return nil }
        return Timestamp(text: text, seconds: seconds)
    }

    /// Parses an ISO 8601 date-time and re-renders it in UTC as `YYYY-MM-DDThh:mm:ssZ`.
    ///
    /// - Parameters:
    ///   - text: The text received.
    ///   - keepsMicroseconds: Whether a non-zero fraction is kept (as six digits).
    /// - Returns: `nil` when the text is not a date-time.
    package static func parseNormalized(_ text: String, keepsMicroseconds: Bool = false) -> Timestamp? {
        guard let seconds = parseSeconds(text) else { return nil }
        let value = keepsMicroseconds ? (seconds * 1_000_000).rounded() / 1_000_000 : seconds.rounded(.down)
        return Timestamp(text: format(value, keepsMicroseconds: keepsMicroseconds), seconds: value)
    }

    /// Orders by instant.
    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    // MARK: - Formatting and parsing

    /// Formats seconds since 1970 as `YYYY-MM-DDThh:mm:ss[.ffffff]Z`.
    package static func format(_ seconds: Double, keepsMicroseconds: Bool = false) -> String {
        let whole = Int(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded())
        var days = whole / 86_400
        var secondOfDay = whole % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if keepsMicroseconds, micros > 0, micros < 1_000_000 { text += "." + pad(micros, 6) }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm|±hhmm)` into seconds since 1970.
    package static func parseSeconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for offset in start..<(start + length) {
                let byte = bytes[offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let rest = bytes.count - index - 1
            let hours: Int?
            let minutes: Int?
            if rest == 5, bytes[index + 3] == UInt8(ascii: ":") {
                hours = number(index + 1, 2)
                minutes = number(index + 4, 2)
            } else if rest == 4 {
                hours = number(index + 1, 2)
                minutes = number(index + 3, 2)
            } else {
                return nil
            }
            guard let hours, let minutes, hours < 24, minutes < 60 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        default: return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Double(whole) + fraction
    }

    /// Whether `text` is a calendar date `YYYY-MM-DD`.
    package static func isCalendarDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digits.allSatisfy({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }),
            let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)),
            let day = Int(text.suffix(2))
        else { return false }
        return (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil algorithm.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's civil-from-days algorithm.
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
