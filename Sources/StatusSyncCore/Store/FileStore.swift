import Foundation

/// The store directory: snapshots per account, state per pair, and locks.
///
/// ```
/// STORE/snapshots/ACCOUNT/2026-11-22T10-00-00Z.json
/// STORE/state/PAIR.json, STORE/state/PAIR.journal
/// STORE/locks/NAME.lock
/// ```
/// Every file is written atomically; a snapshot is never overwritten (each fetch gets a new name).
/// An account keeps its newest ``snapshotRetention`` snapshots and those saved plans were made from.
package struct FileStore: Sendable {
    /// The store's root directory.
    package var root: String
    /// How many snapshots per account ``pruneSnapshots(account:)`` keeps, at least 1.
    package var snapshotRetention: Int

    /// Creates a store rooted at `root` (created on first write).
    ///
    /// - Parameters:
    ///   - root: The store's directory.
    ///   - snapshotRetention: How many snapshots per account pruning keeps (`retention.snapshots`).
    package init(root: String, snapshotRetention: Int = FileStore.defaultSnapshotRetention) {
        self.root = root
        self.snapshotRetention = max(snapshotRetention, 1)
    }

    /// The directory that holds an account's snapshots.
    package func snapshotDirectory(account: String) -> String { "\(root)/snapshots/\(account)" }

    /// Writes a new snapshot file and returns its path; earlier snapshots are kept.
    package func save(_ snapshot: Snapshot) throws(StoreError) -> String {
        let directory = snapshotDirectory(account: snapshot.account)
        let stamp = snapshot.fetchedAt.iso8601.replacingOccurrences(of: ":", with: "-")
        // After every file of the same second, even one pruned since: a name freed by pruning is never
        // taken again, or the newer snapshot would sort before the ones still kept.
        let sameSecond = snapshotNames(in: directory).map(Self.order).filter { $0.0 == stamp }.map(\.1)
        let name = sameSecond.max().map { "\(stamp)_\($0 + 1).json" } ?? "\(stamp).json"
        let data: Data
        do {
            data = try snapshot.encoded()
        } catch {
            throw .io(path: directory + "/" + name, reason: "cannot encode the snapshot")
        }
        let path = directory + "/" + name
        try AtomicFile.write(data, to: path)
        return path
    }

    /// The newest snapshot file of `account`, or `nil` when there is none.
    package func latestSnapshotPath(account: String) -> String? {
        let directory = snapshotDirectory(account: account)
        return snapshotNames(in: directory).max(by: { Self.order($0) < Self.order($1) }).map { directory + "/" + $0 }
    }

    /// The names of `account`'s snapshot files, newest first.
    func snapshotNamesNewestFirst(account: String) -> [String] {
        snapshotNames(in: snapshotDirectory(account: account)).sorted { Self.order($0) > Self.order($1) }
    }

    /// Reads and verifies the newest snapshot of `account`.
    ///
    /// - Throws: ``StoreError/noSnapshot(account:directory:)`` when there is none; ``StoreError/corrupt(path:reason:)``
    ///   or ``StoreError/tooNew(path:found:newestSupported:)`` when it cannot be trusted (it is left as it is).
    package func latestSnapshot(account: String) throws(StoreError) -> Snapshot {
        guard let path = latestSnapshotPath(account: account) else {
            throw .noSnapshot(account: account, directory: snapshotDirectory(account: account))
        }
        return try Snapshot.decode(try read(path), path: path)
    }

    /// Reads a file's bytes.
    package func read(_ path: String) throws(StoreError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "cannot read the file")
        }
    }

    /// Takes the store's lock named `name`, failing at once when another run holds it.
    package func lock(_ name: String) throws(StoreError) -> StoreLock {
        try StoreLock(path: "\(root)/locks/\(name).lock")
    }

    /// The path of a pair's state file.
    package func statePath(pair: String) -> String { "\(root)/state/\(pair).json" }

    /// The path of a pair's write journal.
    package func journalPath(pair: String) -> String { "\(root)/state/\(pair).journal" }

    private func snapshotNames(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }
    }

    /// Orders snapshot names by their time stamp, then by the sequence number a same-second fetch adds.
    private static func order(_ name: String) -> (String, Int) {
        let base = name.dropLast(".json".count)
        guard let underscore = base.lastIndex(of: "_"), let sequence = Int(base[base.index(after: underscore)...])
        else {
            return (String(base), 0)
        }
        return (String(base[..<underscore]), sequence)
    }
}
