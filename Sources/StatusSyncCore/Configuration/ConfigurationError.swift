import Foundation

/// A problem with `statussync.json` or with what it asks for.
package enum ConfigurationError: Error, Hashable {
    /// The file does not exist or cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON.
    case malformed(path: String, reason: String)
    /// The file was written for a newer statussync.
    case unsupportedVersion(path: String, found: Int, newestSupported: Int)
    /// The file is JSON, but keys are unknown, missing or of the wrong type; every problem is listed.
    case invalid(path: String, problems: [String])
    /// A command named an account or pair the configuration does not have.
    case unknownName(kind: String, name: String, known: [String])
    /// The environment variable that should hold an account's API key is unset or empty.
    case missingAPIKey(account: String, variable: String)
}

extension ConfigurationError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read configuration \(path): \(reason)"
        case .malformed(let path, let reason):
            "\(path) is not valid JSON: \(reason)"
        case .unsupportedVersion(let path, let found, let newest):
            "\(path) has version \(found), but this statussync reads version \(newest) at most; upgrade statussync"
        case .invalid(let path, let problems):
            "\(path): " + problems.joined(separator: "; ")
        case .unknownName(let kind, let name, let known):
            known.isEmpty
                ? "no \(kind) named '\(name)': the configuration defines none"
                : "no \(kind) named '\(name)' (known: \(known.joined(separator: ", ")))"
        case .missingAPIKey(let account, let variable):
            "account '\(account)' needs its API key in the environment variable \(variable), which is not set"
        }
    }
}

extension ConfigurationError {
    /// The error as lines for people, one problem a line (each `FILE: path: what is wrong`).
    package var lines: [String] {
        guard case .invalid(let path, let problems) = self, !problems.isEmpty else { return [description] }
        return problems.map { "\(path): \($0)" }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension ConfigurationError: LocalizedError {
    package var errorDescription: String? { description }
}
