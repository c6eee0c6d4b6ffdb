import Foundation

/// A `rateLimit` override in an account's configuration that cannot be used.
package enum RateLimitOverrideError: Error, Hashable {
    /// A limit is zero, negative or not a number; `value` is the value as given.
    case notPositive(name: String, value: String)
    /// `callsPerHour` was given together with `readsPerSecond` or `writesPerSecond`.
    case mixedForms
    /// One of `readsPerSecond` and `writesPerSecond` was given, and the provider has no separate default for the other.
    case incomplete(missing: String)
}

extension RateLimitOverrideError: CustomStringConvertible {
    /// A one-line explanation naming the offending key.
    package var description: String {
        switch self {
        case .notPositive(let name, let value):
            "rateLimit.\(name) must be a positive number, not \(value)"
        case .mixedForms:
            "rateLimit sets callsPerHour together with readsPerSecond/writesPerSecond; use one form or the other"
        case .incomplete(let missing):
            "rateLimit must also set \(missing): this provider counts every method against one limit"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension RateLimitOverrideError: LocalizedError {
    package var errorDescription: String? { description }
}
