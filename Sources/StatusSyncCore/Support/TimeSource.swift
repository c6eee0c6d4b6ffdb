import Foundation

/// Time-related effects, injected so that retries, rate limits and timestamps are testable.
///
/// Production code uses ``live``; tests use a frozen or virtual clock from `StatusSyncTestSupport`
/// and assert on the recorded sleeps instead of waiting.
package struct TimeSource: Sendable {
    /// Returns the current wall-clock time.
    package var now: @Sendable () -> Date
    /// Suspends the caller for the given duration; throws `CancellationError` when the task is cancelled.
    package var sleep: @Sendable (Duration) async throws -> Void
    /// Hears of every wait taken through ``wait(_:for:)`` before it begins, and may refuse it by throwing
    /// (``WaitInterruption``); by default it hears nothing.
    package var willWait: @Sendable (WaitNotice) throws -> Void = { _ in }

    /// Creates a time source from its two effects.
    ///
    /// - Parameters:
    ///   - now: Returns the current time.
    ///   - sleep: Suspends for a duration.
    package init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// Waits `duration` for `reason`: tells ``willWait`` first, then sleeps.
    ///
    /// - Parameters:
    ///   - duration: How long to wait.
    ///   - reason: Why, for whoever announces long waits.
    /// - Throws: What ``willWait`` or ``sleep`` throws: `CancellationError` or a ``WaitInterruption``.
    package func wait(_ duration: Duration, for reason: WaitNotice.Reason) async throws {
        try willWait(WaitNotice(reason: reason, duration: duration, resumesAt: now().adding(duration)))
        try await sleep(duration)
    }

    /// The same clock, whose wait notices name `account` (unless they already name one).
    package func naming(_ account: String?) -> TimeSource {
        guard let account else { return self }
        var named = self
        let inner = willWait
        named.willWait = { notice in
            var notice = notice
            notice.account = notice.account ?? account
            try inner(notice)
        }
        return named
    }

    /// The system clock and `Task.sleep`.
    package static let live = TimeSource(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}
