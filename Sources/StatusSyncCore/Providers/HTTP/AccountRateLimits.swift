/// The rate limits of one provider account: one limiter for every call, or one for reads and one for writes.
package enum AccountRateLimits: Sendable, Hashable {
    /// One limit that every method counts against.
    case shared(RateLimitPolicy)
    /// GET requests count against `reads`, every other method against `writes`.
    case perVerbClass(reads: RateLimitPolicy, writes: RateLimitPolicy)

    /// Freshstatus v1: 1000 calls per hour per account, every method counted, sliding window.
    package static let freshstatus = AccountRateLimits.shared(.slidingWindow(limit: 1000, window: .seconds(3600)))

    /// StatusHub v3: per key, 30 GET per second and 5 other calls per second, each evenly paced.
    package static let statusHub = AccountRateLimits.perVerbClass(
        reads: .evenPace(perSecond: 30), writes: .evenPace(perSecond: 5))

    /// Applies the overrides of an account's `rateLimit` configuration to a provider's documented limits.
    ///
    /// `{"callsPerHour"}` replaces the limits with one sliding window of an hour for every method.
    /// `{"readsPerSecond", "writesPerSecond"}` replaces them with an even pace per verb class; one of
    /// the two may be left out when `defaults` already has a limit per verb class (StatusHub).
    ///
    /// - Parameters:
    ///   - defaults: The provider's documented limits, such as ``freshstatus`` or ``statusHub``.
    ///   - readsPerSecond: GET requests per second.
    ///   - writesPerSecond: Other requests per second.
    ///   - callsPerHour: Calls of any method per hour.
    /// - Throws: ``RateLimitOverrideError`` when a value is not positive or the two forms are mixed or incomplete.
    package init(
        defaults: AccountRateLimits, readsPerSecond: Double? = nil, writesPerSecond: Double? = nil,
        callsPerHour: Int? = nil
    ) throws(RateLimitOverrideError) {
        for (name, value) in [("readsPerSecond", readsPerSecond), ("writesPerSecond", writesPerSecond)] {
            if let value, !(value > 0) { throw .notPositive(name: name, value: "\(value)") }
        }
        if let callsPerHour {
            guard readsPerSecond == nil, writesPerSecond == nil else { throw .mixedForms }
            guard callsPerHour > 0 else { throw .notPositive(name: "callsPerHour", value: "\(callsPerHour)") }
            self = .shared(.slidingWindow(limit: callsPerHour, window: .seconds(3600)))
            return
        }
        switch (readsPerSecond, writesPerSecond, defaults) {
        case (nil, nil, _):
            self = defaults
        case (let reads?, let writes?, _):
            self = .perVerbClass(reads: .evenPace(perSecond: reads), writes: .evenPace(perSecond: writes))
        case (let reads?, nil, .perVerbClass(_, let writes)):
            self = .perVerbClass(reads: .evenPace(perSecond: reads), writes: writes)
        case (nil, let writes?, .perVerbClass(let reads, _)):
            self = .perVerbClass(reads: reads, writes: .evenPace(perSecond: writes))
        case (_?, nil, .shared):
            throw .incomplete(missing: "writesPerSecond")
        case (nil, _?, .shared):
            throw .incomplete(missing: "readsPerSecond")
        }
    }

    /// The policy that calls with `method` count against.
    package func policy(for method: HTTPMethod) -> RateLimitPolicy {
        switch self {
        case .shared(let policy): policy
        case .perVerbClass(let reads, let writes): method.isRead ? reads : writes
        }
    }
}

extension AccountRateLimits {
    /// The share of a per-second limit the client paces at by default.
    ///
    /// Calls leave on an even pace, but they arrive with network jitter: a call held back a few
    /// milliseconds followed by one on time can put N+1 arrivals in one second of a strict
    /// counter. Measured against the emulator's sliding window, pacing at exactly 30 reads per
    /// second drew four 429s in 157 reads, each costing a one-second `Retry-After` pause; at 95%
    /// no 429 came, there or in 1,036 writes at 20 per second (docs/BENCHMARKS.md).
    package static let pacingShare = 0.95

    /// The same limits with every per-second pace slowed to `share` of itself; hourly windows are kept.
    package func withHeadroom(_ share: Double = AccountRateLimits.pacingShare) -> AccountRateLimits {
        func scaled(_ policy: RateLimitPolicy) -> RateLimitPolicy {
            if case .evenPace(let perSecond) = policy { return .evenPace(perSecond: perSecond * share) }
            return policy
        }
        switch self {
        case .shared(let policy): return .shared(scaled(policy))
        case .perVerbClass(let reads, let writes): return .perVerbClass(reads: scaled(reads), writes: scaled(writes))
        }
    }
}
