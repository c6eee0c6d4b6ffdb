import Foundation

/// Reads a file users name on the command line or in the configuration, with a reason they can act on.
package enum FileContents {
    /// The file's bytes, or why they cannot be read: `no such file`, or `permission denied or not a file`.
    package static func read(_ path: String) -> Result<Data, UnreadableFile> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            return .failure(UnreadableFile(reason: exists ? "permission denied or not a file" : "no such file"))
        }
    }

    /// Why a file could not be read.
    package struct UnreadableFile: Error, Hashable {
        /// The reason, in words for the error message.
        package var reason: String
    }
}
