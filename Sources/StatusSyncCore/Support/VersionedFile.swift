import Foundation

/// The version check every versioned statussync file passes: the version is read first, and one
/// this build does not read is refused as such before the body is blamed for not decoding.
///
/// The files statussync writes (snapshots, saved plans, pair state, the list of saved plans) declare
/// `formatVersion`; the files users write (configuration, mappings) declare `version`. Each caller
/// keeps its own error type and wording: it says how to word a missing, an unsupported and a corrupt
/// file, and this type decides which of them applies.
package struct VersionedFile: Sendable {
    /// The versions this build reads.
    package var readable: ClosedRange<Int>

    /// Reads versions up to `newest` and, for a format that has only ever had one version, from `oldest`.
    package init(newest: Int, oldest: Int = .min) {
        readable = oldest...newest
    }

    /// Whether this build reads `version`.
    package func reads(_ version: Int) -> Bool {
        readable.contains(version)
    }

    /// Throws `unsupported(version)` when this build does not read `version`.
    package func check<Failure: Error>(
        _ version: Int, else unsupported: (Int) -> Failure
    ) throws(Failure) {
        guard reads(version) else { throw unsupported(version) }
    }

    /// Checks the `key` member of a JSON object when it is an integer; a missing or mistyped
    /// version is left to the caller's validator, which reports it with the other problems.
    package func check<Failure: Error>(
        _ object: [String: JSONValue], key: String = "version", else unsupported: (Int) -> Failure
    ) throws(Failure) {
        if let version = object[key]?.intValue { try check(version, else: unsupported) }
    }

    /// Reads `formatVersion` from JSON bytes, refuses a file without one or of a version this build
    /// does not read, then decodes the whole file.
    ///
    /// - Parameters:
    ///   - type: what the whole file decodes as.
    ///   - data: the file's bytes.
    ///   - decoder: the decoder for the whole file (the version is read on its own).
    ///   - missing: the error for bytes that are not a JSON object with an integer `formatVersion`.
    ///   - unsupported: the error for a version this build does not read.
    ///   - corrupt: the error for a readable version whose body does not decode.
    /// - Returns: the decoded file.
    /// - Throws: the caller's `missing`, `unsupported` or `corrupt` error, in that order of checking.
    package func decode<Value: Decodable, Failure: Error>(
        _ type: Value.Type, from data: Data, decoder: JSONDecoder = JSONCoding.makeDecoder(),
        missing: @autoclosure () -> Failure, unsupported: (Int) -> Failure, corrupt: (any Error) -> Failure
    ) throws(Failure) -> Value {
        guard let declared = Self.declared(in: data) else { throw missing() }
        try check(declared.formatVersion, else: unsupported)
        do {
            return try decoder.decode(Value.self, from: data)
        } catch {
            throw corrupt(error)
        }
    }

    /// What a statussync file's bytes declare about themselves, or `nil` when they are not a JSON
    /// object with an integer `formatVersion`.
    package static func declared(in data: Data) -> Declaration? {
        try? JSONDecoder().decode(Declaration.self, from: data)
    }

    /// The version and, for files that carry one, the format marker a file declares.
    package struct Declaration: Decodable, Sendable {
        /// The `format` marker, when present as a string.
        package var format: String?
        /// The `formatVersion`.
        package var formatVersion: Int

        private enum CodingKeys: String, CodingKey { case format, formatVersion }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try? container.decodeIfPresent(String.self, forKey: .format)
            formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        }
    }
}
