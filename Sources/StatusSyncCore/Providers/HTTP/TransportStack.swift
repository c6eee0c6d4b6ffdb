/// The standard transport stack for one provider account, and its call counters.
///
/// From the outside in:
/// 1. ``RetryingTransport``: outermost, so that every retry passes through the rate limiter again.
/// 2. ``RateLimitingTransport``: sees every attempt, so the account's limit holds retries included,
///    and a 429 pauses the whole verb class before the retry is attempted.
/// 3. ``LoggingTransport`` (only with a log): one line per attempt; inside the limiter, so the time
///    logged is the round trip and not the wait for a slot.
/// 4. ``AuthenticatingTransport``: adds the credential last, so no other layer sees it.
/// 5. The base transport, ``URLSessionTransport`` in production.
///
/// The stack is itself an ``HTTPTransport``: provider clients send through it.
package struct TransportStack: HTTPTransport {
    /// The transport that performs the round trips, under every layer.
    package let base: any HTTPTransport
    private let outermost: any HTTPTransport
    private let rateLimiting: RateLimitingTransport

    /// Builds the stack over `base`.
    ///
    /// - Parameters:
    ///   - base: The transport that performs round trips.
    ///   - credential: The account's credential.
    ///   - rateLimits: The account's limits, such as ``AccountRateLimits/statusHub`` or an override.
    ///   - retry: Attempts and delays.
    ///   - time: The clock every layer reads and sleeps on; its wait notices name the account (`label`).
    ///   - random: The source of backoff jitter.
    ///   - label: Shown at the start of each log line, such as the account's name.
    ///   - log: Receives one line per HTTP attempt (`--verbose`); `nil` logs nothing.
    ///   - budget: A call budget shared with other processes (``CallLedger``), every attempt admitted by it.
    package init(
        base: any HTTPTransport, credential: Credential, rateLimits: AccountRateLimits,
        retry: RetryPolicy = .standard, time: TimeSource = .live, random: RandomSource = .live,
        label: String? = nil, log: (@Sendable (String) -> Void)? = nil, budget: (any SharedCallBudget)? = nil
    ) {
        self.base = base
        let time = time.naming(label)
        let authenticating = AuthenticatingTransport(wrapping: base, credential: credential)
        let logging: any HTTPTransport =
            if let log {
                LoggingTransport(wrapping: authenticating, label: label, time: time, log: log)
            } else {
                authenticating
            }
        let rateLimiting = RateLimitingTransport(wrapping: logging, limits: rateLimits, time: time, budget: budget)
        self.rateLimiting = rateLimiting
        self.outermost = RetryingTransport(wrapping: rateLimiting, policy: retry, time: time, random: random)
    }

    /// Builds the stack over the process's ``URLSessionTransport`` for these limits
    /// (``URLSessionTransport/shared(limits:)``), with live time and randomness.
    ///
    /// - Parameters:
    ///   - credential: The account's credential.
    ///   - rateLimits: The account's limits.
    ///   - limits: Timeouts and the largest answer accepted.
    ///   - timeout: When given, replaces both the read and the write timeout of `limits`.
    ///   - retry: Attempts and delays.
    ///   - time: The clock every layer reads and waits on; its wait notices name the account (`label`).
    ///   - label: Shown at the start of each log line.
    ///   - log: Receives one line per HTTP attempt; `nil` logs nothing.
    ///   - budget: A call budget shared with other processes, every attempt admitted by it.
    /// - Returns: The stack.
    package static func live(
        credential: Credential, rateLimits: AccountRateLimits, limits: HTTPLimits = .standard, timeout: Duration? = nil,
        retry: RetryPolicy = .standard, time: TimeSource = .live, label: String? = nil,
        log: (@Sendable (String) -> Void)? = nil, budget: (any SharedCallBudget)? = nil
    ) -> TransportStack {
        TransportStack(
            base: URLSessionTransport.shared(limits: timeout.map(limits.withTimeout) ?? limits), credential: credential,
            rateLimits: rateLimits, retry: retry, time: time, label: label, log: log, budget: budget)
    }

    /// Sends `request` through every layer.
    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await InFlightCalls.track(request) { try await outermost.send(request) }
    }

    /// The calls made so far (every attempt), the time spent waiting for the rate limit, and the 429s seen.
    package func usage() async -> RateLimitUsage {
        await rateLimiting.usage()
    }

    /// The limiter that requests with `method` wait on, for its own ``RateLimiter/usage``.
    package func limiter(for method: HTTPMethod) -> RateLimiter {
        rateLimiting.limiter(for: method)
    }
}
