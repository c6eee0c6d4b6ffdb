import Foundation

/// Reads the `Retry-After` header of a 429 (or 503) response.
package enum RetryAfter {
    /// Returns the wait the response asks for.
    ///
    /// - Parameters:
    ///   - response: The response.
    ///   - now: The current time, to turn an HTTP-date into a wait.
    /// - Returns: The wait, or `nil` when the response has no usable `Retry-After`.
    package static func delay(in response: HTTPResponse, now: Date) -> Duration? {
        response.header("Retry-After").flatMap { parse($0, now: now) }
    }

    /// Parses a `Retry-After` value: delay-seconds (fractions tolerated) or an HTTP-date.
    ///
    /// A date in the past means no wait.
    ///
    /// - Parameters:
    ///   - value: The header value.
    ///   - now: The current time.
    /// - Returns: The wait, or `nil` when `value` is neither form.
    package static func parse(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return Duration(roundingToMicroseconds: seconds)
        }
        guard let date = httpDate(trimmed) else { return nil }
        return max(.zero, date.duration(since: now))
    }

    /// The three date formats RFC 9110 requires recipients to accept: IMF-fixdate, RFC 850, asctime.
    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy",
    ]

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in httpDateFormats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
