/// What a rate limiter has let through so far.
package struct RateLimitUsage: Sendable, Hashable {
    /// Calls let through (every attempt, retries included).
    package var calls: Int
    /// The total time callers spent waiting for a slot.
    package var waited: Duration
    /// Responses with status 429 reported back to the limiter.
    package var throttled: Int
    /// The lowest share of the configured rate the limiter slowed to after 429s (1 when it never did).
    package var slowestPace: Double = 1

    /// Creates a usage record.
    ///
    /// - Parameters:
    ///   - calls: Calls let through.
    ///   - waited: The total time spent waiting.
    ///   - throttled: 429 responses seen.
    package init(calls: Int = 0, waited: Duration = .zero, throttled: Int = 0) {
        self.calls = calls
        self.waited = waited
        self.throttled = throttled
    }

    /// Returns the sum of two usage records.
    package static func + (lhs: RateLimitUsage, rhs: RateLimitUsage) -> RateLimitUsage {
        var sum = RateLimitUsage(
            calls: lhs.calls + rhs.calls, waited: lhs.waited + rhs.waited, throttled: lhs.throttled + rhs.throttled)
        sum.slowestPace = min(lhs.slowestPace, rhs.slowestPace)
        return sum
    }
}
