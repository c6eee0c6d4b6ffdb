import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

/// Snapshots are kept per account up to the store's retention, never a second copy of unchanged content,
/// and never one a saved plan was made from.
@Suite struct SnapshotRetentionTests {
    private func snapshot(at seconds: Int64, incidents: Int) -> Snapshot {
        let items = (0..<incidents).map { JSONValue.object(["id": .number(Double($0))]) }
        return Snapshot(
            provider: .freshstatus, account: "old", fetchedAt: Instant(secondsSince1970: seconds), calls: 1,
            data: .object(["incidents": .array(items)]))
    }

    private func names(_ store: FileStore) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.snapshotDirectory(account: "old")).sorted()
    }

    /// Saves six snapshots of different content a minute apart; returns their paths, oldest first.
    private func saveSix(_ store: FileStore) throws -> [String] {
        try (1...6).map { try store.save(snapshot(at: 1_700_000_000 + Int64($0) * 60, incidents: $0)) }
    }

    @Test func pruningKeepsTheNewestSnapshotsUpToTheRetention() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root, snapshotRetention: 3)
        let paths = try saveSix(store)
        let deleted = store.pruneSnapshots(account: "old")
        #expect(deleted == Array(paths.prefix(3)))
        #expect(try names(store) == paths.suffix(3).map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(try store.latestSnapshot(account: "old").counts["incidents"] == 6)
        #expect(store.pruneSnapshots(account: "old").isEmpty, "nothing more to prune")
    }

    @Test func theDefaultRetentionKeepsTen() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        #expect(store.snapshotRetention == FileStore.defaultSnapshotRetention)
        for second in 0..<12 { _ = try store.save(snapshot(at: 1_700_000_000 + Int64(second), incidents: second)) }
        #expect(store.pruneSnapshots(account: "old").count == 2)
        #expect(try names(store).count == 10)
    }

    @Test func aSnapshotASavedPlanWasMadeFromSurvivesUntilThePlanFileIsGone() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root, snapshotRetention: 2)
        let paths = try saveSix(store)
        let pinned = try store.latestSnapshot(account: "old").digest  // not pinned yet: the newest one
        let oldest = try Snapshot.decode(try store.read(paths[0]), path: paths[0])
        let planPath = root + "/plan.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: planPath))
        try store.pinSnapshots(digests: [oldest.digest, pinned], pair: "migrate", planPath: planPath)
        #expect(try store.pinnedSnapshotDigests() == [oldest.digest, pinned])

        #expect(store.pruneSnapshots(account: "old") == Array(paths[1...3]))
        #expect(FileManager.default.fileExists(atPath: paths[0]), "the saved plan's snapshot is kept")

        try FileManager.default.removeItem(atPath: planPath)
        #expect(try store.pinnedSnapshotDigests().isEmpty, "a plan file that is gone pins nothing")
        #expect(store.pruneSnapshots(account: "old") == [paths[0]])
    }

    @Test func aSnapshotThatCannotBeReadIsNeverPruned() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root, snapshotRetention: 1)
        let paths = try saveSix(store)
        try Data("{\"format\": \"statussync-snapshot\"".utf8).write(to: URL(fileURLWithPath: paths[0]))
        #expect(store.pruneSnapshots(account: "old") == Array(paths[1...4]))
        #expect(try names(store).count == 2)
    }

    @Test func anUnchangedAccountReusesItsLatestSnapshotInsteadOfWritingAnother() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let client = try makeStatusHubClient(
            StubTransport { _ in jsonResponse(200, "{\"data\": [], \"meta\": {\"total_pages\": 0}}") })
        let snapshotter = AccountSnapshotter(store: store)
        let first = try await snapshotter.snapshot(account: "new", client: client, full: false)
        #expect(!first.reused)
        for full in [false, true] {
            let again = try await snapshotter.snapshot(account: "new", client: client, full: full)
            #expect(again.reused)
            #expect(again.path == first.path)
            #expect(again.snapshot.digest == first.snapshot.digest)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.snapshotDirectory(account: "new")).count == 1)
    }
}
