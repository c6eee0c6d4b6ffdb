import Foundation
import Synchronization

/// A clock that only moves when told to, for tests: rate limits and latency without real waiting.
///
/// Its ``clock`` records every sleep instead of blocking and advances time by the slept amount.
package final class ManualEmulatorClock: Sendable {
    private let state: Mutex<(now: Date, sleeps: [Duration])>

    /// Starts the clock at `start`.
    package init(start: Date) {
        state = Mutex((now: start, sleeps: []))
    }

    /// The current instant.
    package var now: Date { state.withLock { $0.now } }

    /// Every duration the emulator asked to sleep, in order.
    package var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves time forward.
    ///
    /// - Parameter seconds: How far, in seconds.
    package func advance(by seconds: Double) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }

    /// Sets the current instant.
    package func set(_ date: Date) {
        state.withLock { $0.now = date }
    }

    /// The ``EmulatorClock`` reading this manual time; its sleep records and advances instead of blocking.
    package var clock: EmulatorClock {
        EmulatorClock(
            now: { [self] in now },
            sleep: { [self] duration in
                let (seconds, attoseconds) = duration.components
                state.withLock {
                    $0.sleeps.append(duration)
                    $0.now = $0.now.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
                }
            })
    }
}
