import Foundation

/// The saved plans a store knows of (`plan --out FILE`), each with the digests of the snapshots it was made
/// from, so that pruning keeps those snapshots while the plan file exists.
///
/// On disk: `STORE/saved-plans.json`, `{"formatVersion": 1, "plans": [{"path", "pair", "digests"}]}`.
struct SavedPlanIndex: Codable, Sendable {
    static let currentVersion = 1

    /// One saved plan.
    struct Entry: Codable, Sendable {
        /// The plan file's absolute path.
        var path: String
        /// The pair it plans.
        var pair: String
        /// The digests of its source and target snapshots.
        var digests: [String]
    }

    var formatVersion = SavedPlanIndex.currentVersion
    var plans: [Entry] = []

    /// The entries whose plan file still exists.
    var existing: [Entry] { plans.filter { FileManager.default.fileExists(atPath: $0.path) } }
}

extension FileStore {
    /// The file that lists saved plans and the snapshot digests they were made from.
    package var savedPlansPath: String { "\(root)/saved-plans.json" }

    /// Records that the plan saved at `planPath` was made from the snapshots with `digests`, which pruning
    /// then keeps for as long as the file exists; entries whose plan file is gone are dropped.
    ///
    /// - Parameters:
    ///   - digests: The digests of the plan's source and target snapshots.
    ///   - pair: The pair the plan is for.
    ///   - planPath: Where the plan was saved, absolute or relative to the working directory.
    /// - Throws: ``StoreError`` when the list exists but cannot be read (it is left as it is), or cannot be written.
    package func pinSnapshots(digests: [String], pair: String, planPath: String) throws(StoreError) {
        let path = URL(fileURLWithPath: planPath).standardizedFileURL.path
        var index = try savedPlanIndex()
        index.plans = index.existing.filter { $0.path != path }
        index.plans.append(.init(path: path, pair: pair, digests: digests))
        let data: Data
        do {
            data = try JSONCoding.makeEncoder().encode(index)
        } catch {
            throw .io(path: savedPlansPath, reason: "cannot encode the list of saved plans")
        }
        try AtomicFile.write(data, to: savedPlansPath)
    }

    /// The digests of the snapshots that saved plans still on disk were made from.
    ///
    /// - Throws: ``StoreError`` when the list of saved plans cannot be read.
    package func pinnedSnapshotDigests() throws(StoreError) -> Set<String> {
        Set(try savedPlanIndex().existing.flatMap(\.digests))
    }

    private func savedPlanIndex() throws(StoreError) -> SavedPlanIndex {
        guard FileManager.default.fileExists(atPath: savedPlansPath) else { return SavedPlanIndex() }
        let bytes = try read(savedPlansPath)
        return try VersionedFile(newest: SavedPlanIndex.currentVersion).decode(
            SavedPlanIndex.self, from: bytes,
            missing: StoreError.corrupt(path: savedPlansPath, reason: "not a statussync list of saved plans"),
            unsupported: { .tooNew(path: savedPlansPath, found: $0, newestSupported: SavedPlanIndex.currentVersion) },
            corrupt: { .corrupt(path: savedPlansPath, reason: JSONValidator.reason(for: $0)) })
    }
}
