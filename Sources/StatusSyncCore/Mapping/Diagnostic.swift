import Foundation

/// A finding about one entity that does not stop planning: a lossy conversion, a skipped event.
///
/// `--strict` (or `"lossy": "fail"` in the mapping) turns every diagnostic into an error.
package struct Diagnostic: Sendable, Hashable, Codable, Comparable {
    /// The key of the entity it is about (see ``EntityKey``).
    package var key: String
    /// What happened, in words a reviewer understands.
    package var message: String

    /// Creates a diagnostic.
    package init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    package static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool { (lhs.key, lhs.message) < (rhs.key, rhs.message) }
}

// MARK: - Grouping by cause

extension Diagnostic {
    /// The diagnostic's cause: its message with the parts that vary per entity (times, numbers) blanked.
    ///
    /// Two diagnostics with the same cause are the same finding about different entities. The cause
    /// is derived from the message's shape only, so a new or reworded diagnostic groups without a
    /// change here.
    package var cause: String { Self.cause(of: message) }

    /// The cause of a message: ISO 8601 times become `…`, other runs of digits become `N`.
    package static func cause(of message: String) -> String {
        let bytes = Array(message.utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isTimePart(_ byte: UInt8) -> Bool { isDigit(byte) || "-:T.Z+".utf8.contains(byte) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]) else {
                result.append(bytes[index])
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isTimePart(bytes[end]) { end += 1 }
            // A time ends in a digit or `Z`; punctuation after it belongs to the sentence.
            while end > index, !isDigit(bytes[end - 1]), bytes[end - 1] != UInt8(ascii: "Z") { end -= 1 }
            let run = bytes[index..<end]
            if run.count >= 10, run.contains(UInt8(ascii: "T")), run.contains(UInt8(ascii: ":")) {
                result += Array("…".utf8)
                index = end
            } else {
                result.append(UInt8(ascii: "N"))
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Groups findings by ``cause``, the most frequent first (ties in the cause's order).
    ///
    /// - Parameter diagnostics: findings, in any order; duplicates (same key and message) count once.
    /// - Returns: one group per cause with its findings in key order.
    package static func grouped(_ diagnostics: [Diagnostic]) -> [DiagnosticGroup] {
        let unique = Set(diagnostics).sorted()
        let byCause = Dictionary(grouping: unique, by: \.cause)
        return byCause.map { DiagnosticGroup(cause: $0.key, diagnostics: $0.value) }
            .sorted { ($1.diagnostics.count, $0.cause) < ($0.diagnostics.count, $1.cause) }
    }
}

/// Diagnostics that share a cause, with what the user can do about them.
package struct DiagnosticGroup: Sendable, Hashable {
    /// The shared cause (see ``Diagnostic/cause``).
    package var cause: String
    /// The findings, in key order.
    package var diagnostics: [Diagnostic]

    /// Creates a group.
    package init(cause: String, diagnostics: [Diagnostic]) {
        self.cause = cause
        self.diagnostics = diagnostics
    }

    /// The message to show for the group: the first finding's when all share it, else the cause.
    package var message: String {
        let messages = Set(diagnostics.map(\.message))
        return messages.count == 1 ? diagnostics[0].message : cause
    }

    /// What the user can do: change the mapping setting the message names, wait, or accept (`--strict` refuses).
    package var remedy: String {
        let text = message
        if let setting = Self.mappingSetting(in: text) {
            return "change \(setting) in the mapping to carry them, or accept"
        }
        if text.contains("also stands for") {
            return "give each status its own value in the mapping's componentStatus, or accept"
        }
        if text.contains("in the future") { return "nothing to do: a later run carries them" }
        return "accept, or run with --strict to refuse a plan with lossy steps"
    }

    /// A mapping-file setting such as `carry.privateEvents` named in a message.
    private static func mappingSetting(in text: String) -> String? {
        guard let range = text.range(of: "carry.") else { return nil }
        let name = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
        return name.isEmpty ? nil : "carry.\(name)"
    }
}
