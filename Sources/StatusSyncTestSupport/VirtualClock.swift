import Foundation
import StatusSyncCore
import Synchronization

/// A clock whose time moves only when someone sleeps on it or calls ``advance(by:)``.
///
/// A sleep returns at once after moving the clock to the sleeper's wake-up time (never backwards),
/// so a sequence of waits is observable as virtual timestamps with no real waiting. With several
/// concurrent sleepers the clock reaches the latest wake-up time, so use ``TimeSource/immediate(recordingInto:now:)``
/// to assert the delays of concurrent callers.
package final class VirtualClock: Sendable {
    private struct State {
        var elapsed: Duration = .zero
        var wakeUps: [Duration] = []
    }

    /// The instant virtual time starts at.
    package let start: Date
    private let state = Mutex(State())

    /// Creates a clock at `start`.
    package init(start: Date = TimeSource.testEpoch) {
        self.start = start
    }

    /// The virtual time elapsed since ``start``, exact.
    package var elapsed: Duration { state.withLock { $0.elapsed } }

    /// The current virtual time.
    package var now: Date { start.addingTimeInterval(Self.seconds(elapsed)) }

    /// The elapsed time at which each sleep ended, in the order the sleeps were requested.
    package var wakeUps: [Duration] { state.withLock { $0.wakeUps } }

    /// Moves the clock forward by `duration`.
    package func advance(by duration: Duration) {
        state.withLock { $0.elapsed += duration }
    }

    /// A time source reading and sleeping on this clock.
    package var timeSource: TimeSource {
        TimeSource(
            now: { [self] in now },
            sleep: { [self] duration in
                try Task.checkCancellation()
                state.withLock { state in
                    let wakeUp = state.elapsed + duration
                    state.wakeUps.append(wakeUp)
                    state.elapsed = max(state.elapsed, wakeUp)
                }
            })
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) * 1e-18
    }
}
