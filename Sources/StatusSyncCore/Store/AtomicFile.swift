import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file writes: a temporary file in the same directory, fsync, rename, fsync of the directory.
///
/// A reader sees either the old file or the new one, never half of one, even after `kill -9`
/// or a power cut.
package enum AtomicFile {
    /// Writes `data` to `path` atomically, creating the directory if needed.
    ///
    /// - Throws: ``StoreError/io(path:reason:)``.
    package static func write(_ data: Data, to path: String) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try createDirectory(directory)
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: path, reason: errnoText()) }
        var failure = data.withUnsafeBytes { writeAll(descriptor, $0) ? nil : errnoText() }
        if failure == nil, fsync(descriptor) != 0 { failure = errnoText() }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw .io(path: path, reason: failure)
        }
        syncDirectory(directory)
    }

    /// Creates `path` and its parents if they do not exist.
    package static func createDirectory(_ path: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, reason: "cannot create the directory")
        }
    }

    /// Flushes a directory entry change (a rename) to disk.
    package static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The current `errno` as text.
    package static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// Writes the whole buffer to `descriptor`, retrying on interruption; `false` on failure (see `errno`).
private func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < buffer.count, let base = buffer.baseAddress {
        let written = write(descriptor, base + offset, buffer.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}
