import Foundation

/// A mapping file that cannot be used, or a value it does not map.
package enum MappingError: Error, Hashable {
    /// The file does not exist or cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON.
    case malformed(path: String, reason: String)
    /// The file declares a format version this build does not read.
    case unsupportedVersion(path: String, found: Int, newestSupported: Int)
    /// The file decoded, but its contents are inconsistent; every problem is listed with its JSON path.
    case invalid(path: String, problems: [String])
    /// The source holds a value the mapping does not map.
    case unmappedValue(path: String, key: String, value: String)
    /// The mapping is for other providers than the pair's accounts.
    case providerMismatch(path: String, expected: String, found: String)
}

extension MappingError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read mapping \(path): \(reason)"
        case .malformed(let path, let reason):
            "mapping \(path) is not valid JSON: \(reason)"
        case .unsupportedVersion(let path, let found, let newest):
            "mapping \(path) has version \(found); this statussync reads version \(newest)"
                + (found > newest ? " at most; upgrade statussync" : "")
        case .invalid(let path, let problems):
            "mapping \(path): " + problems.joined(separator: "; ")
        case .unmappedValue(let path, let key, let value):
            "mapping \(path): \(key) does not map '\(value)'; add it to the file"
        case .providerMismatch(let path, let expected, let found):
            "mapping \(path) maps \(found), but the pair is \(expected)"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension MappingError: LocalizedError {
    package var errorDescription: String? { description }
}
