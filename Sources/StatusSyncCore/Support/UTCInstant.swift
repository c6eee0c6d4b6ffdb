import Foundation

/// Parsing and formatting of ISO 8601 times in UTC, without `DateFormatter`.
///
/// Hand-written because it runs for every time in every snapshot (hundreds of thousands in a
/// large plan) and because the accepted forms must be exactly the documented ones.
package enum UTCInstant {
    /// Formats `date` as `YYYY-MM-DDThh:mm:ssZ`, truncating any fraction.
    package static func format(_ date: Date) -> String {
        format(seconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Parses `text` into a `Date` at a whole second; see ``parseSeconds(_:)``.
    package static func parse(_ text: String) -> Date? {
        parseSeconds(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ`.
    package static func format(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        if (0...9999).contains(year) {
            // Twenty ASCII bytes written in place: this runs for every time a plan or a verification compares.
            return String(unsafeUninitializedCapacity: 20) { text in
                func put(_ value: Int64, width: Int, at offset: Int) {
                    var rest = value
                    for index in stride(from: offset + width - 1, through: offset, by: -1) {
                        text[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                        rest /= 10
                    }
                }
                put(year, width: 4, at: 0)
                put(month, width: 2, at: 5)
                put(day, width: 2, at: 8)
                put(secondOfDay / 3600, width: 2, at: 11)
                put(secondOfDay / 60 % 60, width: 2, at: 14)
                put(secondOfDay % 60, width: 2, at: 17)
                (text[4], text[7], text[10], text[13], text[16], text[19]) = (45, 45, 84, 58, 58, 90)
                return 20
            }
        }
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// Parses `YYYY-MM-DDThh:mm:ss` followed by an optional fraction and by `Z`, `z`,
    /// `±hh:mm` or `±hhmm`; a space may stand for the `T`.
    ///
    /// - Returns: whole seconds since the Unix epoch in UTC (fractions truncated), or `nil`.
    package static func parseSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ characters: UInt8...) -> Bool {
            guard index < bytes.count, characters.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            expect(84, 116, 32), let hour = number(2), expect(58), let minute = number(2), expect(58),
            let second = number(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24,
            minute < 60, second < 60
        else { return nil }
        if index < bytes.count, bytes[index] == 46 {  // "." and at least one digit
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start else { return nil }
        }
        var offset: Int64 = 0
        if expect(90, 122) {  // "Z" or "z"
            offset = 0
        } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {  // "+" or "-"
            let sign: Int64 = bytes[index] == 45 ? -1 : 1
            index += 1
            guard let offsetHours = number(2) else { return nil }
            _ = expect(58)
            guard let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = self.days(fromCivil: year, month, day)
        return days * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
