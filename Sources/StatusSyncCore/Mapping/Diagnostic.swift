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
