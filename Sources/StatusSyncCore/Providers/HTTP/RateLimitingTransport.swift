import Foundation

/// A transport that holds every request until the account's rate limit allows it.
///
/// Each request waits on the limiter of its verb class (``AccountRateLimits/policy(for:)``);
/// with ``AccountRateLimits/shared(_:)`` all methods share one limiter. A 429 response is told to
/// that limiter with the response's `Retry-After` (or `pauseWithoutRetryAfter`): a long one, or a
/// cluster of 429s, makes every caller of the class hold off
/// (``RateLimiter/recordThrottling(retryAfter:sentAt:)``). The response is then returned for
/// ``RetryingTransport`` to retry.
package struct RateLimitingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let reads: RateLimiter
    private let writes: RateLimiter
    private let time: TimeSource
    private let pauseWithoutRetryAfter: Duration

    /// Creates a transport limited by `limits`.
    ///
    /// - Parameters:
    ///   - base: The transport that performs the round trip.
    ///   - limits: The account's limits.
    ///   - time: The clock to read and sleep on.
    ///   - pauseWithoutRetryAfter: How long a 429 without a usable `Retry-After` pauses its class.
    package init(
        wrapping base: any HTTPTransport, limits: AccountRateLimits, time: TimeSource = .live,
        pauseWithoutRetryAfter: Duration = .seconds(1)
    ) {
        self.base = base
        self.time = time
        self.pauseWithoutRetryAfter = pauseWithoutRetryAfter
        switch limits {
        case .shared(let policy):
            let limiter = RateLimiter(policy: policy, time: time)
            (reads, writes) = (limiter, limiter)
        case .perVerbClass(let readPolicy, let writePolicy):
            reads = RateLimiter(policy: readPolicy, time: time)
            writes = RateLimiter(policy: writePolicy, time: time)
        }
    }

    /// The limiter that requests with `method` wait on.
    package func limiter(for method: HTTPMethod) -> RateLimiter {
        method.isRead ? reads : writes
    }

    /// What the account's limiters have let through so far, all verb classes together.
    package func usage() async -> RateLimitUsage {
        if reads === writes { return await reads.usage }
        return await reads.usage + writes.usage
    }

    /// Waits for a slot, then sends `request`; a 429 response pauses the request's verb class.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let limiter = limiter(for: request.method)
        try await limiter.acquire()
        let sentAt = time.now()
        let response = try await base.send(request)
        if response.isThrottled {
            let pause = RetryAfter.delay(in: response, now: time.now()) ?? pauseWithoutRetryAfter
            await limiter.recordThrottling(retryAfter: pause, sentAt: sentAt)
        } else {
            await limiter.recordAnswered()
        }
        return response
    }
}
