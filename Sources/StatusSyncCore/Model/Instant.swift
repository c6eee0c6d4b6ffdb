import Foundation

/// A point in time in UTC, held to the second.
///
/// Both providers speak ISO 8601. Freshstatus sends update times with microseconds, other
/// clients may send offsets; statussync carries every time to the second, in UTC, so an
/// ``Instant`` stores whole seconds since 1970-01-01T00:00:00Z and nothing else. Fractions are
/// truncated, offsets are applied. Two instants are equal exactly when they name the same
/// second, which is what the planner compares.
package struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    package var secondsSince1970: Int64

    /// Creates an instant from whole seconds since the Unix epoch.
    package init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// Creates an instant from a `Date`, truncating any fraction of a second.
    package init(_ date: Date) {
        self.secondsSince1970 = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Parses an ISO 8601 date and time with `Z`, an offset or a fraction of a second.
    ///
    /// - Returns: `nil` when `text` is not such a time.
    package init?(iso8601 text: String) {
        guard let seconds = UTCInstant.parseSeconds(text) else { return nil }
        self.secondsSince1970 = seconds
    }

    /// The same instant as a `Date`.
    package var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    /// The canonical form, `YYYY-MM-DDThh:mm:ssZ`.
    package var iso8601: String { UTCInstant.format(seconds: secondsSince1970) }

    package var description: String { iso8601 }

    /// Returns the instant `seconds` later (or earlier, when negative).
    package func adding(seconds: Int64) -> Instant {
        Instant(secondsSince1970: secondsSince1970 + seconds)
    }

    package static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an ISO 8601 date and time")
        }
        self = instant
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
