import Foundation

extension Duration {
    /// The duration in seconds, as Foundation measures time.
    package var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) * 1e-18
    }

    /// Creates a duration from seconds, rounded to the microsecond.
    ///
    /// Rounding keeps arithmetic on `Date` values (whose precision is well below a microsecond
    /// only near the reference date) from turning 0.2 s into 0.200000047 s.
    init(roundingToMicroseconds interval: TimeInterval) {
        guard interval.isFinite else {
            self = interval > 0 ? .seconds(Int64.max / 2) : .zero
            return
        }
        let micros = (interval * 1_000_000).rounded()
        let bounded = Swift.min(Swift.max(micros, -9.0e18), 9.0e18)
        self = .microseconds(Int64(bounded))
    }

    /// The duration in whole milliseconds, rounded to the nearest.
    var roundedMilliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + (parts.attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000
    }
}

extension Date {
    /// Returns this date moved by `duration`.
    func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }

    /// Returns the duration from `earlier` to this date, rounded to the microsecond.
    func duration(since earlier: Date) -> Duration {
        Duration(roundingToMicroseconds: timeIntervalSince(earlier))
    }
}
