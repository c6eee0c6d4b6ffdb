import Foundation
import StatusSyncCore

extension TimeSource {
    /// The instant that ``immediate(recordingInto:now:)`` reports unless told otherwise: 2027-01-15T08:00:00Z.
    package static let testEpoch = Date(timeIntervalSince1970: 1_800_000_000)

    /// A frozen clock whose sleeps return at once and are recorded in `log`.
    ///
    /// Because time never moves, every caller sees the same `now`; that makes the delays a rate
    /// limiter computes exact and easy to assert, even for concurrent callers.
    ///
    /// - Parameters:
    ///   - log: Receives every requested sleep.
    ///   - now: The frozen current time.
    /// - Returns: A time source that never waits.
    package static func immediate(recordingInto log: SleepLog, now: Date = testEpoch) -> TimeSource {
        TimeSource(
            now: { now },
            sleep: { duration in
                log.record(duration)
                try Task.checkCancellation()
            })
    }
}
