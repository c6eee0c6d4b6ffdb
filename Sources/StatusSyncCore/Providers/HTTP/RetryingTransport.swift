/// A transport that sends a request again when that is safe and likely to help.
///
/// - A `429` is retried after its `Retry-After` (seconds or an HTTP-date; without one, after a
///   backoff) whatever the method, because a throttled request was not processed. A `Retry-After`
///   longer than ``RetryPolicy/maxRetryAfter`` is not waited for: the 429 is returned.
/// - A `5xx` response, or a transient ``TransportError`` (no connection, timeout, lost connection),
///   is retried for GET only, after a capped, jittered exponential backoff.
/// - A POST, PUT, PATCH or DELETE is never sent again after a `5xx` or a transport failure: the
///   `5xx` response is returned and the error (``TransportError/outcomeUnknown(method:url:cause:)``
///   when the request may have taken effect) is thrown, so the caller can read the target first.
///
/// Once ``RetryPolicy/maxAttempts`` attempts are made (429s counted apart, up to
/// ``RetryPolicy/maxThrottledRetries``), the last response is returned or the last error thrown. All waiting goes through the injected ``TimeSource``.
package struct RetryingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let policy: RetryPolicy
    private let time: TimeSource
    private let random: RandomSource

    /// Creates a retrying transport.
    ///
    /// - Parameters:
    ///   - base: The transport each attempt goes through (in the standard stack, the rate limiter).
    ///   - policy: Attempts and delays.
    ///   - time: The clock to read and sleep on.
    ///   - random: The source of backoff jitter.
    package init(
        wrapping base: any HTTPTransport, policy: RetryPolicy = .standard, time: TimeSource = .live,
        random: RandomSource = .live
    ) {
        self.base = base
        self.policy = policy
        self.time = time
        self.random = random
    }

    /// Sends `request`, retrying as described for ``RetryingTransport``.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var attempt = 1
        var throttledRetries = 0
        while true {
            try Task.checkCancellation()
            let delay: Duration
            do {
                let response = try await base.send(request)
                if response.isThrottled {
                    guard throttledRetries < policy.maxThrottledRetries,
                        let wait = delayBeforeRetrying(response, of: request, attempt: throttledRetries + 1)
                    else { return response }
                    throttledRetries += 1
                    if wait > .zero { try await time.wait(wait, for: .retryAfter) }
                    continue
                }
                guard attempt < policy.maxAttempts,
                    let wait = delayBeforeRetrying(response, of: request, attempt: attempt)
                else { return response }
                delay = wait
            } catch {
                guard attempt < policy.maxAttempts, request.method.isRead,
                    (error as? TransportError)?.isTransient == true
                else { throw error }
                delay = backoff(afterAttempt: attempt)
            }
            if delay > .zero { try await time.wait(delay, for: .backoff) }
            attempt += 1
        }
    }

    /// Returns how long to wait before sending `request` again after `response`, or `nil` not to.
    private func delayBeforeRetrying(_ response: HTTPResponse, of request: HTTPRequest, attempt: Int) -> Duration? {
        if response.isThrottled {
            guard let retryAfter = RetryAfter.delay(in: response, now: time.now()) else {
                return backoff(afterAttempt: attempt)
            }
            return retryAfter <= policy.maxRetryAfter ? retryAfter : nil
        }
        guard response.isServerError, request.method.isRead else { return nil }
        if let retryAfter = RetryAfter.delay(in: response, now: time.now()), retryAfter <= policy.maxDelay {
            return retryAfter
        }
        return backoff(afterAttempt: attempt)
    }

    private func backoff(afterAttempt attempt: Int) -> Duration {
        policy.backoff(afterAttempt: attempt, random: random.nextUnit())
    }
}
