import Foundation

/// A plan that must not be made or applied as it stands.
package enum PlanError: Error, Hashable {
    /// More deletes of one kind than the safety threshold allows without `--force`.
    case tooManyDeletes(kind: EntityKind, deletes: Int, total: Int, threshold: Double)
    /// Diagnostics under `--strict` or `"lossy": "fail"`; the first few are listed.
    case strict(count: Int, first: [Diagnostic])
    /// A saved plan was made from snapshots that no longer match the accounts.
    case stale(account: String, planned: String, current: String)
    /// A saved plan cannot be read from disk.
    case unreadable(path: String, reason: String)
    /// A saved plan's file is not a plan this build reads (malformed, foreign or too new).
    case notAPlan(path: String, reason: String)
    /// A saved plan is for another pair.
    case wrongPair(path: String, planned: String, requested: String)
}

extension PlanError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .tooManyDeletes(let kind, let deletes, let total, let threshold):
            "refusing to delete \(deletes) of \(total) \(kind.plural) (more than \(Int(threshold * 100))%); "
                + "check the source, then pass --force if this is intended"
        case .strict(let count, let first):
            "\(count) lossy conversion(s) under --strict, e.g. "
                + first.map { "\($0.key): \($0.message)" }.joined(separator: "; ")
        case .stale(let account, let planned, let current):
            "the saved plan is stale: account '\(account)' changed since it was made (planned from \(planned.prefix(19)), "
                + "now \(current.prefix(19))); make a new plan"
        case .unreadable(let path, let reason):
            "cannot read the saved plan \(path): \(reason)"
        case .notAPlan(let path, let reason):
            "\(path) is not a statussync plan: \(reason)"
        case .wrongPair(let path, let planned, let requested):
            "\(path) was made for pair '\(planned)', not '\(requested)'; "
                + "make one with 'statussync plan \(requested) --out \(path)'"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension PlanError: LocalizedError {
    package var errorDescription: String? { description }
}
