import Foundation

/// A wait about to begin: whose, why, how long and until when, so a command can announce a long one,
/// refuse one longer than it accepts, or stop it.
package struct WaitNotice: Sendable, Hashable {
    /// Why a call is held back.
    package enum Reason: Sendable, Hashable {
        /// The account's calls per second (slower after 429s).
        case pacing
        /// The account's budget of `limit` calls per `window`, with `used` of them spent.
        case budget(used: Int, limit: Int, window: Duration)
        /// The server answered 429 and asked to wait (`Retry-After`).
        case retryAfter
        /// A failed call is tried again after a backoff.
        case backoff
    }

    /// The account the wait is for, when known.
    package var account: String?
    /// Why the call waits.
    package var reason: Reason
    /// How long it waits.
    package var duration: Duration
    /// When it resumes.
    package var resumesAt: Date

    /// Creates a notice.
    ///
    /// - Parameters:
    ///   - account: The account the wait is for.
    ///   - reason: Why the call waits.
    ///   - duration: How long.
    ///   - resumesAt: When it resumes.
    package init(account: String? = nil, reason: Reason, duration: Duration, resumesAt: Date) {
        self.account = account
        self.reason = reason
        self.duration = duration
        self.resumesAt = resumesAt
    }
}

/// Why a wait ended before its time: the run is being stopped, and nothing was sent for the call that waited.
package enum WaitInterruption: Error, Sendable, Hashable, CustomStringConvertible {
    /// SIGINT or SIGTERM arrived.
    case signal
    /// The wait would have lasted longer than the run accepts (`--max-wait`).
    case tooLong(WaitNotice, limit: Duration)

    package var description: String {
        switch self {
        case .signal: "stopped by a signal"
        case .tooLong(let notice, let limit):
            "a wait of \(notice.duration) is longer than the \(limit) accepted"
        }
    }
}
