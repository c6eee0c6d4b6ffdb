import Foundation
import StatusSyncCore

/// The `--format json` output of commands that report something (snapshot, state show, mapping
/// check, config check, sync's cycle lines).
///
/// Every document carries `formatVersion` (bumped when a field changes meaning or goes away; new
/// fields do not bump it) and `command`, so a script can tell what it reads. Keys are sorted.
enum JSONOutput {
    /// The version of every command's JSON output.
    static let formatVersion = 1

    /// `value` as pretty-printed JSON with sorted keys, without a trailing newline.
    static func document(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.makeEncoder().encode(value), as: UTF8.self)
    }

    /// `value` as one line of JSON with sorted keys: one record of a stream (JSON Lines).
    static func line(_ value: some Encodable) throws -> String {
        let encoder = JSONCoding.makeEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Whether the command was asked for `--format json`.
    static func isRequested(by context: CommandContext) -> Bool {
        context.command.value("--format") == "json"
    }
}
