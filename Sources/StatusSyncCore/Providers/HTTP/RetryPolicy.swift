/// How often and how patiently ``RetryingTransport`` tries a request again.
package struct RetryPolicy: Sendable, Hashable {
    /// The most times one request is sent, the first time included; values below 1 count as 1.
    package var maxAttempts: Int
    /// The backoff ceiling after the first failed attempt; it doubles after each further one.
    package var baseDelay: Duration
    /// The largest backoff ceiling.
    package var maxDelay: Duration
    /// The longest `Retry-After` that is waited for; a 429 asking for more is returned to the caller.
    package var maxRetryAfter: Duration
    /// The most times one request is sent again after a 429, counted apart from ``maxAttempts``: a
    /// throttled request was not processed, and the limiter slows down until the server accepts.
    package var maxThrottledRetries = 20

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: The most times one request is sent.
    ///   - baseDelay: The backoff ceiling after the first failed attempt.
    ///   - maxDelay: The largest backoff ceiling.
    ///   - maxRetryAfter: The longest `Retry-After` waited for (Freshstatus may ask for most of an hour).
    package init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(3600)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Five attempts, backoff from 0.5 s up to 30 s, `Retry-After` honoured up to an hour.
    package static let standard = RetryPolicy()

    /// Returns the wait after the failed attempt number `attempt` (1-based).
    ///
    /// The ceiling is `baseDelay * 2^(attempt - 1)`, capped at `maxDelay`; the wait is half the
    /// ceiling plus a random part of the other half ("equal jitter"), so concurrent callers spread
    /// out but never retry at once.
    ///
    /// - Parameters:
    ///   - attempt: The number of the attempt that failed, from 1.
    ///   - random: A number in `0..<1`; values outside are clamped.
    /// - Returns: The wait, at most `maxDelay`.
    package func backoff(afterAttempt attempt: Int, random: Double) -> Duration {
        var ceiling = min(baseDelay, maxDelay)
        var doublings = max(attempt, 1) - 1
        while doublings > 0, ceiling < maxDelay {
            ceiling = min(ceiling * 2, maxDelay)
            doublings -= 1
        }
        let unit = random.isNaN ? 0 : min(max(random, 0), 1)
        let half = ceiling / 2
        return half + half * unit
    }
}
