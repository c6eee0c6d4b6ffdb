/// How fast one class of calls to one account may go.
package enum RateLimitPolicy: Sendable, Hashable {
    /// One call every `1 / perSecond` seconds, never a burst.
    ///
    /// How a provider counts "N per second" (per calendar second, or in any one-second span) is
    /// unknown; an even pace satisfies every way of counting, a full bucket that bursts does not.
    /// `perSecond` must be positive; `.infinity` means no limit, and zero, negative or NaN values
    /// pace at one call per second.
    case evenPace(perSecond: Double)
    /// At most `limit` calls in any span of `window`, counted from the instants of our own calls.
    ///
    /// A call waits until fewer than `limit` calls fall in the `window` before it. A `limit`
    /// below 1 counts as 1.
    case slidingWindow(limit: Int, window: Duration)
    /// No limit, for emulators and tests.
    case unlimited

    /// The time between two calls under ``evenPace(perSecond:)``, rounded up to the microsecond; zero otherwise.
    ///
    /// The limiter reads clocks to the microsecond, so a whole number of microseconds keeps its arithmetic exact.
    package var interval: Duration {
        guard case .evenPace(let perSecond) = self else { return .zero }
        guard perSecond > 0 else { return .seconds(1) }
        guard perSecond.isFinite else { return .zero }
        let microseconds = (1e6 / perSecond).rounded(.up)
        return microseconds >= 9e15 ? .seconds(Int64(9e9)) : .microseconds(Int64(microseconds))
    }

    /// The least time `calls` back-to-back calls take under this policy, starting with no earlier calls.
    ///
    /// Useful to estimate how long an apply will run: ``evenPace(perSecond:)`` spaces every call,
    /// ``slidingWindow(limit:window:)`` lets `limit` calls through at once and then one window per `limit` calls.
    package func minimumDuration(forCalls calls: Int) -> Duration {
        guard calls > 1 else { return .zero }
        switch self {
        case .evenPace:
            return interval * (calls - 1)
        case .slidingWindow(let limit, let window):
            return window * ((calls - 1) / max(limit, 1))
        case .unlimited:
            return .zero
        }
    }
}
