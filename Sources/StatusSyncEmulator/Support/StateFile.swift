import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and atomically writes an emulator's state file.
///
/// A write goes to a temporary file in the same directory, is fsynced, then renamed over the old file,
/// and the directory is fsynced: a crash leaves either the old or the new state, never a torn file.
struct StateFile: Sendable {
    let path: String

    /// The file's contents, or `nil` when it does not exist.
    func read() throws(EmulatorError) -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidStateFile(path: path, reason: error.localizedDescription)
        }
    }

    /// Replaces the file with `bytes` atomically.
    func write(_ bytes: [UInt8]) throws(EmulatorError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary =
            directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(errno) }
        var offset = 0
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        let code = errno
        guard written, fsync(descriptor) == 0 else {
            close(descriptor)
            unlink(temporary)
            throw failure(written ? errno : code)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let renameCode = errno
            unlink(temporary)
            throw failure(renameCode)
        }
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private func failure(_ code: Int32) -> EmulatorError {
        .stateFileWriteFailed(path: path, reason: String(cString: strerror(code)))
    }
}
