import Foundation

/// The emulator's sense of time: what "now" is, and how it waits.
///
/// Rate limits, "no future start_time" checks, derived statuses and injected latency all go through it,
/// so tests can pass a ``ManualEmulatorClock`` and never wait for real time.
package struct EmulatorClock: Sendable {
    /// Returns the current instant.
    package var now: @Sendable () -> Date
    /// Blocks the calling (connection) thread for the given duration.
    package var sleep: @Sendable (Duration) -> Void

    /// Makes a clock from its two effects.
    ///
    /// - Parameters:
    ///   - now: Returns the current instant.
    ///   - sleep: Blocks the calling thread for a duration.
    package init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system clock, with a real blocking sleep.
    package static let system = EmulatorClock(
        now: { Date() },
        sleep: { duration in
            let (seconds, attoseconds) = duration.components
            guard seconds > 0 || attoseconds > 0 else { return }
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        })
}
