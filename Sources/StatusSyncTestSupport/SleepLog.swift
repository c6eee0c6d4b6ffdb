import Synchronization

/// Records every sleep requested through a test ``StatusSyncCore/TimeSource``.
package final class SleepLog: Sendable {
    private let sleeps = Mutex<[Duration]>([])

    /// Creates an empty log.
    package init() {}

    /// Appends `duration`.
    package func record(_ duration: Duration) { sleeps.withLock { $0.append(duration) } }

    /// Every recorded sleep, in the order requested.
    package var all: [Duration] { sleeps.withLock { $0 } }

    /// The sum of every recorded sleep.
    package var total: Duration { all.reduce(.zero, +) }
}
