import Foundation

/// A problem with the store directory or a file in it.
package enum StoreError: Error, Hashable {
    /// A file could not be read or written; `reason` says why.
    case io(path: String, reason: String)
    /// A file is not what statussync wrote: not JSON, wrong shape, or a digest that does not match.
    case corrupt(path: String, reason: String)
    /// A file was written by a newer statussync.
    case tooNew(path: String, found: Int, newestSupported: Int)
    /// Another statussync run holds the lock.
    case locked(path: String, holder: String?)
    /// There is no snapshot of the account yet.
    case noSnapshot(account: String, directory: String)
    /// A pair's journal has a line that is not a journal entry before its last one.
    case unreadableJournal(path: String, line: Int, pair: String)
}

extension StoreError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .io(let path, let reason):
            "cannot access \(path): \(reason)"
        case .corrupt(let path, let reason):
            "\(path) is corrupt (\(reason)); it was left untouched: move it aside or fetch again"
        case .tooNew(let path, let found, let newest):
            "\(path) has format version \(found), newer than this statussync reads (\(newest)); upgrade statussync"
        case .locked(let path, let holder):
            "another statussync run\(holder.map { " (\($0))" } ?? "") holds \(path); wait for it to finish"
        case .noSnapshot(let account, let directory):
            "no snapshot of account '\(account)' in \(directory); run 'statussync snapshot \(account)' first"
        case .unreadableJournal(let path, let line, let pair):
            "line \(line) of \(path) is not a journal entry, so the links of an interrupted run cannot all be read; "
                + "it was left untouched: run 'statussync state repair \(pair)' to keep every readable entry and "
                + "settle the rest by reading the target"
        }
    }
}

/// Makes `error.localizedDescription` print ``description`` on Linux as well.
extension StoreError: LocalizedError {
    package var errorDescription: String? { description }
}
