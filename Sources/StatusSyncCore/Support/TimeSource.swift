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

    /// Creates a time source from its two effects.
    ///
    /// - Parameters:
    ///   - now: Returns the current time.
    ///   - sleep: Suspends for a duration.
    package init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system clock and `Task.sleep`.
    package static let live = TimeSource(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}
