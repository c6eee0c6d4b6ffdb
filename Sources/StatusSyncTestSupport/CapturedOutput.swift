import StatusSyncCore
import Synchronization

/// Text a command wrote, captured for assertions.
package final class CapturedText: Sendable {
    private let storage = Mutex("")

    /// Creates an empty capture.
    package init() {}

    /// Appends `text`.
    package func append(_ text: String) { storage.withLock { $0 += text } }

    /// Everything captured so far.
    package var text: String { storage.withLock { $0 } }
}
