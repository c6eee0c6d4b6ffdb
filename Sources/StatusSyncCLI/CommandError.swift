import Foundation

/// A command that could not do its work, for reasons outside the core library's errors.
package enum CommandError: Error, Hashable {
    /// The command exists but its engine is not part of this build yet.
    case notAvailable(command: String, reason: String)
    /// No configuration file where one was expected.
    case missingConfiguration(path: String)
    /// A command argument or file the command was given is unusable.
    case invalidInput(String)
}

extension CommandError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .notAvailable(let command, let reason):
            "'statussync \(command)' is not available in this build yet: \(reason)"
        case .missingConfiguration(let path):
            "no configuration file at \(path); create one (see the README, section Configuration) or pass --config FILE"
        case .invalidInput(let message):
            message
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension CommandError: LocalizedError {
    package var errorDescription: String? { description }
}
