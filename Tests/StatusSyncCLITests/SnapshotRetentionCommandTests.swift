import Foundation
import StatusSyncCLI
import StatusSyncCore
import StatusSyncEmulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Online runs write a snapshot only when an account changed, keep the configured number per account,
/// and keep the snapshots a saved plan was made from.
@Suite struct SnapshotRetentionCommandTests {
    func snapshotFiles(_ workspace: LiveWorkspace, _ account: String) throws -> [String] {
        let directory = workspace.store.snapshotDirectory(account: account)
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
            .map { directory + "/" + $0 }
    }

    /// Renames the source's service 10 through the emulator's API.
    func renameSourceService(_ workspace: LiveWorkspace, to name: String) async throws {
        var request = URLRequest(url: workspace.source.baseURL.appendingPathComponent("services/10/"))
        request.httpMethod = "PATCH"
        let options = workspace.source.options
        let credentials = Data("\(options.apiKey):\(options.subdomain)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"name": "\#(name)"}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    @Test func repeatedRunsWithNothingChangedWriteNoNewSnapshot() async throws {
        let workspace = try LiveWorkspace()
        for _ in 0..<3 {
            let plan = await workspace.run(["plan", "migrate"])
            #expect(plan.status == .success, "\(plan.standardError)")
        }
        #expect(try snapshotFiles(workspace, "old").count == 1)
        #expect(try snapshotFiles(workspace, "new").count == 1)
        let sync = await workspace.run(["sync", "migrate"])
        #expect(sync.status == .success, "\(sync.standardError)")
        #expect(try snapshotFiles(workspace, "new").count == 1, "the sync fetched the target before writing to it")
        let after = await workspace.run(["plan", "migrate"])
        #expect(after.status == .success, "\(after.standardError)")
        #expect(try snapshotFiles(workspace, "old").count == 1, "the source did not change")
        #expect(try snapshotFiles(workspace, "new").count == 2, "the target did: the sync wrote to it")
    }

    @Test func retentionKeepsTheNewestAndTheSnapshotsOfASavedPlanWhichStillApplies() async throws {
        let workspace = try LiveWorkspace()
        let configuration = try String(contentsOfFile: workspace.configPath, encoding: .utf8)
        try Data(
            configuration.replacingOccurrences(
                of: #"{"version": 1,"#, with: #"{"version": 1, "retention": {"snapshots": 2},"#
            )
            .utf8
        ).write(to: URL(fileURLWithPath: workspace.configPath))
        let planPath = workspace.directory + "/reviewed-plan.json"
        let saved = await workspace.run(["plan", "migrate", "--out", planPath])
        #expect(saved.status == .success, "\(saved.standardError)")
        let pinned = try #require(try snapshotFiles(workspace, "old").first)

        for name in ["Login 2", "Login 3", "Login 4"] {
            try await renameSourceService(workspace, to: name)
            let plan = await workspace.run(["plan", "migrate"])
            #expect(plan.status == .success, "\(plan.standardError)")
        }
        let kept = try snapshotFiles(workspace, "old")
        #expect(kept.count == 3, "the newest two and the saved plan's: \(kept)")
        #expect(kept.contains(pinned))

        // Back as it was when the plan was saved: the plan is not stale and applies.
        try await renameSourceService(workspace, to: "Login")
        let applied = await workspace.run(["apply", "migrate", "--plan", planPath, "--yes"])
        #expect(applied.status == .success, "\(applied.standardError)")
        #expect(workspace.targetEntityCount() > 0)
        #expect(try snapshotFiles(workspace, "old").contains(pinned))
        let afterApply = try snapshotFiles(workspace, "old")
        #expect(afterApply.count == 3, "\(afterApply) pinned \(pinned)")

        // Once the plan file is gone, its snapshots are pruned like any other.
        try FileManager.default.removeItem(atPath: planPath)
        try await renameSourceService(workspace, to: "Login 5")
        _ = await workspace.run(["plan", "migrate"])
        #expect(try snapshotFiles(workspace, "old").count == 2)
        #expect(!(try snapshotFiles(workspace, "old").contains(pinned)))
    }
}
