/// A state the code's own invariants rule out, reported instead of silently papered over.
///
/// It names what went wrong for a bug report; users never cause it with bad input (that is a
/// configuration, mapping or store error), as SwiftPM's `InternalError` does.
package struct InternalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What could not happen, but did.
    package var reason: String

    /// Creates the error.
    package init(_ reason: String) { self.reason = reason }

    /// `internal error: ...; please report it`.
    package var description: String { "internal error: \(reason); please report it" }
}
