import Foundation

extension FileStore {
    /// How many snapshots per account a store keeps when the configuration does not say (`retention.snapshots`).
    package static var defaultSnapshotRetention: Int { Configuration.defaultSnapshotRetention }

    /// Deletes an account's snapshots older than the newest ``snapshotRetention``, except those a saved plan
    /// was made from and those that cannot be read (a corrupt file is left for the user to look at); nothing
    /// when the list of saved plans cannot be read.
    ///
    /// A failed deletion is left for the next run. The pair states and journals name no snapshot file: the
    /// state's last-apply digest is only compared with the newest snapshot, which is always kept.
    ///
    /// - Parameter account: The account whose snapshots are pruned.
    /// - Returns: The paths deleted, oldest first.
    @discardableResult
    package func pruneSnapshots(account: String) -> [String] {
        let directory = snapshotDirectory(account: account)
        let newestFirst = snapshotNamesNewestFirst(account: account)
        guard newestFirst.count > snapshotRetention else { return [] }
        // Without the list of saved plans, no snapshot is known to be free: prune nothing.
        guard let pinned = try? pinnedSnapshotDigests() else { return [] }
        var deleted: [String] = []
        for name in newestFirst.dropFirst(max(snapshotRetention, 1)).reversed() {
            let path = directory + "/" + name
            guard let digest = Self.recordedDigest(atPath: path), !pinned.contains(digest) else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { deleted.append(path) }
        }
        return deleted
    }

    /// The digest a snapshot file records, or `nil` when it is not a snapshot this build can read.
    private static func recordedDigest(atPath path: String) -> String? {
        struct Header: Decodable {
            var format: String
            var formatVersion: Int
            var digest: String
        }
        guard let bytes = try? Data(contentsOf: URL(fileURLWithPath: path)),
            let header = try? JSONDecoder().decode(Header.self, from: bytes),
            header.format == Snapshot.formatName,
            VersionedFile(newest: Snapshot.formatVersion).reads(header.formatVersion)
        else { return nil }
        return header.digest
    }
}
