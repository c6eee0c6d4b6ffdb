import Foundation

extension Process {
    /// Waits for the process to end on a thread of its own, leaving the test process's few concurrency
    /// threads free for the tests running beside it (`waitUntilExit()` would hold one for as long as the child runs).
    package func exited() async {
        await withCheckedContinuation { continuation in
            Thread {
                self.waitUntilExit()
                continuation.resume()
            }.start()
        }
    }
}

extension FileHandle {
    /// Reads to the end of the file (a child's output: until it closes) on a thread of its own, for the same reason
    /// as ``Foundation/Process/exited()``.
    package func readToEndOnItsOwnThread() async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.readDataToEndOfFile()) }.start()
        }
    }
}
