import Foundation
import StatusSyncCore
import StatusSyncTestSupport
import Testing

@Suite struct AccountSnapshotterTests {
    private static func hub(failing: Bool = false) -> StubTransport {
        StubTransport { request in
            if failing, urlPath(request).hasSuffix("/services") {
                return jsonResponse(401, "{\"error\": \"Unauthorized\"}")
            }
            if urlPath(request).contains("/incidents/") {
                return jsonResponse(
                    200,
                    """
                    {"id": 1, "title": "T", "start_time": "2026-03-01T10:00:00Z", "updated_at": "2026-03-01T10:00:00Z",
                     "incident_updates": [], "service_ids": []}
                    """)
            }
            if urlPath(request).hasSuffix("/incidents") {
                return jsonResponse(
                    200,
                    "{\"data\": [{\"id\": 1, \"title\": \"T\", \"start_time\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-01T10:00:00Z\"}], \"meta\": {\"total_pages\": 1}}"
                )
            }
            return jsonResponse(200, "{\"data\": [], \"meta\": {\"total_pages\": 0}}")
        }
    }

    @Test func savesASnapshotAndReusesItNextTime() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let stub = Self.hub()
        let client = try makeStatusHubClient(stub)
        let snapshotter = AccountSnapshotter(store: store)
        let first = try await snapshotter.snapshot(account: "new", client: client, full: false)
        #expect(first.fetch.detailCalls == 1)
        #expect(try store.latestSnapshot(account: "new") == first.snapshot)
        let second = try await snapshotter.snapshot(account: "new", client: client, full: false)
        #expect(second.usedPrevious)
        #expect(second.fetch.detailCalls == 0)
        #expect(second.snapshot.digest == first.snapshot.digest)
        let full = try await snapshotter.snapshot(account: "new", client: client, full: true)
        #expect(full.fetch.detailCalls == 1)
    }

    @Test func aFailedFetchWritesNothing() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        await #expect(throws: ProviderError.self) {
            _ = try await AccountSnapshotter(store: store).snapshot(
                account: "new", client: try makeStatusHubClient(Self.hub(failing: true)), full: false)
        }
        #expect(store.latestSnapshotPath(account: "new") == nil)
    }

    @Test func aCorruptPreviousSnapshotIsReportedLeftAloneAndIgnored() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let corrupt = store.snapshotDirectory(account: "new") + "/2999-01-01T00-00-00Z.json"
        try FileManager.default.createDirectory(
            atPath: store.snapshotDirectory(account: "new"), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: corrupt))
        let report = try await AccountSnapshotter(store: store).snapshot(
            account: "new", client: try makeStatusHubClient(Self.hub()), full: false)
        #expect(report.previousProblem != nil)
        #expect(!report.usedPrevious)
        #expect(try Data(contentsOf: URL(fileURLWithPath: corrupt)) == Data("{not json".utf8))
        #expect(FileManager.default.fileExists(atPath: report.path))
    }

    @Test func aSecondRunWhileTheFirstHoldsTheLockFails() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = FileStore(root: root)
        let held = try store.lock(AccountSnapshotter.lockName(account: "new"))
        await #expect {
            _ = try await AccountSnapshotter(store: store).snapshot(
                account: "new", client: try makeStatusHubClient(Self.hub()), full: false)
        } throws: { error in
            guard case .locked = error as? StoreError else { return false }
            return true
        }
        withExtendedLifetime(held) {}
        #expect(store.latestSnapshotPath(account: "new") == nil)
    }
}
