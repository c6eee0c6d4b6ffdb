import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a file in the store, so that two runs cannot interleave their writes.
///
/// It is an advisory `flock`, so the kernel releases it when the process ends, however it ends:
/// a run killed with `kill -9` never leaves a stale lock behind. The file records the holder's
/// process id for the message the next run shows.
package final class StoreLock: Sendable {
    /// The lock file's path.
    package let path: String
    private let descriptor: Int32

    /// Takes the lock at `path` without waiting.
    ///
    /// - Throws: ``StoreError/locked(path:holder:)`` when another process holds it,
    ///   ``StoreError/io(path:reason:)`` when the file cannot be opened.
    package init(path: String) throws(StoreError) {
        try AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, reason: AtomicFile.errnoText()) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw .locked(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 })
        }
        ftruncate(descriptor, 0)
        let note = "pid \(getpid())\n"
        _ = note.withCString { write(descriptor, $0, strlen($0)) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
